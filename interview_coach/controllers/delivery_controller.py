"""Delivery analysis of answers in the background: after each take, on request, and for earlier answers.

Analyses run one at a time on a lane of their own (a one-thread `TaskRunner`), so a backlog of a
hundred answers never holds up the app's other background work; each one blocks only that thread
while the worker process (see audio/delivery_analyser.py) transcribes. Results are saved on the
database lane and announced with `Change.ANALYSES`. A failure is a message, never an exception that
stops practice, and never touches the recording.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from interview_coach.audio.delivery_analyser import DeliveryAnalyser
from interview_coach.audio.errors import AudioError
from interview_coach.controllers.changes import Change, Changes
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.analysis_settings import AnalysisSettings
from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.storage.analysis_repository import AnalysisRepository, PendingAnswer
from interview_coach.storage.app_settings import read_analysis_settings, write_analysis_settings
from interview_coach.stored_paths import stored_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Take:
    """A recorded answer to analyse."""

    answer_id: int
    path: Path
    cue_end: float = 0.0
    answer_seconds: float | None = None
    limit_seconds: float | None = None
    key: str = ""  # the path of the WAV it was recorded to, when it was followed while being recorded


FOLLOW_MS = 3000  # how often a take being recorded is transcribed up to its latest pause


class DeliveryController(QObject):
    analysing = Signal(int)  # answer id: its analysis has started
    analysed = Signal(int, object)  # answer id, DeliveryFigures (new, or loaded from the database)
    failed = Signal(int, str)  # answer id, a message for the user
    backlog_progress = Signal(int, int)  # analysed so far, of how many
    backlog_finished = Signal(int, int, bool)  # analysed, failed, cancelled
    settings_changed = Signal(object)  # AnalysisSettings

    def __init__(
        self,
        tasks: TaskRunner,
        repository: AnalysisRepository,
        data_root: Path,
        analyser_factory: Callable[[], DeliveryAnalyser],
        changes: Changes,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._repo = repository
        self._root = data_root
        self._factory = analyser_factory
        self._changes = changes
        self._analyser: DeliveryAnalyser | None = None  # the worker starts on the first analysis only
        self._analyser_lock = threading.Lock()
        self._lane = TaskRunner(self, max_threads=1)
        self._cancel = threading.Event()
        self._backlog: tuple[int, int, int] | None = None  # total, analysed, failed
        self._waiting: list[PendingAnswer] = []  # earlier answers not yet handed to the lane
        self.settings = AnalysisSettings()
        self._settings_chosen = False
        self._closed = False
        # While a take is recorded, its growing WAV is transcribed up to its latest pause every few
        # seconds, so after Stop only the last few seconds are left: the figures are ready at once.
        self._followed: Path | None = None
        self._follow_busy = False
        self.follow_steps = 0  # steps done while takes were recorded (for tests and the benchmark)
        self._follow_timer = QTimer(self)
        self._follow_timer.setInterval(FOLLOW_MS)
        self._follow_timer.timeout.connect(self._follow_step)

    # Settings

    def load_settings(self) -> None:
        self._tasks.run_serial(
            lambda: read_analysis_settings(self._repo.connection), self._settings_loaded, self._log_error
        )

    def set_settings(self, settings: AnalysisSettings) -> None:
        self._settings_chosen = True  # a load still on its way must not undo the user's choice
        self.settings = settings
        self.settings_changed.emit(settings)
        self._tasks.run_serial(
            lambda: write_analysis_settings(self._repo.connection, settings),
            self._changes.notifier(Change.SETTINGS),
            self._log_error,
        )

    def _settings_loaded(self, settings: AnalysisSettings) -> None:
        if self._settings_chosen:
            return
        self.settings = settings
        self.settings_changed.emit(settings)

    # One answer

    def follow_take(self, growing_wav: Path) -> None:
        """A take is being recorded to `growing_wav`: transcribe it as it grows, if analysis is on."""
        if self.settings.enabled and not self._closed:
            self._followed = growing_wav
            self._follow_timer.start()

    def _follow_step(self) -> None:
        path = self._followed
        if path is not None and not path.exists():  # the take was stopped (or dropped): nothing to follow
            self._stop_following()
            return
        if path is None or self._follow_busy:
            return  # the last step is still running: never queue more than one
        self._follow_busy = True
        model = self.settings.model
        self._lane.run(
            lambda: self._worker().follow(str(path), path, model=model), self._followed_once, self._follow_failed
        )

    def _followed_once(self, _until: float) -> None:
        self._follow_busy = False
        self.follow_steps += 1

    def _follow_failed(self, error: BaseException) -> None:
        # The take is analysed whole after Stop all the same; a failure there is the one reported.
        self._follow_busy = False
        log.info("following a take failed: %s", error)

    def _stop_following(self) -> None:
        self._follow_timer.stop()
        self._followed = None

    def analyse_take(self, take: Take) -> None:
        """After a take is saved: analyse it in the background, if analysis is on."""
        self._stop_following()
        if self.settings.enabled and not self._closed:
            self._start(take)

    def analyse_again(self, take: Take) -> None:
        """At the user's request, whatever the setting (it is their explicit choice)."""
        if not self._closed:
            self._start(take)

    def load(self, answer_id: int) -> None:
        """Announces the stored analysis of an answer, if there is one (`analysed`)."""

        def loaded(figures: DeliveryFigures | None) -> None:
            if figures is not None:
                self.analysed.emit(answer_id, figures)

        self._tasks.run_serial(lambda: self._repo.get(answer_id), loaded, self._log_error)

    def _start(self, take: Take) -> None:
        self.analysing.emit(take.answer_id)
        model = self.settings.model
        self._lane.run(
            lambda: self._analyse(take, model),
            lambda figures: self._save(take.answer_id, figures),
            lambda error: self._failed(take.answer_id, error),
        )

    def _analyse(self, take: Take, model: str) -> DeliveryFigures:
        return self._worker().analyse(
            take.path,
            model=model,
            cue_end=take.cue_end,
            answer_seconds=take.answer_seconds,
            limit_seconds=take.limit_seconds,
            take=take.key,
        )

    def _save(self, answer_id: int, figures: DeliveryFigures) -> None:
        def saved(_: object) -> None:
            self.analysed.emit(answer_id, figures)
            self._changes.notify(Change.ANALYSES)

        self._tasks.run_serial(lambda: self._repo.save(answer_id, figures), saved, self._log_error)

    def _failed(self, answer_id: int, error: BaseException) -> None:
        if isinstance(error, AudioError):
            message = f"The answer could not be analysed: {error}"
        else:
            log.exception("delivery analysis failed", exc_info=error)
            message = f"The answer could not be analysed ({type(error).__name__}: {error})."
        self.failed.emit(answer_id, message + " Your recording is kept; practice goes on.")

    # Earlier answers

    def count_pending(self, then: Callable[[int], None]) -> None:
        self._tasks.run_serial(self._repo.pending_count, then, self._log_error)

    def analyse_backlog(self) -> None:
        """Analyses every recorded answer that has no analysis yet, oldest first; `cancel_backlog` stops it."""
        if self._backlog is not None or self._closed:
            return
        self._cancel.clear()
        self._tasks.run_serial(self._repo.pending, self._queue_backlog, self._log_error)

    def cancel_backlog(self) -> None:
        self._cancel.set()

    @property
    def backlog_running(self) -> bool:
        return self._backlog is not None

    def _queue_backlog(self, pending: list[PendingAnswer]) -> None:
        self._backlog = (len(pending), 0, 0)
        self.backlog_progress.emit(0, len(pending))
        if not pending:
            self._end_backlog(cancelled=False)
            return
        self._waiting = list(pending)
        self._queue_next()

    def _queue_next(self) -> None:
        """One earlier answer at a time on the lane, so a take just recorded waits for one at most."""
        if not self._waiting or self._closed:
            return
        item = self._waiting.pop(0)
        self._lane.run(
            partial(self._backlog_item, item, self.settings.model),
            partial(self._backlog_done, item.answer_id),
            partial(self._backlog_error, item.answer_id),
        )

    def _backlog_item(self, item: PendingAnswer, model: str) -> DeliveryFigures | None:
        if self._cancel.is_set():
            return None
        path = stored_file(self._root, item.recording_path)
        if path is None:
            raise FileNotFoundError(f"the recording {item.recording_path} is missing")
        take = Take(item.answer_id, path, item.cue_end_seconds, item.answer_seconds, item.limit_seconds)
        return self._analyse(take, model)

    def _backlog_error(self, answer_id: int, error: BaseException) -> None:
        self._backlog_done(answer_id, None, error)

    def _backlog_done(
        self, answer_id: int, figures: DeliveryFigures | None, error: BaseException | None = None
    ) -> None:
        if self._backlog is None:
            return
        total, done, failed = self._backlog
        if figures is not None:
            done += 1
            self._save(answer_id, figures)
        elif error is not None:
            failed += 1
            log.warning("answer %s could not be analysed: %s", answer_id, error)
        self._backlog = (total, done, failed)
        self.backlog_progress.emit(done + failed, total)
        if self._cancel.is_set() or done + failed >= total:
            self._end_backlog(cancelled=self._cancel.is_set() and done + failed < total)
        else:
            self._queue_next()

    def _end_backlog(self, *, cancelled: bool) -> None:
        _, done, failed = self._backlog or (0, 0, 0)
        self._backlog = None
        self._waiting = []
        self.backlog_finished.emit(done, failed, cancelled)

    # Plumbing

    def _worker(self) -> DeliveryAnalyser:
        with self._analyser_lock:
            if self._analyser is None:
                self._analyser = self._factory()
            return self._analyser

    def _log_error(self, error: BaseException) -> None:
        log.error("delivery analysis storage failed: %s", error)

    def shutdown(self) -> None:
        """Stops the worker process first (so a running analysis ends at once), then the lane."""
        self._closed = True
        self._stop_following()
        self._cancel.set()
        analyser = self._analyser
        if analyser is not None:
            analyser.abort()
        self._lane.shutdown()
        if analyser is not None:
            analyser.close()
