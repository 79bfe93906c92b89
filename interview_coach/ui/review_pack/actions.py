"""Review-pack actions of the main window: send a session to a friend, import their scores, open a pack.

The work is the `ReviewPackController`'s; this object holds the dialogs and the banners. The dialogs
are attributes (`choose_save`, `choose_open`, `ask_name`) so tests answer them without a modal loop; a
reviewer window saves its scores file through this object's `choose_save` too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from interview_coach.controllers.review_pack_controller import ReviewPackController
from interview_coach.domain.review_pack import ReviewDraft, ReviewPack
from interview_coach.storage.review_pack import PACK_SUFFIX, SCORES_SUFFIX, PackExport, ScoresImport
from interview_coach.ui.banner import Severity
from interview_coach.ui.data_actions import ChooseOpen, ChooseSave, choose_open, choose_save
from interview_coach.ui.main_window import MainWindow
from interview_coach.ui.review_pack.reviewer_window import ReviewerWindow

AskName = Callable[[QWidget, str, str], "str | None"]  # parent, explanation, last name used -> name, None: cancel
BANNER = "review"

SEND_TEXT = (
    "A review pack is one file with this session's recordings and questions, what a strong answer shows "
    "and the criteria, so a friend can listen and score in their own copy of Interview Coach.\n\n"
    "Your own scores and notes are not included, so your friend's scores are independent.\n\n"
    "Your name, as your friend will see it (optional):"
)


def ask_candidate_name(parent: QWidget, text: str, remembered: str) -> str | None:
    name, accepted = QInputDialog.getText(parent, "Send for review", text, QLineEdit.EchoMode.Normal, remembered)
    return name if accepted else None


class ReviewActions(QObject):
    def __init__(
        self,
        controller: ReviewPackController,
        window: MainWindow,
        *,
        reviewer_window: Callable[[ReviewPack, ReviewDraft], ReviewerWindow],
        session_running: Callable[[int], bool],
        chosen_session: Callable[[], int | None],
        show_session: Callable[[int], None],
    ) -> None:
        """`reviewer_window` builds a friend's window for an opened pack; `session_running(id)` tells
        whether that session is still being practised; `chosen_session` is the session open or selected
        in History (None if none); `show_session` opens one in History."""
        super().__init__(window)
        self.setObjectName("reviewActions")
        self._main = window
        self._reviewer_window = reviewer_window
        self._session_running = session_running
        self._chosen_session = chosen_session
        self._show_session = show_session
        self.choose_save: ChooseSave = choose_save
        self.choose_open: ChooseOpen = choose_open
        self.ask_name: AskName = ask_candidate_name
        self.controller = controller
        controller.setParent(self)
        self.controller.exported.connect(self._exported)
        self.controller.imported.connect(self._imported)
        self.controller.opened.connect(self._opened)
        self.controller.failed.connect(self._failed)
        self.windows: dict[str, ReviewerWindow] = {}  # open reviewer windows by pack id
        window.closing.connect(self.close_windows)

    @property
    def _window(self) -> QWidget:
        return self._main

    def _tell(self, text: str, severity: Severity = "info", **action: Any) -> None:
        self._main.banners.show_message(BANNER, text, severity, **action)

    def _failed(self, what: str, message: str) -> None:
        heading = {
            "send": "The review pack was not made",
            "import": "Your friend's scores were not imported, and nothing changed",
            "open": "This review pack cannot be opened",
        }[what]
        self._tell(f"{heading}: {message}", "error")

    # Sending

    def send_for_review(self, session_id: int | None = None) -> None:
        """Exports a session's review pack: the one given, else the one open or selected in History."""
        chosen = session_id if session_id is not None else self._chosen_session()
        if chosen is None:
            self._main.show_page("history")
            self._tell("Choose a session in History first, then Send for Review.", "info")
            return
        if self._session_running(chosen):
            self._tell("This session is still in progress: finish it before sending it for review.", "warning")
            return
        self.controller.candidate_name(lambda remembered: self._ask(chosen, remembered))

    def _ask(self, session_id: int, remembered: str) -> None:
        name = self.ask_name(self._window, SEND_TEXT, remembered)
        if name is None:
            return
        suggested = str(Path.home() / f"interview-review-{date.today():%Y-%m-%d}{PACK_SUFFIX}")
        chosen = self.choose_save(
            self._window, "Save the review pack", suggested, f"Interview Coach review pack (*{PACK_SUFFIX})"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != PACK_SUFFIX:
            path = path.with_name(path.name + PACK_SUFFIX)
        self._tell("Making the review pack\N{HORIZONTAL ELLIPSIS}")
        self.controller.send(session_id, path, name.strip())

    def _exported(self, summary: PackExport) -> None:
        self._tell(
            f"Saved the review pack {summary.path} with {summary.describe()}. Send it to your friend: they open "
            "it in Interview Coach with File \N{RIGHTWARDS ARROW} Open Review Pack\N{HORIZONTAL ELLIPSIS} and send "
            "back a scores file, which you add with File \N{RIGHTWARDS ARROW} Import Friend's "
            "Scores\N{HORIZONTAL ELLIPSIS}"
        )

    # Importing

    def import_scores(self) -> None:
        chosen = self.choose_open(
            self._window, "Import a friend's scores", f"Interview Coach scores (*{SCORES_SUFFIX});;All files (*)"
        )
        if chosen:
            self.controller.import_scores(Path(chosen))

    def _imported(self, summary: ScoresImport) -> None:
        # History and Progress hear of the new scores through the app's change signal.
        self._tell(
            f"Imported {summary.describe()}. They sit beside your own scores, which are unchanged.",
            action="Show in History",
            on_action=lambda: self._show_session(summary.session_id),
        )

    # The friend's side

    def open_pack(self) -> None:
        chosen = self.choose_open(
            self._window, "Open a review pack", f"Interview Coach review pack (*{PACK_SUFFIX});;All files (*)"
        )
        if chosen:
            self._tell("Checking the review pack\N{HORIZONTAL ELLIPSIS}")
            self.controller.open_pack(Path(chosen))

    def _opened(self, pack: ReviewPack, draft: ReviewDraft) -> None:
        self._main.banners.clear(BANNER)
        existing = self.windows.get(pack.pack_id)
        if existing is not None and existing.isVisible():  # already open: its draft in memory is the newest
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return
        window = self._reviewer_window(pack, draft)
        window.choose_save = lambda *args: self.choose_save(*args)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        pack_id = pack.pack_id
        window.destroyed.connect(lambda: self.windows.pop(pack_id, None))
        self.windows[pack_id] = window
        window.show()

    def close_windows(self) -> None:
        for window in list(self.windows.values()):
            window.close()
