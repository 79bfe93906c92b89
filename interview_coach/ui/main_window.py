"""The main window: a navigation list on the left, the chosen screen on the right, desktop menus on top."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from interview_coach import __version__
from interview_coach.controllers.autosave import flush_all
from interview_coach.domain.wording import count_of
from interview_coach.private_files import create_private_dirs
from interview_coach.ui.banner_area import BannerArea
from interview_coach.ui.theme import style_navigation

if TYPE_CHECKING:
    from interview_coach.domain.questions import LoadProblem

APP_NAME = "Interview Coach"


class MainWindow(QMainWindow):
    closing = Signal()
    first_painted = Signal()  # the window is on screen: time to load what it will show
    page_reselected = Signal(str)  # the screen already shown was chosen again: it goes back to its start
    preferences_requested = Signal()
    undo_requested = Signal()
    export_requested = Signal()
    backup_requested = Signal()
    restore_requested = Signal()
    send_for_review_requested = Signal()  # the session open or selected in History
    import_scores_requested = Signal()
    open_review_pack_requested = Signal()

    def __init__(self, data_dir: Path, user_banks_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.setMinimumSize(QSize(760, 520))
        self._data_dir = data_dir
        self._user_banks_dir = user_banks_dir
        self._page_keys: list[str] = []
        self._first_paint = _FirstPaintWatcher(self)
        # Assigning shortcuts loads PySide6's large Qt namespace (~25 ms); done once the window is
        # on screen, which is long before anyone can press a key.
        self._shortcuts: list[tuple[QAction, QKeySequence]] = []
        self._page_actions: list[QAction] = []
        self._shortcuts_applied = False
        self.first_painted.connect(lambda: QTimer.singleShot(0, self._apply_shortcuts))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Screens")
        self.navigation.setFixedWidth(200)
        style_navigation(self.navigation)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.banners = BannerArea()

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        content_layout.addWidget(self.banners)
        content_layout.addWidget(self.pages, 1)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(content, 1)
        self.setCentralWidget(central)
        self._built: dict[str, QWidget] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self.navigation.currentRowChanged.connect(self._open_row)
        self._presses = _PressWatcher(self.navigation)
        self.navigation.itemClicked.connect(self._item_clicked)
        self._build_menus()
        self.statusBar().showMessage("Ready")

    # Screens

    def add_page(self, key: str, title: str, page: QWidget | Callable[[], QWidget], *, position: int = -1) -> None:
        """Later screens (Practice, History, Progress, Journal) slot in here.

        `page` may be a factory: the screen is then built the first time it is opened, which keeps
        widgets the user has not asked for off the start-up path.
        """
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        if isinstance(page, QWidget):
            holder_layout.addWidget(page)
            self._built[key] = page
        else:
            self._factories[key] = page
        index = len(self._page_keys) if position < 0 else min(position, len(self._page_keys))
        self.pages.insertWidget(index, holder)
        self._page_keys.insert(index, key)
        item = QListWidgetItem(title)
        item.setSizeHint(QSize(180, 40))
        self.navigation.insertItem(index, item)
        action = QAction(title, self)
        action.triggered.connect(lambda: self.choose_page(key))
        self._page_actions.insert(index, action)
        self._view_menu.clear()
        self._view_menu.addActions(self._page_actions)
        if self._shortcuts_applied:
            self._apply_shortcuts()
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(self._page_keys.index(key))

    def choose_page(self, key: str) -> None:
        """The user chose a screen: a new one opens; the one already shown goes back to its start."""
        if self._page_keys and self.current_page() == key:
            self.page_reselected.emit(key)
        else:
            self.show_page(key)

    def _item_clicked(self, item: QListWidgetItem) -> None:
        row = self.navigation.row(item)
        if row == self._presses.row_at_press and 0 <= row < len(self._page_keys):
            self.page_reselected.emit(self._page_keys[row])

    def _apply_shortcuts(self) -> None:
        self._shortcuts_applied = True
        for action, sequence in self._shortcuts:
            action.setShortcut(sequence)
        for number, action in enumerate(self._page_actions, start=1):
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))

    def page_keys(self) -> list[str]:
        return list(self._page_keys)

    def current_page(self) -> str:
        return self._page_keys[self.pages.currentIndex()]

    def page(self, key: str) -> QWidget:
        """The screen for `key`, built now if it has not been opened yet."""
        if key not in self._built:
            widget = self._factories.pop(key)()
            holder = self.pages.widget(self._page_keys.index(key))
            layout = holder.layout() if holder is not None else None
            if layout is not None:
                layout.addWidget(widget)
            self._built[key] = widget
        return self._built[key]

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self._page_keys):
            leaving = self.pages.currentWidget()
            if leaving is not None and self.pages.indexOf(leaving) != row:
                flush_all(leaving)  # typing on the screen being left is saved now, not after its pause
            self.page(self._page_keys[row])
            self.pages.setCurrentIndex(row)

    # Messages

    def report_problems(self, problems: list[LoadProblem]) -> None:
        if not problems:
            return
        files = len({p.source for p in problems})
        self.banners.show_message(
            "content",
            f"{count_of(len(problems), 'problem')} in {count_of(files, 'question bank or rubric file')}: "
            "those entries were skipped, everything else loaded.",
            "warning",
            action="Show details",
            on_action=lambda: self._show_problem_details(problems),
        )

    def report_error(self, text: str) -> None:
        self.banners.show_message("error", text, "error")

    def _show_problem_details(self, problems: list[LoadProblem]) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, "Question bank problems", "", parent=self)
        box.setObjectName("problemsDialog")
        box.setText(
            "These entries could not be loaded. Fix the file and restart, or check it with\n"
            "interview-coach banks validate FILE"
        )
        box.setDetailedText("\n".join(str(p) for p in problems))
        box.exec()

    # Menus

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_data = QAction("Open &Data Folder", self)
        open_data.triggered.connect(lambda: _open_folder(self._data_dir))
        file_menu.addAction(open_data)
        open_banks = QAction("Open &My Question Banks Folder", self)
        open_banks.triggered.connect(lambda: _open_folder(self._user_banks_dir))
        file_menu.addAction(open_banks)
        file_menu.addSeparator()
        for entry in (
            ("&Export Sessions and Scores…", "exportAction", self.export_requested),
            ("&Back Up Everything…", "backupAction", self.backup_requested),
            ("&Restore From Backup…", "restoreAction", self.restore_requested),
            None,
            ("Send Session for Re&view…", "sendForReviewAction", self.send_for_review_requested),
            ("&Import Friend's Scores…", "importScoresAction", self.import_scores_requested),
            ("&Open Review Pack…", "openReviewPackAction", self.open_review_pack_requested),
        ):
            if entry is None:
                file_menu.addSeparator()
                continue
            text, name, signal = entry
            action = QAction(text, self)
            action.setObjectName(name)
            action.triggered.connect(signal)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        self._shortcuts.append((quit_action, QKeySequence(QKeySequence.StandardKey.Quit)))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = QAction("&Undo Delete", self)
        self.undo_action.setObjectName("undoDeleteAction")
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo_requested)
        edit_menu.addAction(self.undo_action)
        edit_menu.addSeparator()
        preferences = QAction("&Preferences…", self)
        preferences.setObjectName("preferencesAction")
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        preferences.triggered.connect(self.preferences_requested)
        self._shortcuts.append((preferences, QKeySequence("Ctrl+,")))
        edit_menu.addAction(preferences)

        self._view_menu = self.menuBar().addMenu("&View")

        help_menu = self.menuBar().addMenu("&Help")
        about = QAction(f"&About {APP_NAME}", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)
        about_qt = QAction("About &Qt", self)
        about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        about_qt.triggered.connect(self._show_about_qt)
        help_menu.addAction(about_qt)

    def _show_about_qt(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.aboutQt(self)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Practise job interviews out loud: hear the question, answer against the clock, "
            "score the answer and track your progress.</p>"
            "<p>Everything stays on this computer. Nothing is sent anywhere.</p>"
            f"<p>Your data: <code>{self._data_dir}</code></p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        # Windows of its own (the interviewer's) close with it, saving as they do; then whatever was typed
        # within the last pause anywhere in the window is handed to the database lane, which the app
        # finishes before it closes the database.
        for child in self.findChildren(QWidget):
            if child.isWindow() and child.isVisible():
                child.close()
        flush_all(self)
        super().closeEvent(event)


class _FirstPaintWatcher(QObject):
    """Emits the window's `first_painted` once, after its first paint, then stops watching."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Paint, QEvent.Type.UpdateRequest):
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._window.first_painted.emit)
        return False


class _PressWatcher(QObject):
    """Notes which screen was shown when the navigation was pressed: a click on it chose it again."""

    def __init__(self, navigation: QListWidget) -> None:
        super().__init__(navigation)
        self._navigation = navigation
        self.row_at_press = -1
        navigation.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self.row_at_press = self._navigation.currentRow()
        return False


def _open_folder(folder: Path) -> None:
    # Dialog and desktop-service classes are imported on use: each costs start-up time in PySide6.
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    create_private_dirs(folder)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
