"""Wiring: builds the real services for a data folder and starts the Qt application."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from interview_coach import __version__
from interview_coach.controllers.library_controller import LibraryController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.storage.database import DatabaseError, open_database
from interview_coach.storage.locations import DataLayout, resources_dir
from interview_coach.storage.library import Library
from interview_coach.ui.library_view import LibraryView
from interview_coach.ui.main_window import APP_NAME, MainWindow
from interview_coach.ui.theme import apply_theme
from interview_coach.ui.welcome_view import WelcomeView


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
    library_view = LibraryView()
    window.add_page("welcome", "Welcome", welcome)
    window.add_page("library", "Question library", library_view)
    welcome.browse_requested.connect(lambda: window.show_page("library"))

    def on_loaded(loaded: Library) -> None:
        welcome.show_library(loaded)
        library_view.show_library(loaded)
        window.report_problems(loaded.problems)
        window.statusBar().showMessage(f"{len(loaded.catalogue.questions())} questions ready", 5000)

    library.loaded.connect(on_loaded)
    library.failed.connect(window.report_error)
    library.reload()
    return AppContext(layout, database, tasks, library, window)


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
    apply_theme(app)
    return app


def run_gui(data_dir: Path) -> int:
    app = create_application()
    try:
        context = build_context(data_dir)
    except StartupError as error:
        QMessageBox.critical(None, APP_NAME, str(error))
        print(f"interview-coach: {error}", file=sys.stderr)
        return 1
    context.window.show()
    try:
        return app.exec()
    finally:
        context.close()
