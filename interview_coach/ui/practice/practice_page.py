"""The Practice screen: set-up, then the session, then its summary; offers to resume an interrupted one."""

from __future__ import annotations

from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from interview_coach.controllers.delivery_controller import DeliveryController
from interview_coach.controllers.library_controller import LibraryController
from interview_coach.controllers.practice_controller import PracticeController
from interview_coach.controllers.today_controller import TodayController
from interview_coach.domain.library import Library
from interview_coach.domain.practice_setup import PracticeSetup, focused_on
from interview_coach.domain.probes import Probe, red_flag_probes
from interview_coach.domain.records import UnfinishedSession
from interview_coach.domain.snapshots import QuestionSnapshot
from interview_coach.domain.today import TodayData
from interview_coach.domain.wording import count_of
from interview_coach.ui.banner_area import BannerArea
from interview_coach.ui.friend.interviewer_window import InterviewerWindow
from interview_coach.ui.practice.session_view import PracticeSessionView
from interview_coach.ui.practice.setup_view import PracticeSetupView
from interview_coach.ui.practice.summary_view import SummaryView


class PracticePage(QWidget):
    def __init__(
        self,
        controller: PracticeController,
        library: LibraryController,
        delivery: DeliveryController | None = None,
        parent: QWidget | None = None,
        *,
        today: TodayController | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practicePage")
        self.controller = controller
        self._library = library
        self._today = today
        self.interviewer: InterviewerWindow | None = None
        self.banners = BannerArea(name="practiceBanner")
        self.setup_view = PracticeSetupView()
        self.session_view = PracticeSessionView(controller, delivery)
        self.summary_view = SummaryView()
        self.stack = QStackedWidget()
        for view in (self.setup_view, self.session_view, self.summary_view):
            self.stack.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banners)
        layout.addWidget(self.stack, 1)

        self.setup_view.start_requested.connect(self.start)
        self.session_view.interviewer_requested.connect(self.open_interviewer)
        self.summary_view.new_session.connect(self.show_setup)
        self.summary_view.practise_focus.connect(lambda criterion: self.start(focused_on(criterion)))
        self.summary_view.replay_requested.connect(self._replay)
        self.summary_view.stop_requested.connect(controller.stop_playback)
        controller.playback_finished.connect(lambda _reason: self.summary_view.playback_finished())
        controller.session_started.connect(self._session_started)
        controller.summary_ready.connect(self._summary_ready)
        controller.unfinished_found.connect(self._offer_unfinished)
        controller.message.connect(self._message)
        if library.library is not None:
            self._library_loaded(library.library)
        library.loaded.connect(self._library_loaded)
        controller.look_for_unfinished()
        self.destroyed.connect(lambda: self.close_interviewer())
        if today is not None:  # the "Due today" preset follows the queue
            today.loaded.connect(self._due_loaded)
            if today.data is not None:
                self._due_loaded(today.data)

    def _replay(self, path: str) -> None:
        if not self.controller.play_recording(path):
            self.summary_view.playback_finished()  # nothing is playing: the card goes back to "Replay"

    def start(self, setup: PracticeSetup) -> None:
        self.banners.clear("practice")
        self.controller.start(setup)

    def show_setup(self) -> None:
        self.stack.setCurrentWidget(self.setup_view)
        self.controller.load_choices(lambda _setup, friends: self._show_friends(friends))
        self.controller.look_for_unfinished()

    def _library_loaded(self, library: Library) -> None:
        def show(setup: PracticeSetup, friends: list[str]) -> None:
            if shiboken6.isValid(self.setup_view):  # the page may have closed while the settings were read
                self.setup_view.show_library(library, setup)
                self._show_friends(friends)

        self.controller.load_choices(show)

    def _show_friends(self, friends: list[str]) -> None:
        if shiboken6.isValid(self.setup_view):
            self.setup_view.set_known_friends(friends)

    def _session_started(self, _session_id: int) -> None:
        for key in list(self.banners.visible_texts()):
            if key.startswith("unfinished-"):
                self.banners.clear(key)
        self.stack.setCurrentWidget(self.session_view)
        self.session_view.setFocus()
        if self.controller.friend_mode:
            self.open_interviewer()

    def open_interviewer(self) -> None:
        """The friend's window; it goes to a second screen when there is one."""
        if self.interviewer is None:
            # Parented to the main window so it closes with it; Qt.Window keeps it a window of its own.
            self.interviewer = InterviewerWindow(self.controller, self._probes, self.window())
            self.interviewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.interviewer.destroyed.connect(self._interviewer_gone)
            self.interviewer.place_beside(self.window())
        self.interviewer.raise_()
        self.interviewer.activateWindow()

    def close_interviewer(self) -> None:
        if self.interviewer is not None:
            self.interviewer.close()
            self.interviewer = None

    def _interviewer_gone(self, *_args: Any) -> None:
        self.interviewer = None

    def _probes(self, question: QuestionSnapshot) -> list[Probe]:
        library = self._library.library
        return red_flag_probes(library.catalogue.questions(), question) if library is not None else []

    def _summary_ready(self, summary: object) -> None:
        self.close_interviewer()
        self.summary_view.show_summary(summary)  # type: ignore[arg-type]
        self.stack.setCurrentWidget(self.summary_view)
        session_id = getattr(summary, "session_id", None)
        if self._today is not None and isinstance(session_id, int):
            self._today.comes_back(session_id, self._show_comes_back)

    def _show_comes_back(self, found: list[tuple[str, str]]) -> None:
        if shiboken6.isValid(self.summary_view):
            self.summary_view.show_comes_back(found)

    def _due_loaded(self, data: TodayData) -> None:
        from interview_coach.domain.review_queue import due_setup

        if shiboken6.isValid(self.setup_view):
            self.setup_view.show_due(due_setup(data.due) if data.due else None, len(data.due))

    def _offer_unfinished(self, sessions: list[UnfinishedSession]) -> None:
        for session in sessions:
            when = session.started_at.astimezone().strftime("%a %d %b, %H:%M")
            self.banners.show_message(
                f"unfinished-{session.session_id}",
                f"An unfinished session from {when}: "
                f"{session.answered} of {count_of(session.planned, 'question')} answered.",
                "info",
                action="Resume",
                on_action=partial(self.controller.resume_unfinished, session.session_id),
                secondary="Close it",
                on_secondary=partial(self._close, session.session_id),
            )

    def _close(self, session_id: int) -> None:
        self.banners.clear(f"unfinished-{session_id}")
        self.controller.close_session(session_id)

    def _message(self, text: str) -> None:
        if self.stack.currentWidget() is self.setup_view:
            self.banners.show_message("practice", text, "warning")
