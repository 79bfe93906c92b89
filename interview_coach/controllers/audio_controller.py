"""Drives the audio layer for the UI: reads text aloud, records answers, plays recordings, tests devices.

Everything slow (starting PortAudio, synthesis, opening the microphone, finishing a take) runs on
the TaskRunner; PortAudio's callbacks are turned into queued signals, so slots run on the GUI thread.
Missing pieces degrade: without speech the text stays on screen, without a microphone practice goes
on untimed-only; each is reported once through `problem`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from interview_coach.audio.errors import AudioError, AudioUnavailableError, NoDeviceError
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.audio_settings import AudioSettings

if TYPE_CHECKING:
    # numpy, soundfile and PortAudio load on first use, off the start-up path.
    import numpy as np

    from interview_coach.audio.recorder import Recorder, RecordingResult

from interview_coach.audio.speaker import SpeechSynthesizer

log = logging.getLogger(__name__)

LEVEL_POLL_MS = 50
TEST_PHRASE = "Thanks for coming in today. To start, tell me a little about yourself."


class AudioController(QObject):
    # Problems, for banners: (key, message). The key lets a later success clear the banner.
    problem = Signal(str, str)
    problem_cleared = Signal(str)
    # Speech
    speech_started = Signal()
    speech_finished = Signal(str)  # "ended" or "stopped"
    # Recording
    recording_armed = Signal(float)  # monotonic arm time
    recording_unavailable = Signal()  # arming was asked for, but there is no open microphone
    recording_finished = Signal(object)  # RecordingResult
    level = Signal(float)  # 0..1 peak, about 20 times a second while the microphone is open
    microphone_ready = Signal(str)  # device label
    # Playback of recordings
    playback_finished = Signal(str)
    # Settings screens
    voices_loaded = Signal(list)  # list[Voice]
    devices_loaded = Signal(list)  # list[DeviceInfo]
    _player_finished = Signal(str, int)  # from PortAudio's thread: reason, playback id
    _recording_fault = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        synthesizer: SpeechSynthesizer,
        settings: AudioSettings,
        save_settings: Callable[[AudioSettings], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._synthesizer = synthesizer
        self._save_settings = save_settings
        self.settings = settings
        self._player: Any = None
        self._recorder: Recorder | None = None
        self._playback_id = 0
        self._speech_playback = -1
        self._last_text = ""
        self._cue: _Cue | None = None  # the last "speak now" cue played
        self._pending_take: Path | None = None  # asked for while the microphone was still opening
        self._armed_at: float | None = None
        self.audio_available = True
        self.speech_available = True
        self._level_timer = QTimer(self)
        self._level_timer.setInterval(LEVEL_POLL_MS)
        self._level_timer.timeout.connect(self._poll_level)
        self._player_finished.connect(self._on_player_finished)
        self._recording_fault.connect(lambda message: self.problem.emit("recording", message))

    # Start-up checks (after the window is shown)

    def check_setup(self) -> None:
        """Starts PortAudio and the speech engine in the background; reports what is missing."""
        self._tasks.run(self._probe_audio, self._on_probe, self._on_audio_error)
        self._tasks.run(lambda: self._synthesizer.start(), lambda _: self._speech_ok(), self._on_speech_error)

    def _probe_audio(self) -> list[Any]:
        from interview_coach.audio.devices import list_devices

        return list_devices()

    def _on_probe(self, devices: list[Any]) -> None:
        self.audio_available = True
        self.problem_cleared.emit("audio")
        self.devices_loaded.emit(devices)
        if not any(d.inputs for d in devices):
            self.problem.emit(
                "microphone",
                "No microphone was found: you can still practise with the timer, but answers are not recorded.",
            )

    def _on_audio_error(self, error: BaseException) -> None:
        self.audio_available = not isinstance(error, AudioUnavailableError)
        self.problem.emit("audio", f"{error} Practice goes on without sound.")

    def _speech_ok(self) -> None:
        self.speech_available = True
        self.problem_cleared.emit("speech")

    def _on_speech_error(self, error: BaseException) -> None:
        self.speech_available = False
        self.problem.emit("speech", f"{error} The questions stay on screen.")

    # Settings

    def update_settings(self, settings: AudioSettings) -> None:
        changed_input = settings.input_device != self.settings.input_device
        self.settings = settings
        if self._player is not None:
            self._player.volume = settings.volume
            self._player.device = settings.output_device
        if changed_input and self._recorder is not None and not self._recorder.is_recording:
            self.close_microphone()
        self._save_settings(settings)

    @property
    def default_voice(self) -> str:
        return self._synthesizer.default_voice

    def load_voices(self) -> None:
        self._tasks.run(lambda: self._synthesizer.voices(), self.voices_loaded.emit, self._on_speech_error)

    def load_devices(self) -> None:
        self._tasks.run(self._probe_audio, self.devices_loaded.emit, self._on_audio_error)

    # Speech

    def prefetch(self, text: str) -> None:
        """Synthesises ahead (e.g. the next question while this one is answered); errors stay quiet."""
        if self.speech_available:
            settings = self.settings
            self._tasks.run(lambda: self._synthesizer.synthesise(text, settings.voice, settings.rate), None, _ignore)

    def speak(self, text: str, *, settings: AudioSettings | None = None) -> None:
        """Reads `text` aloud; `speech_finished` follows, also when it could not be read."""
        self._last_text = text
        chosen = settings or self.settings
        self._tasks.run(lambda: self._prepare_speech(text, chosen), self._play_speech, self._on_speech_failed)

    def record_after_cue(self, wav_path: Path) -> None:
        """Starts recording now, then plays the "speak now" cue (pre-roll).

        The take begins before the cue, so nothing said after the candidate was told to speak is lost,
        however late a slow output device (a Bluetooth headset, an idle sound server) plays the cue;
        where the cue ended is measured and handed on with the take. Without a microphone nothing is
        armed and `recording_unavailable` follows (the caller times the answer on its own). While the
        microphone is still opening, both wait for it: "speak now" is never given before recording can.
        """
        if self._recorder is not None and not self._recorder.is_open:
            self._pending_take = wav_path
            return
        if not self.start_recording(wav_path):
            self.recording_unavailable.emit()
        self._play_cue()

    def _start_pending_take(self) -> None:
        take, self._pending_take = self._pending_take, None
        if take is not None:
            self.record_after_cue(take)

    def pause_recording(self) -> None:
        if self._recorder is not None:
            self._recorder.pause()

    def resume_recording(self) -> None:
        if self._recorder is not None:
            self._recorder.resume()

    def _play_cue(self) -> None:
        from interview_coach.audio.cue import cue_tone

        rate = 22050
        tone = cue_tone(rate)
        if self._start_playback(samples=tone, samplerate=rate):
            self._speech_playback = self._playback_id
            self._cue = _Cue(self._playback_id, len(tone) / rate)
            self.speech_started.emit()

    def replay(self) -> None:
        if self._last_text:
            self.speak(self._last_text)

    def stop_speech(self) -> None:
        """Stops the question or cue being played, and a "speak now" still waiting for the microphone."""
        self._pending_take = None
        if self._player is not None and self._speech_playback == self._playback_id:
            self._player.stop()

    def _prepare_speech(self, text: str, settings: AudioSettings) -> tuple[np.ndarray, int]:
        from interview_coach.audio.encoding import read_audio

        return read_audio(self._synthesizer.synthesise(text, settings.voice, settings.rate))

    def _play_speech(self, prepared: tuple[np.ndarray, int]) -> None:
        samples, rate = prepared
        self.speech_available = True
        self.problem_cleared.emit("speech")
        if self._start_playback(samples=samples, samplerate=rate):
            self._speech_playback = self._playback_id
            self.speech_started.emit()
        else:
            self.speech_finished.emit("stopped")

    def _on_speech_failed(self, error: BaseException) -> None:
        # One text failed (already retried in a fresh worker): say so with a Retry, and keep speech
        # on, so the next question is read aloud as usual.
        self.problem.emit("speech", f"{error} The text stays on screen.")
        self.speech_finished.emit("stopped")

    def retry_speech(self) -> None:
        """The banner's Retry: starts the engine again and reads the last text (unless recording)."""

        def started(_: object) -> None:
            self._speech_ok()
            if self._last_text and not self.recording:
                self.replay()

        self._tasks.run(lambda: self._synthesizer.start(), started, self._on_speech_error)

    # Playback

    def play_file(self, path: Path, *, start_at: float = 0.0) -> bool:
        if not self._start_playback(path=path):
            return False
        if start_at:
            self.seek_playback(start_at)
        return True

    def stop_playback(self) -> None:
        if self._player is not None:
            self._player.stop()

    def play_samples(self, samples: np.ndarray, samplerate: int, source: Path, *, speed: float = 1.0) -> bool:
        """Plays audio decoded off the GUI thread; another speed follows once its stretch is ready."""
        if not self._start_playback(path=source, samples=samples, samplerate=samplerate):
            return False
        if speed != 1.0:
            self.set_playback_speed(speed)
        return True

    def set_playback_speed(self, rate: float) -> None:
        player = self._ensure_player()
        self._tasks.run(lambda: player.set_speed(rate))

    def pause_playback(self) -> None:
        if self._player is not None:
            self._player.pause()

    def resume_playback(self) -> None:
        if self._player is not None:
            self._player.resume()

    def seek_playback(self, seconds: float) -> None:
        if self._player is not None:
            self._player.seek(seconds)

    def playback(self, source: Path) -> tuple[str, float]:
        """The state ("stopped", "playing", "paused") and position of `source`'s playback."""
        player = self._player
        if player is None or player.source != source:
            return "stopped", 0.0
        return player.state, player.position

    @property
    def player(self) -> Any:
        return self._ensure_player()

    def _ensure_player(self) -> Any:
        if self._player is None:
            from interview_coach.audio.player import Player

            self._player = Player(self.settings.output_device)
            self._player.volume = self.settings.volume
        return self._player

    def _start_playback(self, **source: Any) -> bool:
        try:
            player = self._ensure_player()
            player.stop()
            self._playback_id += 1
            playback = self._playback_id
            player.on_finished = lambda reason: self._player_finished.emit(reason, playback)
            player.play(**source)
            return True
        except AudioError as error:
            self.problem.emit("audio", str(error))
            return False

    def _on_player_finished(self, reason: str, playback: int) -> None:
        if playback == self._speech_playback:
            self._speech_playback = -1
            self.speech_finished.emit(reason)
        else:
            self.playback_finished.emit(reason)

    # Recording

    def open_microphone(self) -> None:
        """Opens the microphone in the background so that arming later is instant."""
        if self._recorder is not None:
            if self._recorder.is_open:
                self.microphone_ready.emit(self._recorder.device_label)
            return  # already open, or opening: one recorder at a time
        from interview_coach.audio.recorder import Recorder

        recorder = Recorder(self.settings.input_device, on_fault=lambda e: self._recording_fault.emit(str(e)))
        self._recorder = recorder
        self._tasks.run(recorder.open, lambda _: self._on_microphone_open(recorder), self._on_microphone_error)

    def _on_microphone_open(self, recorder: Recorder) -> None:
        if recorder is not self._recorder:
            return
        self.problem_cleared.emit("microphone")
        self._level_timer.start()
        self.microphone_ready.emit(recorder.device_label)
        self._start_pending_take()

    def _on_microphone_error(self, error: BaseException) -> None:
        if self._recorder is not None and not self._recorder.is_open:
            self._recorder = None
        if isinstance(error, (NoDeviceError, AudioUnavailableError)):
            self.problem.emit("microphone", f"{error} Answers are not recorded until this is fixed.")
        else:
            self.problem.emit("microphone", str(error))
        self._start_pending_take()  # without the microphone: the cue, and the answer timed only

    @property
    def microphone_open(self) -> bool:
        return self._recorder is not None and self._recorder.is_open

    @property
    def recording(self) -> bool:
        return self._recorder is not None and self._recorder.is_recording

    def start_recording(self, wav_path: Path) -> bool:
        """Arms the open microphone; False when there is none (the caller carries on untimed-only)."""
        if self._recorder is None or not self._recorder.is_open:
            return False
        armed = self._recorder.arm(wav_path)
        self._armed_at = armed
        self._cue = None
        self.recording_armed.emit(armed)
        return True

    def stop_recording(self, flac_path: Path | None) -> None:
        self._pending_take = None
        recorder = self._recorder
        if recorder is None:
            return
        cue_end = self._cue_end_after_arming()

        def stop() -> RecordingResult:
            result = recorder.stop(flac_path)
            return replace(result, cue_end_seconds=min(cue_end, result.seconds))

        self._tasks.run(stop, self._on_recording_stopped, self._on_microphone_error)

    def _cue_end_after_arming(self) -> float:
        """Seconds into the take at which the cue was heard to end: handed to the device + its latency."""
        cue, player, armed_at = self._cue, self._player, self._armed_at
        if cue is None or player is None or armed_at is None or self._playback_id != cue.playback:
            return 0.0
        started: float | None = player.first_sample_at
        if started is None:
            return 0.0
        return max(0.0, started + cue.seconds + float(player.output_latency) - armed_at)

    def recorded_seconds(self) -> float:
        return self._recorder.recorded_seconds if self._recorder is not None else 0.0

    def _on_recording_stopped(self, result: RecordingResult) -> None:
        self.recording_finished.emit(result)

    def close_microphone(self) -> None:
        self._pending_take = None
        recorder, self._recorder = self._recorder, None
        self._level_timer.stop()
        if recorder is not None:
            self._tasks.run(recorder.close, None, _ignore)

    def _poll_level(self) -> None:
        if self._recorder is not None:
            value = self._recorder.level()
            if value is not None:
                self.level.emit(value)

    # Shutdown

    def shutdown(self) -> None:
        """Stops sound and closes devices and the speech worker (call before the task runner stops)."""
        self._level_timer.stop()
        if self._player is not None:
            self._player.on_finished = None
            self._player.stop()
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None
        self._synthesizer.close()


@dataclass(frozen=True)
class _Cue:
    playback: int  # the player's playback id
    seconds: float


def _ignore(error: BaseException) -> None:
    log.debug("background audio work failed quietly: %s", error)
