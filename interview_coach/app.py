"""Wiring: builds the real services for a data folder and starts the Qt application."""

from __future__ import annotations

import os
import sqlite3
import sys
import time
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
    from interview_coach.audio.wav_repair import WavRepair
    from interview_coach.controllers.audio_controller import AudioController
    from interview_coach.controllers.practice_controller import PracticeController
    from interview_coach.domain.audio_settings import AudioSettings
    from interview_coach.storage.library import Library


class StartupError(Exception):
    """The app cannot start with this data folder; the message says why and what to do."""


class AppContext:
    """Everything one running window needs, built in one place so tests can build it too.

    Services the first screen does not need (audio: numpy, PortAudio, the speech worker) are built
    on first use, which is right after the window's first paint.
    """

    def __init__(
        self,
        layout: DataLayout,
        database: sqlite3.Connection,
        tasks: TaskRunner,
        library: LibraryController,
        window: MainWindow,
    ) -> None:
        self.layout = layout
        self.database = database
        self.tasks = tasks
        self.library = library
        self.window = window
        self._audio: AudioController | None = None
        self._practice: PracticeController | None = None
        self._closed = False
        window.preferences_requested.connect(self.show_preferences)
        window.add_page("practice", "Practice", self._practice_page, position=1)

    @property
    def audio(self) -> AudioController:
        if self._audio is None:
            self._audio = _build_audio(self)
        return self._audio

    @property
    def practice(self) -> PracticeController:
        if self._practice is None:
            from interview_coach.controllers.practice_controller import PracticeController
            from interview_coach.storage.practice_repository import PracticeRepository
            from interview_coach.storage.settings_repository import SettingsRepository

            self._practice = PracticeController(
                self.tasks,
                PracticeRepository(self.database),
                SettingsRepository(self.database),
                self.audio,
                lambda: self.library.library,
                self.layout.root,
            )
        return self._practice

    def _practice_page(self) -> QWidget:
        from interview_coach.ui.practice.practice_page import PracticePage

        return PracticePage(self.practice, self.library)

    def start(self) -> None:
        """Shows the window; once it is painted, loads the banks and checks the audio set-up."""
        self.window.first_painted.connect(self._after_first_paint)
        self.window.show()

    def _after_first_paint(self) -> None:
        if self._closed:
            return  # closed before its first paint (tests do this)
        self.library.reload()
        self.audio.check_setup()
        self.tasks.run_serial(self._recover_recordings, self._offer_recovered)

    def _recover_recordings(self) -> list[WavRepair]:
        """Repairs cut-short takes; returns those no session knows about (a session offers its own)."""
        from interview_coach.audio.recovery import recover_recordings
        from interview_coach.storage.practice_repository import PracticeRepository

        recovered = recover_recordings(self.layout.recordings)
        known = {path for _, path in PracticeRepository(self.database).recording_paths()}
        return [r for r in recovered if r.path.relative_to(self.layout.root).as_posix() not in known]

    def _offer_recovered(self, recovered: list[WavRepair]) -> None:
        if not recovered:
            return
        seconds = sum(r.seconds for r in recovered)
        first = recovered[-1].path
        self.window.banners.show_message(
            "recovered",
            f"Recovered {len(recovered)} answer recording(s) cut short when the app last stopped "
            f"({seconds:.1f} s in all). They are kept in your data folder.",
            "info",
            action="Play",
            on_action=lambda: self._play(first),
        )

    def _play(self, path: Path) -> None:
        self.audio.play_file(path)

    def show_preferences(self) -> None:
        # Not at module level: the Qt namespace and the dialog are slow to load (see start-up notes).
        from PySide6.QtCore import Qt

        from interview_coach.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.audio, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def close(self) -> None:
        self._closed = True
        if self._practice is not None:
            self._practice.shutdown()
        # Background work first (it may be opening a device or starting the speech worker), then
        # the devices and the worker, then the database its last writes went to.
        self.tasks.shutdown()
        if self._audio is not None:
            self._audio.shutdown()
        self.database.close()


def _build_audio(context: AppContext) -> AudioController:
    from interview_coach.audio.speaker import SpeechSynthesizer
    from interview_coach.controllers.audio_controller import AudioController
    from interview_coach.storage.app_settings import read_audio_settings, write_audio_settings

    database, tasks, banners = context.database, context.tasks, context.window.banners

    def save(settings: AudioSettings) -> None:
        tasks.run_serial(lambda: write_audio_settings(database, settings))

    audio = AudioController(tasks, SpeechSynthesizer(context.layout.speech_cache), read_audio_settings(database), save)
    audio.problem.connect(lambda key, text: banners.show_message(key, text, "warning"))
    audio.problem_cleared.connect(banners.clear)
    return audio


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
    welcome.practise_requested.connect(lambda: window.show_page("practice"))

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
