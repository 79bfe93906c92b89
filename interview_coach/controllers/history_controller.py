"""Past sessions for History, Review and Progress: loads them off the GUI thread, and deletes (with
undo until the app closes), re-scores and annotates answers.

Reads and writes share the serial database lane, so a list loaded after a change always shows it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.changes import HISTORY, Change, Changes
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.history import HistoryData
from interview_coach.domain.progress import ProgressReport, build_report
from interview_coach.domain.records import (
    SELF,
    AnswerRecord,
    FollowUpRecord,
    NoteRecord,
    Scorer,
    ScoreRecord,
    ScoreSheet,
)
from interview_coach.storage.analysis_repository import AnalysisRepository
from interview_coach.storage.app_settings import keeps_recordings, set_keeps_recordings
from interview_coach.storage.deletion import DeletedRows, RecordingsRemoved, Trash, delete_recordings
from interview_coach.storage.history_repository import load_history
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.stored_paths import UnsafePathError, resolve_stored

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerDetail:
    answer: AnswerRecord
    sheets: list[ScoreSheet]  # latest per scorer, self first
    history: list[ScoreRecord]  # every round, oldest first
    notes: list[NoteRecord]
    follow_ups: list[FollowUpRecord] = field(default_factory=list)
    delivery: DeliveryFigures | None = None  # the delivery analysis, when the answer has one

    def note_by(self, author: Scorer) -> str:
        return next((n.body for n in self.notes if n.author == author), "")


@dataclass
class _Undo:
    description: str
    rows: DeletedRows


class HistoryController(QObject):
    loaded = Signal(object)  # HistoryData
    changed = Signal()  # sessions, answers or scores were written (here or elsewhere): visible views reload
    detail_ready = Signal(object)  # AnswerDetail
    deleted = Signal(str)  # what was deleted, for an undo offer
    undo_changed = Signal(bool)  # whether there is something to undo
    message = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        connection: sqlite3.Connection,
        data_root: Path,
        *,
        criterion_names: Callable[[], Mapping[str, str]] = dict,
        active_session: Callable[[], int | None] = lambda: None,
        changes: Changes | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`changes` is the app's change signal: this controller announces its writes there and reloads
        on everyone's (practice, imported scores)."""
        super().__init__(parent)
        self._hub = changes if changes is not None else Changes(self)
        self._hub.changed.connect(self._heard)
        self._tasks = tasks
        self._db = connection
        self._repo = PracticeRepository(connection)
        self._root = data_root
        self._trash = Trash(connection, data_root)
        self._names = criterion_names
        self._active_session = active_session
        self._undo: list[_Undo] = []
        self._loading = False
        self._stale = True
        self.history: HistoryData | None = None
        self.overview: ProgressReport | None = None  # the all-time progress report of `history`
        self._write_count = -1

    # Loading

    @property
    def stale(self) -> bool:
        return self._stale

    def invalidate(self) -> None:
        """New answers or scores exist; the next view that shows history loads it again."""
        self._stale = True

    def load(self) -> None:
        """Reads the history again, unless nothing has been written since the last read."""
        if self._loading:
            return
        self._loading = True
        self._stale = False
        names = dict(self._names())
        cached, cached_changes = self.history, self._write_count

        def read() -> tuple[HistoryData, int, ProgressReport | None]:
            # Every write in the app goes through this one connection, so its change counter tells
            # whether anything could differ (settings writes cause a harmless extra read).
            changes = self._db.total_changes
            if cached is not None and changes == cached_changes:
                return cached, changes, self.overview
            history = load_history(self._db, names)
            # The Progress screen's default view, made ahead so it opens at once.
            return history, changes, build_report(history, since=None, today=date.today())

        self._tasks.run_serial(read, self._on_loaded, self._failed)

    def ensure_loaded(self) -> None:
        """Shows what is cached at once, then reloads: practice may have added answers meanwhile."""
        if self.history is not None and not self._loading:
            self.loaded.emit(self.history)
        self.load()

    def _on_loaded(self, result: tuple[HistoryData, int, ProgressReport | None]) -> None:
        history, self._write_count, self.overview = result
        self._loading = False
        if history is not self.history:
            self.history = history
            self.loaded.emit(history)
        if self._stale:  # changed while loading
            self.load()

    def load_detail(self, answer_id: int) -> None:
        def read() -> AnswerDetail:
            answer = self._repo.answer(answer_id)
            if answer.recording_path:
                try:
                    resolve_stored(self._root, answer.recording_path)
                except UnsafePathError:  # never played: it leads out of the data folder
                    answer = replace(answer, recording_path=None)
            return AnswerDetail(
                answer,
                self._repo.current_scores(answer_id),
                self._repo.score_history(answer_id),
                self._repo.notes(answer_id),
                self._repo.follow_ups(answer_id),
                AnalysisRepository(self._repo.connection).get(answer_id),
            )

        self._tasks.run_serial(read, self.detail_ready.emit, self._failed)

    def load_transcripts(self, answer_ids: list[int], then: Callable[[dict[int, DeliveryFigures]], None]) -> None:
        """The delivery analyses of these answers (for the attempts shown side by side in Review)."""
        analyses = AnalysisRepository(self._repo.connection)
        self._tasks.run_serial(lambda: analyses.for_answers(answer_ids), then, self._failed)

    def search_transcripts(self, text: str, then: Callable[[str, frozenset[int]], None]) -> None:
        """Answers whose transcripts hold every word of `text` (SQLite FTS5), handed to `then` with the text."""
        if not text:
            then(text, frozenset())
            return
        analyses = AnalysisRepository(self._repo.connection)
        self._tasks.run_serial(lambda: frozenset(analyses.search(text)), lambda found: then(text, found), self._failed)

    # Changes

    def rescore(self, answer_id: int, values: dict[str, int], scorer: Scorer = SELF) -> None:
        """A new round of scores; the earlier rounds stay in the answer's history."""
        if not values:
            return
        self._change(lambda: self._repo.add_scores(answer_id, scorer, values), then_detail=answer_id)

    def save_note(self, answer_id: int, body: str, author: Scorer = SELF) -> None:
        self._change(lambda: self._repo.set_note(answer_id, author, body.strip()), then_detail=None)

    def delete_session(self, session_id: int, description: str) -> None:
        if session_id == self._active_session():
            self.message.emit("This session is still in progress: end it on the Practice screen first.")
            return
        self._delete(lambda: self._trash.delete_session(session_id), description)

    def delete_answer(self, answer_id: int, session_id: int, description: str) -> None:
        if session_id == self._active_session():
            self.message.emit("This answer belongs to the session in progress: end it first.")
            return
        self._delete(lambda: self._trash.delete_answer(answer_id), description)

    def _delete(self, work: Callable[[], DeletedRows], description: str) -> None:
        def done(rows: DeletedRows) -> None:
            self._undo.append(_Undo(description, rows))
            self.undo_changed.emit(True)
            self.deleted.emit(description)
            self._after_change()

        self._tasks.run_serial(work, done, self._failed)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo_description(self) -> str:
        return self._undo[-1].description if self._undo else ""

    def undo(self) -> None:
        if not self._undo:
            return
        entry = self._undo.pop()
        self.undo_changed.emit(bool(self._undo))

        def restored(_: Any) -> None:
            self.message.emit(f"Restored: {entry.description}.")
            self._after_change()

        def failed(error: BaseException) -> None:
            self._undo.append(entry)
            self.undo_changed.emit(True)
            self._failed(error)

        self._tasks.run_serial(lambda: self._trash.restore(entry.rows), restored, failed)

    # Recordings

    def keeps_recordings(self) -> bool:
        return keeps_recordings(self._db)

    def set_keeps_recordings(self, keep: bool) -> None:
        self._tasks.run_serial(lambda: set_keeps_recordings(self._db, keep))

    def delete_all_recordings(self, on_done: Callable[[RecordingsRemoved], None]) -> None:
        if self._active_session() is not None:
            self.message.emit("A practice session is in progress: end it before deleting recordings.")
            return

        def done(removed: RecordingsRemoved) -> None:
            on_done(removed)
            self._after_change()

        self._tasks.run_serial(lambda: delete_recordings(self._db, self._root), done, self._failed)

    def recording_usage(self, on_done: Callable[[tuple[int, int]], None]) -> None:
        """Counts recordings on disk: (files, bytes)."""

        def count() -> tuple[int, int]:
            files = [p for p in (self._root / "recordings").rglob("*") if p.is_file()]
            return len(files), sum(p.stat().st_size for p in files)

        self._tasks.run(count, on_done, self._failed)

    def shutdown(self) -> None:
        """The app is closing: deletions become final."""
        self._undo.clear()
        self._trash.empty()

    def empty_stale_trash(self) -> None:
        """After a crash the trash still holds what was deleted; nothing can undo it any more."""
        self._tasks.run_serial(self._trash.empty)

    # Helpers

    def _change(self, work: Callable[[], Any], *, then_detail: int | None) -> None:
        def done(_: Any) -> None:
            self._after_change()
            if then_detail is not None:
                self.load_detail(then_detail)

        self._tasks.run_serial(work, done, self._failed)

    def _after_change(self) -> None:
        self._hub.notify(Change.SESSIONS | Change.SCORES)

    def _heard(self, what: Change) -> None:
        if what & HISTORY:
            self._stale = True
            self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        log.error("history task failed", exc_info=error)
        self.message.emit(f"Something went wrong: {error}")
