"""Wiring: builds the real services for a data folder and starts the Qt application."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from interview_coach import __version__
from interview_coach.controllers.library_controller import LibraryController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.storage.database import DatabaseError, open_database
from interview_coach.storage.locations import DataLayout, resources_dir
from interview_coach.ui.main_window import APP_NAME, MainWindow
from interview_coach.ui.welcome_view import WelcomeView

if TYPE_CHECKING:
    from interview_coach.storage.library import Library


class StartupError(Exception):
    """The app cannot start with this data folder; the message says why and what to do."""


@dataclass
class AppContext:
    """Everything one running window needs, built in one place so tests can build it too."""

    layout: DataLayout
    database: sqlite3.Connection
    tasks: TaskRunner
    library: LibraryController
    window: MainWindow

    def start(self) -> None:
        """Shows the window, then loads the banks: the window appears first, content follows a moment later."""
        self.window.first_painted.connect(self.library.reload)
        self.window.show()

    def close(self) -> None:
        self.tasks.shutdown()
        self.database.close()


def open_data(data_dir: Path) -> tuple[DataLayout, sqlite3.Connection]:
    layout = DataLayout(data_dir)
    try:
        layout.ensure()
    except OSError as error:
        raise StartupError(f"Cannot use the data folder {data_dir}: {error.strerror or error}.") from error
    try:
        return layout, open_database(layout.database)
    except DatabaseError as error:
        raise StartupError(str(error)) from error


def build_context(data_dir: Path) -> AppContext:
    layout, database = open_data(data_dir)
    tasks = TaskRunner()
    library = LibraryController(tasks, layout.user_banks)
    window = MainWindow(layout.root, layout.user_banks)
    welcome = WelcomeView(layout.root)
    window.add_page("welcome", "Welcome", welcome)
    window.add_page("library", "Question library", lambda: _library_view(library))
    welcome.browse_requested.connect(lambda: window.show_page("library"))

    def on_loaded(loaded: Library) -> None:
        welcome.show_library(loaded)
        window.report_problems(loaded.problems)
        window.statusBar().showMessage(f"{len(loaded.catalogue.questions())} questions ready", 5000)

    library.loaded.connect(on_loaded)
    library.failed.connect(window.report_error)
    return AppContext(layout, database, tasks, library, window)


def _library_view(library: LibraryController) -> QWidget:
    from interview_coach.ui.library_view import LibraryView

    view = LibraryView()
    if library.library is not None:
        view.show_library(library.library)
    library.loaded.connect(view.show_library)
    return view


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("interview-coach")
    icon = resources_dir() / "icons" / "interview-coach.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


REPORT_SHOWN_ENV = "INTERVIEW_COACH_REPORT_SHOWN"


def _report_when_shown(app: QApplication, window: MainWindow) -> None:
    """For the start-up benchmark: once the window has been painted, print the time and quit."""

    def report() -> None:
        print(f"window-shown {time.time():.6f}", flush=True)
        app.quit()

    window.first_painted.connect(report)


def run_gui(data_dir: Path) -> int:
    app = create_application()
    try:
        context = build_context(data_dir)
    except StartupError as error:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, str(error))
        print(f"interview-coach: {error}", file=sys.stderr)
        return 1
    if os.environ.get(REPORT_SHOWN_ENV):
        _report_when_shown(app, context.window)
    context.start()
    try:
        return app.exec()
    finally:
        context.close()
