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
from interview_coach.controllers.changes import Change, Changes
from interview_coach.controllers.library_controller import LibraryController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.wording import count_of
from interview_coach.storage.database import DatabaseError, ReadConnection, open_database
from interview_coach.storage.locations import DataLayout, resources_dir
from interview_coach.ui.main_window import APP_NAME, MainWindow
from interview_coach.ui.welcome_view import WelcomeView

if TYPE_CHECKING:
    from interview_coach.audio.wav_repair import WavRepair
    from interview_coach.controllers.audio_controller import AudioController
    from interview_coach.controllers.delivery_controller import DeliveryController
    from interview_coach.controllers.history_controller import HistoryController
    from interview_coach.controllers.practice_controller import PracticeController
    from interview_coach.controllers.today_controller import TodayController
    from interview_coach.domain.audio_settings import AudioSettings
    from interview_coach.domain.library import Library
    from interview_coach.domain.practice_setup import PracticeSetup
    from interview_coach.ui.data_actions import DataActions
    from interview_coach.ui.review_pack.actions import ReviewActions


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
        *,
        returning: bool = False,
    ) -> None:
        self.layout = layout
        self.database = database
        # The screens' reads (History's list, Progress) on a connection of their own, opened on first use.
        self.reader = ReadConnection(layout.database, database)
        self.tasks = tasks
        self.library = library
        self.window = window
        # Every write is announced here; screens and controllers that show the data reload from it.
        self.changes = Changes(window)
        library.loaded.connect(lambda _: self.changes.notify(Change.LIBRARY))
        self._audio: AudioController | None = None
        self._practice_controller: PracticeController | None = None
        self._delivery: DeliveryController | None = None
        self._history: HistoryController | None = None
        self._today: TodayController | None = None
        self._data_actions: DataActions | None = None
        self._review_actions: ReviewActions | None = None
        self._closed = False
        self.pending_restore: Path | None = None  # a backup to restore once this context is closed
        window.preferences_requested.connect(self.show_preferences)
        window.undo_requested.connect(lambda: self.history.undo())
        window.export_requested.connect(lambda: self.data_actions.export_sessions())
        window.backup_requested.connect(lambda: self.data_actions.back_up())
        window.restore_requested.connect(lambda: self.data_actions.restore())
        window.send_for_review_requested.connect(lambda: self.review_actions.send_for_review())
        window.import_scores_requested.connect(lambda: self.review_actions.import_scores())
        window.open_review_pack_requested.connect(lambda: self.review_actions.open_pack())
        if returning:  # someone who has practised before starts on Today; the welcome is for the first run
            window.add_page("today", "Today", self._today_page, position=0)
        window.add_page("practice", "Practice", self._practice_page, position=1)
        window.add_page("history", "History", self._history_page, position=2)
        window.add_page("progress", "Progress", self._progress_page, position=3)
        window.add_page("journal", "Journal", self._journal_page, position=4)
        window.add_page("library", "Question library", self._library_view)

    @property
    def audio(self) -> AudioController:
        if self._audio is None:
            self._audio = _build_audio(self)
        return self._audio

    @property
    def practice_controller(self) -> PracticeController:
        if self._practice_controller is None:
            from interview_coach.controllers.practice_controller import PracticeController
            from interview_coach.storage.practice_repository import PracticeRepository
            from interview_coach.storage.settings_repository import SettingsRepository

            self._practice_controller = PracticeController(
                self.tasks,
                PracticeRepository(self.database),
                SettingsRepository(self.database),
                self.audio,
                lambda: self.library.library,
                self.layout.root,
                changes=self.changes,
            )
            self._practice_controller.take_recording.connect(self.delivery.follow_take)
            self._practice_controller.take_saved.connect(self.delivery.analyse_take)
        return self._practice_controller

    @property
    def delivery(self) -> DeliveryController:
        """Delivery analysis; its worker process starts on the first analysis, never here."""
        if self._delivery is None:
            from interview_coach.audio.delivery_analyser import DeliveryAnalyser
            from interview_coach.controllers.delivery_controller import DeliveryController
            from interview_coach.storage.analysis_repository import AnalysisRepository

            model_cache = self.layout.model_cache
            self._delivery = DeliveryController(
                self.tasks,
                AnalysisRepository(self.database),
                self.layout.root,
                lambda: DeliveryAnalyser(model_cache),
                self.changes,
                parent=self.window,
            )
            self._delivery.load_settings()
        return self._delivery

    def session_running(self, session_id: int | None = None) -> bool:
        """Whether a practice session (this one, if given) is under way, not idle or at its summary."""
        practice = self._practice_controller
        if practice is None or not practice.running:
            return False
        return session_id is None or practice.session_id == session_id

    def _practice_page(self) -> QWidget:
        from interview_coach.ui.practice.practice_page import PracticePage

        return PracticePage(self.practice_controller, self.library, self.delivery, today=self.today)

    @property
    def today(self) -> TodayController:
        if self._today is None:
            from interview_coach.controllers.today_controller import TodayController

            self._today = TodayController(
                self.tasks, self.database, lambda: self.library.library, self.changes, parent=self.window
            )
            self._today.load()
        return self._today

    def _today_page(self) -> QWidget:
        from interview_coach.ui.today.today_page import TodayPage

        page = TodayPage(self.today, lambda: self.library.library)
        page.practise.connect(self.start_practice)
        page.journal_requested.connect(lambda: self.window.show_page("journal"))
        page.resume_requested.connect(self._resume_session)
        return page

    def _resume_session(self, session_id: int) -> None:
        if self.session_running():
            self.window.show_page("practice")
            return
        self.window.page("practice")  # built first, so it shows the session when it starts
        self.window.show_page("practice")
        self.practice_controller.resume_unfinished(session_id)

    def _library_view(self) -> QWidget:
        from interview_coach.ui.library_view import LibraryView

        view = LibraryView()
        library = self.library
        if library.library is not None:
            view.show_library(library.library)
        library.loaded.connect(view.show_library)
        view.practise_requested.connect(lambda key: self.start_practice_on_questions([key]))
        today = self.today
        if today.data is not None:
            view.show_schedule(today.data.cards, today.data.today)
        today.loaded.connect(lambda data: view.show_schedule(data.cards, data.today))
        return view

    @property
    def history(self) -> HistoryController:
        if self._history is None:
            self._history = _build_history(self)
        return self._history

    @property
    def review_actions(self) -> ReviewActions:
        if self._review_actions is None:
            self._review_actions = self._build_review_actions()
        return self._review_actions

    def _build_review_actions(self) -> ReviewActions:
        from interview_coach.controllers.review_pack_controller import ReviewerController, ReviewPackController
        from interview_coach.domain.review_pack import ReviewDraft, ReviewPack
        from interview_coach.ui.history.history_page import HistoryPage
        from interview_coach.ui.review_pack.actions import ReviewActions
        from interview_coach.ui.review_pack.reviewer_window import ReviewerWindow

        def reviewer_window(pack: ReviewPack, draft: ReviewDraft) -> ReviewerWindow:
            reviewer = ReviewerController(self.tasks, self.database, pack, draft)
            window = ReviewerWindow(reviewer, self.audio, self.tasks)
            reviewer.setParent(window)
            return window

        def chosen_session() -> int | None:
            page = self.window.findChild(HistoryPage)  # None until History has been opened
            return page.chosen_session() if page is not None else None

        def show_session(session_id: int) -> None:
            self.window.show_page("history")
            page = self.window.page("history")
            if isinstance(page, HistoryPage):
                page.open_session_when_loaded(session_id)

        controller = ReviewPackController(self.tasks, self.database, self.layout.root, self.changes)
        return ReviewActions(
            controller,
            self.window,
            reviewer_window=reviewer_window,
            session_running=self.session_running,
            chosen_session=chosen_session,
            show_session=show_session,
        )

    @property
    def data_actions(self) -> DataActions:
        if self._data_actions is None:
            from interview_coach.controllers.data_controller import DataController
            from interview_coach.ui.data_actions import DataActions

            def restore_from(path: Path) -> None:
                self.pending_restore = path
                self.window.close()

            controller = DataController(self.tasks, self.database, self.layout, self.window)
            self._data_actions = DataActions(
                controller,
                self.window,
                self.window.banners,
                session_running=self.session_running,
                restore_from=restore_from,
            )
        return self._data_actions

    def bank_titles(self) -> dict[str, str]:
        library = self.library.library
        return {b.id: b.title for b in library.catalogue.banks} if library is not None else {}

    def criterion_names(self) -> dict[str, str]:
        library = self.library.library
        if library is None:
            return {}
        return {c.id: c.name for rubric in library.rubrics for c in rubric.criteria}

    def start_practice(self, setup: PracticeSetup) -> None:
        """Starts a practice session from History, Progress or the Journal ("practise this again")."""
        from interview_coach.ui.practice.practice_page import PracticePage

        if self.session_running():
            self.window.show_page("practice")
            self.window.banners.show_message("practice-busy", "Finish or end the current session first.", "info")
            return
        page = self.window.page("practice")
        self.window.show_page("practice")
        if isinstance(page, PracticePage):
            page.start(setup)

    def start_practice_on_questions(self, keys: list[str]) -> None:
        from interview_coach.domain.practice_setup import PracticeSetup

        if keys:
            self.start_practice(PracticeSetup(question_keys=tuple(keys), question_count=len(keys), order="in_order"))

    def _history_page(self) -> QWidget:
        from interview_coach.ui.history.history_page import HistoryPage

        page = HistoryPage(
            self.history,
            self.audio,
            self.tasks,
            self.layout.root,
            bank_titles=self.bank_titles,
            start_practice_on_questions=self.start_practice_on_questions,
            report=lambda session_id: self.data_actions.save_report(session_id),
            send_for_review=lambda session_id: self.review_actions.send_for_review(session_id),
            open_practice_screen=lambda: self.window.show_page("practice"),
        )

        def reselected(key: str) -> None:
            if key == "history":
                page.show_list()  # the sidebar's History, clicked in Review or All attempts

        self.window.page_reselected.connect(reselected)
        return page

    def _journal_page(self) -> QWidget:
        from interview_coach.controllers.journal_controller import JournalController
        from interview_coach.ui.journal.journal_page import JournalPage

        controller = JournalController(
            self.tasks,
            self.database,
            lambda: self.library.library,
            self.history,
            changes=self.changes,
            parent=self.window,
        )
        return JournalPage(controller, self.library, start_practice=self.start_practice)

    def _progress_page(self) -> QWidget:
        from interview_coach.ui.progress.progress_page import ProgressPage

        return ProgressPage(
            self.history,
            self.tasks,
            start_practice=self.start_practice,
            start_practice_on_questions=self.start_practice_on_questions,
        )

    def start(self) -> None:
        """Shows the window; once it is painted, loads the banks and checks the audio set-up."""
        self.window.first_painted.connect(self._after_first_paint)
        self.window.show()

    def _after_first_paint(self) -> None:
        if self._closed:
            return  # closed before its first paint (tests do this)
        # The platform's style with control edges that meet WCAG AA. Set after the first paint: a style
        # written in Python costs every widget's first paint (~35 ms at start-up); the welcome has no
        # check boxes or radio buttons to redraw.
        from interview_coach.ui.contrast_style import ContrastStyle

        app = QApplication.instance()
        if isinstance(app, QApplication) and not isinstance(app.style(), ContrastStyle):
            app.setStyle(ContrastStyle())
        self.library.reload()
        self.audio.check_setup()
        self.tasks.run_serial(self._recover_recordings, self._offer_recovered, background=True)
        self.history.empty_stale_trash()

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
            f"Recovered {count_of(len(recovered), 'answer recording')} cut short when the app last stopped "
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

        dialog = SettingsDialog(
            self.audio, self.window, history=self.history, library=self.library, delivery=self.delivery
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def close(self) -> None:
        self._closed = True
        if self._practice_controller is not None:
            self._practice_controller.shutdown()
        if self._history is not None:
            self._history.shutdown()  # deletions become final: the undo is only promised until now
        if self._delivery is not None:
            self._delivery.shutdown()  # stops the analysis worker; a take being analysed stays as it is
        # Background work first (it may be opening a device or starting the speech worker), then
        # the devices and the worker, then the database its last writes went to.
        self.tasks.shutdown()
        self.reader.close()
        if self._audio is not None:
            self._audio.shutdown()
        self.database.close()


def _build_history(context: AppContext) -> HistoryController:
    from interview_coach.controllers.history_controller import HistoryController

    def active_session() -> int | None:
        practice = context._practice_controller
        return practice.session_id if practice is not None and context.session_running() else None

    history = HistoryController(
        context.tasks,
        context.database,
        context.layout.root,
        criterion_names=context.criterion_names,
        active_session=active_session,
        changes=context.changes,
        reader=context.reader.get,
        parent=context.window,
    )
    banners, window = context.window.banners, context.window

    def offer_undo(description: str) -> None:
        banners.show_message("undo", f"Deleted {description}.", "info", action="Undo", on_action=history.undo)

    def undo_changed(available: bool) -> None:
        window.undo_action.setEnabled(available)
        window.undo_action.setText(f"&Undo Delete of {history.undo_description()}" if available else "&Undo Delete")
        if not available:
            banners.clear("undo")

    history.deleted.connect(offer_undo)
    history.undo_changed.connect(undo_changed)
    history.message.connect(lambda text: banners.show_message("history", text, "info"))
    return history


def _build_audio(context: AppContext) -> AudioController:
    from interview_coach.audio.speaker import SpeechSynthesizer
    from interview_coach.controllers.audio_controller import AudioController
    from interview_coach.storage.app_settings import read_audio_settings, write_audio_settings

    database, tasks, banners = context.database, context.tasks, context.window.banners

    def save(settings: AudioSettings) -> None:
        tasks.run_serial(lambda: write_audio_settings(database, settings))

    audio = AudioController(tasks, SpeechSynthesizer(context.layout.speech_cache), read_audio_settings(database), save)

    def show_problem(key: str, text: str) -> None:
        # Speech can be tried again at once (a passing failure, or espeak-ng installed meanwhile).
        retry = {"action": "Retry", "on_action": audio.retry_speech} if key == "speech" else {}
        banners.show_message(key, text, "warning", **retry)  # type: ignore[arg-type]

    audio.problem.connect(show_problem)
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


def default_region() -> str:
    """The questions' English until the user chooses: US wording for a US-style system locale."""
    from PySide6.QtCore import QLocale

    from interview_coach.domain.region_wording import region_for_locale

    return region_for_locale(QLocale.system().name())


def _library_controller(tasks: TaskRunner, layout: DataLayout, database: sqlite3.Connection) -> LibraryController:
    """The questions in the English the user chose (a settings row read when the banks first load, after
    the first paint), else the locale's."""

    def read_region() -> str:
        from interview_coach.storage.app_settings import wording_region

        return wording_region(database) or default_region()

    def save_region(region: str) -> None:
        from interview_coach.storage.app_settings import set_wording_region

        tasks.run_serial(lambda: set_wording_region(database, region))

    return LibraryController(tasks, layout.user_banks, read_region=read_region, save_region=save_region)


def build_context(data_dir: Path) -> AppContext:
    layout, database = open_data(data_dir)
    tasks = TaskRunner()
    library = _library_controller(tasks, layout, database)
    window = MainWindow(layout.root, layout.user_banks)
    # A microsecond's query: whoever has a session is a returning user and starts on Today.
    returning = bool(database.execute("SELECT EXISTS (SELECT 1 FROM sessions)").fetchone()[0])
    welcome = None if returning else WelcomeView(layout.root)
    if welcome is not None:
        window.add_page("welcome", "Welcome", welcome)
        welcome.browse_requested.connect(lambda: window.show_page("library"))
        welcome.practise_requested.connect(lambda: window.show_page("practice"))

    def on_loaded(loaded: Library) -> None:
        if welcome is not None:
            welcome.show_library(loaded)
        window.report_problems(loaded.problems)
        window.statusBar().showMessage(f"{len(loaded.catalogue.questions())} questions ready", 5000)

    library.loaded.connect(on_loaded)
    library.failed.connect(window.report_error)
    return AppContext(layout, database, tasks, library, window, returning=returning)


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
    notice: tuple[str, str] | None = None
    while True:
        try:
            context = build_context(data_dir)
        except StartupError as error:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, APP_NAME, str(error))
            print(f"interview-coach: {error}", file=sys.stderr)
            return 1
        if os.environ.get(REPORT_SHOWN_ENV):
            _report_when_shown(app, context.window)
        if notice is not None:
            context.window.banners.show_message("restore", notice[0], notice[1])  # type: ignore[arg-type]
        context.start()
        try:
            code = app.exec()
        finally:
            context.close()
        if context.pending_restore is None:
            return code
        # Restore asked for: the database is closed now, so the folder can be swapped, then reopened.
        notice = apply_restore(context.layout, context.pending_restore)


def apply_restore(layout: DataLayout, archive: Path) -> tuple[str, str]:
    """Restores a backup the user has confirmed; returns a message and its severity for the new window."""
    from interview_coach.storage.backup import BackupError, restore_backup

    try:
        summary = restore_backup(archive, layout, replace=True)
    except BackupError as error:
        return f"The backup could not be restored, and your data is unchanged: {error}", "error"
    return f"Restored {archive.name}: {summary}.", "info"
