"""The sheets of the answer being scored: scores, notes and follow-ups, each saved as it changes.

Solo there is one sheet. In friend mode the interviewer has a second one (with the in-person criteria),
saved under the friend's name; neither side sees the other's scores until both sheets are complete, and
only then does `comparison_ready` carry the side-by-side. Every save goes to the task runner's serial
lane, so it runs after the write that created the answer's row (`CurrentAnswer.answer_id`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.autosave import Autosave
from interview_coach.controllers.changes import Change, Changes
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.current_answer import CurrentAnswer
from interview_coach.domain.records import SELF, FollowUpRecord, FollowUpSource, Scorer
from interview_coach.storage.practice_repository import PracticeRepository


class AnswerSheets(QObject):
    scores_changed = Signal(dict)
    friend_scores_changed = Signal(dict)  # for the interviewer's window only
    sheets_progress = Signal(int, int, int, int)  # self scored, self total, friend scored, friend total
    comparison_ready = Signal(list)  # list[ComparedScore], once both sheets of an answer are complete
    follow_ups_changed = Signal(list)  # list[FollowUpRecord] asked on the current answer

    def __init__(
        self,
        tasks: TaskRunner,
        repository: PracticeRepository,
        current: Callable[[], CurrentAnswer | None],
        friend: Callable[[], Scorer | None],
        failed: Callable[[BaseException], None],
        changes: Changes,
        parent: QObject | None = None,
    ) -> None:
        """`current` is the answer being worked on; `friend` the interviewer in friend mode, else None."""
        super().__init__(parent)
        self._tasks = tasks
        self._repo = repository
        self._current = current
        self._friend = friend
        self._failed = failed
        self._saved = changes.notifier(Change.SCORES)  # after each score, note or follow-up written
        self._note_autosave = Autosave(self._save_note, parent=self)
        self._friend_note_autosave = Autosave(self._save_friend_note, parent=self)

    def show(self) -> None:
        """Scoring begins: both sheets as they stand."""
        current = self._current()
        if current is None:
            return
        self.scores_changed.emit(dict(current.scores))
        if self._friend() is not None:
            self.friend_scores_changed.emit(dict(current.friend_scores))
        self._report()

    def load_friend_sheet(self, current: CurrentAnswer, then: Callable[[], None]) -> None:
        """A resumed answer in friend mode: the interviewer's scores and the probes asked, then `then`."""
        friend = self._friend()
        answer_id = current.answer_id
        if friend is None or answer_id is None:
            then()
            return

        def load() -> tuple[dict[str, int], list[FollowUpRecord]]:
            return self._repo.current_scores_by([answer_id], friend)[answer_id], self._repo.follow_ups(answer_id)

        def loaded(result: tuple[dict[str, int], list[FollowUpRecord]]) -> None:
            current.friend_scores, current.follow_ups = dict(result[0]), list(result[1])
            self.follow_ups_changed.emit(list(current.follow_ups))
            then()

        self._tasks.run_serial(load, loaded, self._failed)

    # Scores

    def set_score(self, criterion_id: str, value: int) -> None:
        current = self._current()
        if current is None or all(c.id != criterion_id for c in current.criteria):
            return
        current.scores[criterion_id] = value
        self._save_score(current, SELF, criterion_id, value)
        self.scores_changed.emit(dict(current.scores))
        self._report()

    def set_friend_score(self, criterion_id: str, value: int) -> None:
        """The interviewer's sheet: saved under the friend's name, never shown to the candidate early."""
        current, friend = self._current(), self._friend()
        if current is None or friend is None or all(c.id != criterion_id for c in current.friend_criteria):
            return
        current.friend_scores[criterion_id] = value
        self._save_score(current, friend, criterion_id, value)
        self.friend_scores_changed.emit(dict(current.friend_scores))
        self._report()

    def _save_score(self, current: CurrentAnswer, scorer: Scorer, criterion_id: str, value: int) -> None:
        def save() -> None:
            if current.answer_id is not None:
                self._repo.add_scores(current.answer_id, scorer, {criterion_id: value})

        self._tasks.run_serial(save, self._saved, self._failed)

    def _report(self) -> None:
        """Progress on both sheets, and the side-by-side once both are complete (friend mode)."""
        current = self._current()
        if current is None or self._friend() is None:
            return
        self.sheets_progress.emit(
            sum(1 for c in current.criteria if c.id in current.scores),
            len(current.criteria),
            sum(1 for c in current.friend_criteria if c.id in current.friend_scores),
            len(current.friend_criteria),
        )
        both = current.self_complete and current.friend_complete
        self.comparison_ready.emit(current.comparison() if both else [])

    # Notes

    def set_note(self, text: str) -> None:
        current = self._current()
        if current is not None:
            current.note = text
            self._note_autosave.changed()

    def set_friend_note(self, text: str) -> None:
        current = self._current()
        if current is not None and self._friend() is not None:
            current.friend_note = text
            self._friend_note_autosave.changed()

    def flush_notes(self) -> None:
        """Saves notes typed within the autosave's pause now."""
        self._note_autosave.flush()
        self._friend_note_autosave.flush()

    def _save_note(self) -> None:
        current = self._current()
        if current is not None:
            self._save_note_of(current, SELF, current.note)

    def _save_friend_note(self) -> None:
        current, friend = self._current(), self._friend()
        if current is not None and friend is not None:
            self._save_note_of(current, friend, current.friend_note)

    def _save_note_of(self, current: CurrentAnswer, author: Scorer, text: str) -> None:
        def save() -> None:
            if current.answer_id is not None:
                self._repo.set_note(current.answer_id, author, text)

        self._tasks.run_serial(save, self._saved, self._failed)

    # Follow-ups

    def add_follow_up(self, current: CurrentAnswer, text: str, source: FollowUpSource, at: float | None) -> None:
        def save() -> FollowUpRecord | None:
            if current.answer_id is None:
                return None
            return self._repo.add_follow_up(current.answer_id, text, source, at)

        def saved(record: FollowUpRecord | None) -> None:
            if record is not None:
                current.follow_ups.append(record)
                self._saved()
                if current is self._current():
                    self.follow_ups_changed.emit(list(current.follow_ups))

        self._tasks.run_serial(save, saved, self._failed)
