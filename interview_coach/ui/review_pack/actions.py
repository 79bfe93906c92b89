"""Review-pack actions of the main window: send a session to a friend, import their scores, open a pack.

The dialogs are attributes (`choose_save`, `choose_open`, `ask_name`) so tests answer them without a
modal loop; a reviewer window saves its scores file through this object's `choose_save` too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from interview_coach.controllers.review_pack_controller import ReviewerController, ReviewPackController
from interview_coach.domain.review_pack import ReviewDraft, ReviewPack
from interview_coach.storage.review_pack import PACK_SUFFIX, SCORES_SUFFIX, PackExport, ScoresImport
from interview_coach.ui.banner import Severity
from interview_coach.ui.data_actions import ChooseOpen, ChooseSave, choose_open, choose_save
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
    def __init__(self, context: Any) -> None:
        """`context` is the app's AppContext (typed loosely: ui must not import the wiring above it)."""
        super().__init__(context.window)
        self.setObjectName("reviewActions")
        self._context = context
        self.choose_save: ChooseSave = choose_save
        self.choose_open: ChooseOpen = choose_open
        self.ask_name: AskName = ask_candidate_name
        self.controller = ReviewPackController(context.tasks, context.database, context.layout.root, self)
        self.controller.exported.connect(self._exported)
        self.controller.imported.connect(self._imported)
        self.controller.opened.connect(self._opened)
        self.controller.failed.connect(self._failed)
        self.windows: dict[str, ReviewerWindow] = {}  # open reviewer windows by pack id
        context.window.closing.connect(self.close_windows)

    @property
    def _window(self) -> QWidget:
        window: QWidget = self._context.window
        return window

    def _tell(self, text: str, severity: Severity = "info", **action: Any) -> None:
        self._context.window.banners.show_message(BANNER, text, severity, **action)

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
        chosen = session_id if session_id is not None else self._session_in_history()
        if chosen is None:
            self._context.window.show_page("history")
            self._tell("Choose a session in History first, then Send for Review.", "info")
            return
        practice = self._context._practice_controller
        if practice is not None and practice.session_id == chosen and practice.phase not in ("idle", "summary"):
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

    def _session_in_history(self) -> int | None:
        from interview_coach.ui.history.history_page import HistoryPage

        page = self._context.window.findChild(HistoryPage)
        if page is None:
            return None
        subject = page.review.subject
        if page.stack.currentWidget() is page.review and subject is not None and subject.session_id is not None:
            return int(subject.session_id)
        selected = page.list.selected()
        return selected.id if selected is not None else None

    # Importing

    def import_scores(self) -> None:
        chosen = self.choose_open(
            self._window, "Import a friend's scores", f"Interview Coach scores (*{SCORES_SUFFIX});;All files (*)"
        )
        if chosen:
            self.controller.import_scores(Path(chosen))

    def _imported(self, summary: ScoresImport) -> None:
        self._tell(
            f"Imported {summary.describe()}. They sit beside your own scores, which are unchanged.",
            action="Show in History",
            on_action=lambda: self._show_session(summary.session_id),
        )
        history = self._context._history
        if history is not None:  # History (and Progress) show the new scores at once
            history.invalidate()
            history.load()

    def _show_session(self, session_id: int) -> None:
        window, history = self._context.window, self._context.history
        window.show_page("history")
        page = window.page("history")

        def when_loaded(_: object = None) -> None:
            history.loaded.disconnect(when_loaded)
            page.open_session(session_id)

        if history.history is not None and history.history.session(session_id) is not None:
            page.open_session(session_id)
        else:
            history.loaded.connect(when_loaded)

    # The friend's side

    def open_pack(self) -> None:
        chosen = self.choose_open(
            self._window, "Open a review pack", f"Interview Coach review pack (*{PACK_SUFFIX});;All files (*)"
        )
        if chosen:
            self._tell("Checking the review pack\N{HORIZONTAL ELLIPSIS}")
            self.controller.open_pack(Path(chosen))

    def _opened(self, pack: ReviewPack, draft: ReviewDraft) -> None:
        self._context.window.banners.clear(BANNER)
        existing = self.windows.get(pack.pack_id)
        if existing is not None and existing.isVisible():  # already open: its draft in memory is the newest
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return
        reviewer = ReviewerController(self._context.tasks, self._context.database, pack, draft)
        window = ReviewerWindow(reviewer, self._context.audio, self._context.tasks)
        reviewer.setParent(window)
        window.choose_save = lambda *args: self.choose_save(*args)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        pack_id = pack.pack_id
        window.destroyed.connect(lambda: self.windows.pop(pack_id, None))
        self.windows[pack_id] = window
        window.show()

    def close_windows(self) -> None:
        for window in list(self.windows.values()):
            window.close()


def review_actions(context: Any) -> ReviewActions:
    """The window's one ReviewActions, made on first use."""
    existing = context.window.findChild(ReviewActions)
    return existing if isinstance(existing, ReviewActions) else ReviewActions(context)
