"""One question of a practice session, from asking it to the saved take.

Reads the question aloud, runs the `AnswerClock` (its events become signals; a QTimer ticks it), records
the answer (armed before the "speak now" cue, so no first word is lost), closes the take and saves the
answer's row; `answer_saved` then hands over to `PracticeController`, which scores it and moves on.
The take's writes go through the task runner's serial lane after the write that created the row.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.answer_clock import (
    BEFORE_ANSWER,
    AnswerClock,
    AnswerElapsed,
    ClockEvent,
    GraceOver,
    LimitWarning,
    PauseChanged,
    Phase,
    PhaseChanged,
    SilenceChanged,
    ThinkRemaining,
    ThinkTimeOver,
    TimeUp,
)
from interview_coach.domain.current_answer import CurrentAnswer
from interview_coach.domain.records import AnswerRecord
from interview_coach.storage.practice_repository import PracticeRepository

if TYPE_CHECKING:
    from interview_coach.audio.recorder import RecordingResult
    from interview_coach.controllers.audio_controller import AudioController

log = logging.getLogger(__name__)

TICK_MS = 100


class AnswerFlow(QObject):
    phase_changed = Signal(object)  # Phase
    think_remaining = Signal(float)
    answer_elapsed = Signal(float, float)  # elapsed, limit
    limit_warning = Signal(float)  # seconds left
    time_up = Signal(float)  # seconds of grace left
    silence_warning = Signal(bool)
    level = Signal(float)  # microphone peak, for the meter
    paused_changed = Signal(bool)
    answer_saved = Signal(object)  # the take's Path (None: timed only, or lost): the answer's row is saved
    take_armed = Signal(object)  # Path of the WAV the take is being written to, as it is recorded
    message = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        repository: PracticeRepository,
        audio: AudioController,
        data_root: Path,
        clock: Callable[[], float],
        failed: Callable[[BaseException], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._repo = repository
        self._audio = audio
        self._root = data_root
        self._failed = failed
        self._clock = AnswerClock(clock)
        self.current: CurrentAnswer | None = None
        self._session_id = 0
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        audio.speech_finished.connect(self._on_speech_finished)
        audio.recording_armed.connect(self._on_armed)
        audio.recording_unavailable.connect(self._on_recording_unavailable)
        audio.recording_finished.connect(self._on_recording_finished)
        audio.level.connect(self._on_level)

    @property
    def phase(self) -> Phase:
        return self._clock.phase

    @property
    def paused(self) -> bool:
        return self._clock.paused

    @property
    def answer_running(self) -> bool:
        return self._clock.answer_running

    # Asking

    def take_up(self, current: CurrentAnswer, session_id: int) -> None:
        """The answer to work on now: a new question, a new attempt, or a resumed answer to score."""
        self.current = current
        self._session_id = session_id
        self._clock.present(current.think_limit, current.answer_limit)

    def ask(self, *, read_aloud: bool) -> None:
        """Reads the question aloud when asked to and speech works; otherwise the think time starts now."""
        assert self.current is not None
        if read_aloud and self._audio.speech_available:
            self._emit(self._clock.ask())
            self._audio.speak(self.current.question.text)
        else:
            self._start_thinking()

    def repeat(self) -> None:
        if self.phase in BEFORE_ANSWER and self.current is not None:
            self._emit(self._clock.ask())
            self._audio.speak(self.current.question.text)

    def halt(self) -> None:
        """Stops the reading and the clock: the question is skipped, or the session ends."""
        self._audio.stop_speech()
        self._ticker.stop()

    def _on_speech_finished(self, _reason: str) -> None:
        if self.phase is Phase.ASKING and not self.paused:
            self._start_thinking()

    def _start_thinking(self) -> None:
        self._ticker.start()
        self._emit(self._clock.start_thinking())

    # Answering

    def start_answer(self) -> None:
        """Space while asking or thinking: recording starts, then the cue plays (pre-roll)."""
        current = self.current
        was_asking = self.phase is Phase.ASKING
        events = self._clock.start_answer() if current is not None else []
        if current is None or not events:
            return
        if was_asking:
            self._audio.stop_speech()
        current.think_used = self._clock.think_used
        self._emit(events)
        relative = Path("recordings") / str(self._session_id) / f"{current.position:02d}-{uuid.uuid4().hex[:8]}.wav"
        current.recording_path = relative.as_posix()
        self._audio.record_after_cue(self._root / relative)

    def _on_armed(self, armed_at: float) -> None:
        if self.phase is not Phase.STARTING or self.current is None:
            return
        current = self.current
        current.recorded = True
        path = current.recording_path

        def mark_recording() -> None:
            # Before the first block reaches the disk: a crash from here on leaves a take the row knows.
            if current.answer_id is not None:
                self._repo.update_answer(current.answer_id, status="recording", recording_path=path)

        self._tasks.run_serial(mark_recording, None, self._failed)
        self._emit(self._clock.armed(armed_at, recording=True))
        self._ticker.start()
        if path is not None:
            self.take_armed.emit(self._root / path)

    def _on_recording_unavailable(self) -> None:
        if self.phase is Phase.STARTING and self.current is not None:
            self.current.recording_path = None
            self._emit(self._clock.armed(None, recording=False))
            self._ticker.start()
            self.message.emit("No microphone: the answer is timed but not recorded.")

    def keep_going(self) -> None:
        if self.current is not None:
            self._emit(self._clock.keep_going())

    def follow_up_asked(self) -> float | None:
        """Where a probe falls in the take (see `AnswerClock.follow_up_asked`); the limit gives way."""
        at, events = self._clock.follow_up_asked()
        self._emit(events)
        return at

    def stop_answer(self) -> None:
        current = self.current
        if current is None or not self._clock.answer_running:
            return
        current.answer_seconds = self._clock.answer_elapsed()
        self._ticker.stop()
        self._emit(self._clock.stop())
        if current.recorded:
            assert current.recording_path is not None
            self._audio.stop_recording((self._root / current.recording_path).with_suffix(".flac"))
        else:
            self._save_answer(None)

    def _on_recording_finished(self, result: RecordingResult) -> None:
        if self.phase is not Phase.FINISHING or self.current is None:
            return
        if result.fault is not None:
            self.message.emit(str(result.fault))
        if result.path is not None:
            self.current.answer_seconds = result.seconds
            self.current.cue_end = round(result.cue_end_seconds, 3)
        self._save_answer(result.path)

    def _save_answer(self, path: Path | None) -> None:
        current = self.current
        assert current is not None
        current.recording_path = path.relative_to(self._root).as_posix() if path is not None else None

        def save() -> AnswerRecord | None:
            if current.answer_id is None:
                return None
            return self._repo.update_answer(
                current.answer_id,
                status="recorded",
                recording_path=current.recording_path,
                timings=current.timings(),
            )

        def measured(onset: float | None) -> None:
            current.speech_onset = onset
            self._tasks.run_serial(save, lambda _record: self.answer_saved.emit(path), self._failed)

        # Reading the take back is file work: off the database lane, so score clicks never wait on it.
        cue_end = current.cue_end or 0.0
        self._tasks.run(lambda: _speech_onset(path, cue_end) if path is not None else None, measured, self._failed)

    # Scoring and the end

    def score(self) -> None:
        self._emit(self._clock.score())

    def end(self) -> None:
        """The session is over: no answer is being worked on."""
        self.current = None
        self._emit(self._clock.summary())

    # Pause

    def toggle_pause(self) -> None:
        self.resume() if self.paused else self.pause()

    def pause(self) -> None:
        phase = self.phase
        events = self._clock.pause()
        if not events:
            return
        if phase is Phase.ASKING:
            self._audio.stop_speech()
        if self._clock.answer_running:
            self._audio.pause_recording()
        self._emit(events)

    def resume(self) -> None:
        events = self._clock.resume()
        if not events:
            return
        if self._clock.answer_running:
            self._audio.resume_recording()
        self._emit(events)
        if self.phase is Phase.ASKING:
            self._start_thinking()

    def forget_pause(self) -> None:
        self._clock.forget_pause()

    # Clock

    def _tick(self) -> None:
        if self.current is not None:
            self._emit(self._clock.tick())

    def _on_level(self, peak: float) -> None:
        self.level.emit(peak)
        self._emit(self._clock.heard(peak))

    def _emit(self, events: list[ClockEvent]) -> None:
        """The clock's events become signals; the two that end a stage act as Space would."""
        for event in events:
            match event:
                case PhaseChanged(phase):
                    self.phase_changed.emit(phase)
                case ThinkRemaining(seconds):
                    self.think_remaining.emit(seconds)
                case AnswerElapsed(seconds, limit):
                    self.answer_elapsed.emit(seconds, float(limit))
                case LimitWarning(seconds_left):
                    self.limit_warning.emit(seconds_left)
                case TimeUp(grace_left):
                    self.time_up.emit(grace_left)
                case SilenceChanged(silent):
                    self.silence_warning.emit(silent)
                case PauseChanged(paused):
                    self.paused_changed.emit(paused)
                case ThinkTimeOver():
                    self.start_answer()
                case GraceOver():
                    self.stop_answer()

    def shutdown(self) -> None:
        self._ticker.stop()


def _speech_onset(path: Path, cue_end: float) -> float | None:
    from interview_coach.audio.takes import speech_onset_in  # reads audio files: loaded when first needed

    return speech_onset_in(path, cue_end)
