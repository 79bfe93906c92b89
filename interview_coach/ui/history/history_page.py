"""The History screen: the session list, and Review of a session or of every attempt at a question."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from interview_coach.controllers.audio_controller import AudioController
from interview_coach.controllers.history_controller import AnswerDetail, HistoryController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.history import HistoryData, attempts_at
from interview_coach.domain.records import Scorer
from interview_coach.ui.history.player_bar import PlayerBar
from interview_coach.ui.history.review_view import ReviewSubject, ReviewView, attempts_subject, session_subject
from interview_coach.ui.history.session_list import SessionList, describe_session

Confirm = Callable[[QWidget, str, str], bool]


def ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    )
    return answer == QMessageBox.StandardButton.Yes


class HistoryPage(QWidget):
    def __init__(
        self,
        controller: HistoryController,
        audio: AudioController,
        tasks: TaskRunner,
        data_root: Path,
        *,
        bank_titles: Callable[[], Mapping[str, str]],
        start_practice_on_questions: Callable[[list[str]], None],
        report: Callable[[int], None],
        open_practice_screen: Callable[[], None],
        send_for_review: Callable[[int], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyPage")
        self.controller = controller
        self.confirm: Confirm = ask  # tests answer for the user
        self._root = data_root
        self._bank_titles = bank_titles
        self._start_practice_on_questions = start_practice_on_questions
        self._recording: Path | None = None
        self.list = SessionList()
        self.player = PlayerBar(audio, tasks)
        self.review = ReviewView(self.player)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.review)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.list.open_requested.connect(self.open_session)
        self.list.delete_requested.connect(self.delete_session)
        self.list.report_requested.connect(report)
        self.list.practise_requested.connect(self._practise_session)
        self.list.start_practice.connect(open_practice_screen)
        self.list.transcript_search_requested.connect(
            lambda text: controller.search_transcripts(text, self.list.show_spoken_matches)
        )
        self.review.back_requested.connect(self.show_list)
        self.review.answer_chosen.connect(controller.load_detail)
        self.review.practise_requested.connect(start_practice_on_questions)
        self.review.report_requested.connect(report)
        self.review.can_send_for_review = send_for_review is not None
        if send_for_review is not None:
            self.review.send_for_review_requested.connect(send_for_review)
        self.review.delete_session_requested.connect(self.delete_session)
        panel = self.review.panel
        panel.rescore_requested.connect(controller.rescore)
        panel.friend_rescore_requested.connect(
            lambda answer_id, name, values: controller.rescore(answer_id, values, Scorer("friend", name))
        )
        panel.note_changed.connect(controller.save_note)
        panel.transcripts_wanted.connect(lambda ids: controller.load_transcripts(ids, panel.show_transcripts))
        panel.attempts_requested.connect(self.open_attempts)
        panel.practise_requested.connect(lambda key: start_practice_on_questions([key]))
        panel.delete_requested.connect(self.delete_answer)
        controller.loaded.connect(self._loaded)
        controller.detail_ready.connect(self._detail_ready)
        controller.changed.connect(self._changed)

    # Showing

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.controller.ensure_loaded()

    def hideEvent(self, event: object) -> None:
        self.review.panel.flush_note()
        self.player.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    @property
    def history(self) -> HistoryData | None:
        return self.controller.history

    def _loaded(self, history: HistoryData) -> None:
        titles = self._bank_titles()
        self.list.show_history(history, titles)
        subject = self.review.subject
        if subject is None or self.stack.currentWidget() is not self.review:
            return
        refreshed = self._subject_again(history, subject)
        if refreshed is None:
            self.show_list()
            return
        current = self.review.answers.currentItem()
        selected = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.review.show_subject(refreshed, titles, select=selected)
        self.review.set_criterion_names(dict(history.criterion_names))

    def _subject_again(self, history: HistoryData, subject: ReviewSubject) -> ReviewSubject | None:
        if subject.session_id is not None:
            session = history.session(subject.session_id)
            return session_subject(session, self._bank_titles()) if session is not None else None
        attempts = attempts_at(history, subject.question_key)
        return attempts_subject(attempts) if attempts else None

    def show_list(self) -> None:
        self.review.panel.flush_note()
        self.player.stop()
        self.stack.setCurrentWidget(self.list)
        self.list.table.setFocus()

    def open_session(self, session_id: int) -> None:
        history = self.history
        session = history.session(session_id) if history is not None else None
        if session is None:
            return
        self._recording = None
        self.review.show_subject(session_subject(session, self._bank_titles()), self._bank_titles())
        self.stack.setCurrentWidget(self.review)
        self.review.answers.setFocus()

    def chosen_session(self) -> int | None:
        """The session open in Review, else the one selected in the list (for File menu actions)."""
        subject = self.review.subject
        if self.stack.currentWidget() is self.review and subject is not None and subject.session_id is not None:
            return int(subject.session_id)
        selected = self.list.selected()
        return selected.id if selected is not None else None

    def open_session_when_loaded(self, session_id: int) -> None:
        """Opens a session in Review now, or once a history that holds it has loaded (it may be new)."""
        history = self.history
        if history is not None and history.session(session_id) is not None:
            self.open_session(session_id)
            return

        def loaded(_: object = None) -> None:
            self.controller.loaded.disconnect(loaded)
            self.open_session(session_id)

        self.controller.loaded.connect(loaded)
        self.controller.load()

    def open_attempts(self, question_key: str) -> None:
        history = self.history
        attempts = attempts_at(history, question_key) if history is not None else []
        if not attempts:
            return
        self._recording = None
        self.review.show_subject(attempts_subject(attempts), self._bank_titles())
        self.review.set_criterion_names(dict(history.criterion_names) if history else {})
        self.stack.setCurrentWidget(self.review)

    def _detail_ready(self, detail: AnswerDetail) -> None:
        self.review.show_detail(detail)
        if self.review.panel.detail is not detail:
            return
        path = self._root / detail.answer.recording_path if detail.answer.recording_path else None
        if path != self._recording or path is None:
            self._recording = path
            self.player.load(path, start_at=detail.answer.timings.replay_from)

    def _changed(self) -> None:
        if self.isVisible():
            self.controller.load()

    # Actions

    def _practise_session(self, session_id: int) -> None:
        history = self.history
        session = history.session(session_id) if history is not None else None
        if session is not None:
            self._start_practice_on_questions(
                list(dict.fromkeys(a.question_key for a in session.answers if a.answered))
            )

    def delete_session(self, session_id: int) -> None:
        history = self.history
        session = history.session(session_id) if history is not None else None
        if session is None:
            return
        description = describe_session(session)
        recordings = sum(1 for a in session.answers if a.recording_path)
        text = (
            f"Delete {description}?\n\nIts answers, scores, notes and {recordings} recording(s) are removed. "
            "You can undo this until you close Interview Coach."
        )
        if self.confirm(self, "Delete session", text):
            self.player.stop()
            if self.stack.currentWidget() is self.review:
                self.show_list()
            self.controller.delete_session(session_id, description)

    def delete_answer(self, answer_id: int) -> None:
        history = self.history
        answer = next((a for a in history.answers() if a.answer_id == answer_id), None) if history else None
        if answer is None:
            return
        when = answer.created_at.astimezone().strftime("%d %b %Y")
        description = f"the answer of {when} to \u201c{answer.question_text[:60]}\u201d"
        text = (
            f"Delete {description}?\n\nIts recording, scores and notes are removed. "
            "You can undo this until you close Interview Coach."
        )
        if self.confirm(self, "Delete answer", text):
            self.player.stop()
            self._recording = None
            self.controller.delete_answer(answer_id, answer.session_id, description)
