"""The History screen: the session list, and Review of a session or of every attempt at a question."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QStackedWidget, QVBoxLayout, QWidget

from interview_coach.controllers.audio_controller import AudioController
from interview_coach.controllers.history_controller import AnswerDetail, HistoryController, SessionListPage
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.history import AnswerFact, HistoryFilter, SessionFact
from interview_coach.domain.records import Scorer
from interview_coach.domain.wording import count_of
from interview_coach.ui.dialogs import Confirm, ask
from interview_coach.ui.history.player_bar import PlayerBar
from interview_coach.ui.history.review_view import ReviewView, attempts_subject, session_subject
from interview_coach.ui.history.session_list import SessionList, describe_session


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
        # The session (and its answer) that "All attempts" was opened from: "Back" returns there.
        self._from_session: tuple[int, int | None] | None = None
        self._wanted_session: int | None = None  # asked for, to show in Review
        self._wanted_select: int | None = None  # the answer to show first in it
        self._practise_when_loaded: int | None = None  # asked for, to practise its questions again
        self._wanted_attempts = ""
        # The list as it first opens (no filter) is asked for before the page is built, so it is read
        # meanwhile (showing the page asks again; the controller does not read it twice).
        controller.list_sessions(HistoryFilter(), bank_titles())
        self.list = SessionList()
        self.player = PlayerBar(audio, tasks)
        self.review = ReviewView(self.player)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.review)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.list.query_changed.connect(self.refresh)
        self.list.model.more_wanted.connect(self._more_wanted)
        self.list.open_requested.connect(self.open_session)
        self.list.delete_requested.connect(self.delete_session)
        self.list.report_requested.connect(report)
        self.list.practise_requested.connect(self._practise_session)
        self.list.start_practice.connect(open_practice_screen)
        self.review.back_requested.connect(self.go_back)
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
        controller.list_page.connect(self._page_loaded)
        controller.session_loaded.connect(self._session_loaded)
        controller.attempts_loaded.connect(self._attempts_loaded)
        controller.detail_ready.connect(self._detail_ready)
        controller.changed.connect(self._changed)

    # Showing

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()

    def hideEvent(self, event: object) -> None:
        self.review.panel.flush_note()
        self.player.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Asks for the first page of the list as filtered (shown at once from memory when nothing changed)."""
        self.controller.list_sessions(self.list.current_filter(), self._bank_titles())

    def _page_loaded(self, page: SessionListPage) -> None:
        self.list.show_page(page, self._bank_titles())

    def _more_wanted(self) -> None:
        if self.list.page is not None:
            self.controller.more_sessions(self.list.page, list(self.list.model.sessions))

    def _reload_review(self) -> None:
        """After a change: the session or the attempts in Review are read again."""
        subject = self.review.subject
        if subject is None or self.stack.currentWidget() is not self.review:
            return
        if subject.session_id is not None:
            self._wanted_session = subject.session_id
            self.controller.load_session(subject.session_id)
        else:
            self._wanted_attempts = subject.question_key
            self.controller.load_attempts(subject.question_key)

    def _session_loaded(self, session_id: int, session: SessionFact | None) -> None:
        if session_id == self._practise_when_loaded:
            self._practise_when_loaded = None
            if session is not None:
                keys = list(dict.fromkeys(a.question_key for a in session.answers if a.answered))
                self._start_practice_on_questions(keys)
        if session_id != self._wanted_session:
            return
        self._wanted_session = None
        if session is None:  # deleted meanwhile
            if self.stack.currentWidget() is self.review:
                self.show_list()
            return
        titles = self._bank_titles()
        subject = self.review.subject
        if self.stack.currentWidget() is self.review and subject is not None and subject.session_id == session_id:
            self.review.show_subject(session_subject(session, titles), titles, select=self._selected_answer())
            return
        self._recording = None
        select, self._wanted_select = self._wanted_select, None
        self.review.show_subject(session_subject(session, titles), titles, select=select)
        self.stack.setCurrentWidget(self.review)
        current = self.review.answers.currentItem()
        if current is not None:
            self.review.answers.scrollToItem(current, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.review.answers.setFocus()

    def _attempts_loaded(self, question_key: str, attempts: list[AnswerFact]) -> None:
        if question_key != self._wanted_attempts:
            return
        self._wanted_attempts = ""
        subject = self.review.subject
        reloading = (
            self.stack.currentWidget() is self.review and subject is not None and subject.question_key == question_key
        )
        if not attempts:
            if reloading:
                self.show_list()
            return
        selected = self._selected_answer() if reloading else None
        if not reloading:
            self._recording = None
        self.review.show_subject(attempts_subject(attempts), self._bank_titles(), select=selected)
        self.review.set_back_to_session(self._from_session is not None)
        self.review.set_criterion_names(self.controller.criterion_names())
        self.stack.setCurrentWidget(self.review)

    def _selected_answer(self) -> int | None:
        current = self.review.answers.currentItem()
        return int(current.data(Qt.ItemDataRole.UserRole)) if current is not None else None

    def go_back(self) -> None:
        """From attempts opened in a session, back to that session at the same answer; else to the list."""
        came_from = self._from_session
        subject = self.review.subject
        if came_from is not None and subject is not None and subject.session_id is None:
            self.open_session(came_from[0], select=came_from[1])
        else:
            self.show_list()

    def show_list(self) -> None:
        """The list of sessions (the sidebar's History, clicked again, comes here too), with the session
        just reviewed selected and in view."""
        self.review.panel.flush_note()
        self.player.stop()
        subject = self.review.subject
        reviewing = subject.session_id if subject is not None and self.stack.currentWidget() is self.review else None
        if self._from_session is not None:
            reviewing = self._from_session[0]
        self._leave_attempts()
        self.stack.setCurrentWidget(self.list)
        if reviewing is not None:
            self.list.select_session(reviewing, reveal=True)
        self.list.table.setFocus()

    def open_session(self, session_id: int, *, select: int | None = None) -> None:
        """Reads the session in full and shows it in Review, at the answer `select` if given (else its first)."""
        self._leave_attempts()
        self._wanted_session = session_id
        self._wanted_select = select
        self.controller.load_session(session_id)

    def _leave_attempts(self) -> None:
        self._from_session = None
        self.review.set_back_to_session(False)

    def chosen_session(self) -> int | None:
        """The session open in Review, else the one selected in the list (for File menu actions)."""
        subject = self.review.subject
        if self.stack.currentWidget() is self.review and subject is not None and subject.session_id is not None:
            return int(subject.session_id)
        selected = self.list.selected()
        return selected.id if selected is not None else None

    def open_session_when_loaded(self, session_id: int) -> None:
        """Opens a session in Review (it may be new: it is read from the database)."""
        self.open_session(session_id)

    def open_attempts(self, question_key: str) -> None:
        subject = self.review.subject
        if self.stack.currentWidget() is self.review and subject is not None and subject.session_id is not None:
            self._from_session = (subject.session_id, self.review.chosen_answer())
        elif self.stack.currentWidget() is not self.review:
            self._from_session = None
        self._wanted_attempts = question_key
        self.controller.load_attempts(question_key)

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
            self.refresh()
            self._reload_review()

    # Actions

    def _practise_session(self, session_id: int) -> None:
        self._practise_when_loaded = session_id
        self.controller.load_session(session_id)

    def _known_session(self, session_id: int) -> SessionFact | None:
        """The session as Review shows it in full, or as the list summarises it."""
        subject = self.review.subject
        if subject is not None and subject.session is not None and subject.session.id == session_id:
            return subject.session
        return self.list.session(session_id)

    def delete_session(self, session_id: int) -> None:
        session = self._known_session(session_id)
        if session is None:
            return
        description = describe_session(session)
        recordings = session.recording_count
        text = (
            f"Delete {description}?\n\nIts answers, scores, notes and {count_of(recordings, 'recording')} are removed. "
            "You can undo this until you close Interview Coach."
        )
        if self.confirm(self, "Delete session", text):
            self.player.stop()
            if self.stack.currentWidget() is self.review:
                self.show_list()
            self.controller.delete_session(session_id, description)

    def delete_answer(self, answer_id: int) -> None:
        subject = self.review.subject
        answer = next((a for a in subject.answers if a.answer_id == answer_id), None) if subject else None
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
