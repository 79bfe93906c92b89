"""Plays audio files through PortAudio with play/pause, seek, volume and an exact end.

The whole file is decoded into memory first (a 10-minute 16 kHz answer is ~38 MB as float32), so the
audio callback only slices an array: no disk access on the audio thread, instant seeks, and deleting
the file cannot break playback mid-way.

Playback speed keeps the voice's pitch (`time_stretch`): the stream plays a stretched copy while the
original samples are kept, so going back to 1x is exact. `position`, `duration` and `seek()` always
count in the original recording's seconds, whatever the speed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import numpy as np

from interview_coach.audio.backend import portaudio_error, sounddevice
from interview_coach.audio.devices import resolve
from interview_coach.audio.encoding import read_audio
from interview_coach.audio.errors import AudioError
from interview_coach.audio.time_stretch import time_stretch
from interview_coach.domain.audio_settings import DeviceSetting

log = logging.getLogger(__name__)

State = Literal["stopped", "playing", "paused"]
EndReason = Literal["ended", "stopped"]
MIN_SPEED, MAX_SPEED = 0.25, 4.0


class Player:
    def __init__(
        self,
        device: DeviceSetting | None = None,
        *,
        on_finished: Callable[[EndReason], None] | None = None,
    ) -> None:
        self.device = device or DeviceSetting()
        self.on_finished = on_finished  # called on PortAudio's thread: hand over to the GUI thread
        self.volume = 1.0
        self.source: Path | None = None
        self.first_sample_at: float | None = None  # monotonic time the first sample went to the device
        self.ended_at: float | None = None  # monotonic time PortAudio reported the last sample played
        self.output_latency = 0.0  # seconds between handing a sample over and hearing it
        self._original = np.zeros((0, 1), dtype=np.float32)  # what was loaded, at the device's rate
        self._data = self._original  # what the stream plays: the original, or a stretched copy of it
        self._data_speed = 1.0  # the speed `_data` was made for
        self._speed_request = 0  # bumped by play() and set_speed(): an older stretch never replaces a newer one
        self._rate = 22050
        self._pos = 0  # index into `_data`
        self._paused = False
        self._stream: Any = None
        self._lock = threading.Lock()
        self._generation = 0  # bumped by every open and stop, so a stale stream's end is ignored

    # Commands

    def play(
        self,
        path: Path | None = None,
        *,
        samples: np.ndarray | None = None,
        samplerate: int = 0,
        speed: float = 1.0,
    ) -> None:
        """Plays a file (or samples shaped (frames, channels)) from the start; stops what was playing.

        Each playback starts at `speed` (1x unless given, so spoken questions are never stretched);
        at any other speed the stretch is computed here, in the caller's thread.
        """
        _check_speed(speed)
        self.stop()
        if samples is None:
            if path is None:
                raise ValueError("play() needs a path or samples")
            try:
                samples, samplerate = read_audio(path)
            except Exception as error:
                raise AudioError(f"Cannot play {path.name}: {error}") from error
        self.source = path
        self._open(np.ascontiguousarray(samples, dtype=np.float32), samplerate, speed)

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        if self._stream is not None:
            self._paused = False

    def seek(self, seconds: float) -> None:
        """Moves to `seconds` into the recording (original time, whatever the speed)."""
        with self._lock:
            original = min(max(seconds, 0.0), len(self._original) / self._rate) * self._rate
            self._pos = min(int(original / self._data_speed), len(self._data))

    def set_speed(self, rate: float) -> None:
        """Plays on at `rate` times normal speed, same pitch, from the same point in the recording.

        Stretching takes a moment (about 0.1 s per minute of audio), so it runs in the caller's thread:
        call it from a background task. Meanwhile playback goes on at the old speed; when several
        changes overlap, the last one asked for wins.
        """
        _check_speed(rate)
        with self._lock:
            self._speed_request += 1
            request = self._speed_request
            original, samplerate = self._original, self._rate
        stretched = time_stretch(original, rate, samplerate)
        with self._lock:
            if request != self._speed_request:
                return  # a newer speed or a new playback came meanwhile
            point = self._pos * self._data_speed  # where we are, in original samples
            self._data, self._data_speed = stretched, rate
            self._pos = min(round(point / rate), len(stretched))

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        self._generation += 1
        try:
            stream.abort()
            stream.close()
        except Exception as error:  # the device may already be gone
            log.debug("closing the output stream failed: %s", error)
        self._paused = False
        if self.on_finished is not None:
            self.on_finished("stopped")

    def stop_if_source_gone(self) -> bool:
        """Stops when the file being played was deleted (called by the UI's position timer)."""
        if self.source is not None and self._stream is not None and not self.source.exists():
            self.stop()
            return True
        return False

    # State

    @property
    def state(self) -> State:
        if self._stream is None:
            return "stopped"
        return "paused" if self._paused else "playing"

    @property
    def speed(self) -> float:
        """The speed being played (the last set_speed() takes effect once its stretch is ready)."""
        return self._data_speed

    @property
    def position(self) -> float:
        """Seconds into the recording, in original time."""
        with self._lock:
            return min(self._pos * self._data_speed, len(self._original)) / self._rate

    @property
    def duration(self) -> float:
        """Length of the recording in original time; at 2x it plays in half of this."""
        return len(self._original) / self._rate

    # PortAudio

    def _open(self, samples: np.ndarray, samplerate: int, speed: float = 1.0) -> None:
        sd = sounddevice()
        info = resolve(self.device, "output")
        channels = min(samples.shape[1], max(1, info.outputs))
        samples = samples[:, :channels]
        try:
            sd.check_output_settings(device=info.index, samplerate=samplerate, channels=channels, dtype="float32")
        except Exception:  # the device cannot play this rate: convert to its own
            target = int(info.default_samplerate)
            samples, samplerate = _resample(samples, samplerate, target), target
        stretched = time_stretch(samples, speed, samplerate)
        with self._lock:
            self._speed_request += 1  # a set_speed() still stretching the previous audio is dropped
            self._original, self._data, self._data_speed = samples, stretched, speed
            self._rate, self._pos = samplerate, 0
        self._paused = False
        self.first_sample_at = None
        self.ended_at = None
        self._generation += 1
        generation = self._generation
        try:
            stream = sd.OutputStream(
                device=info.index,
                samplerate=samplerate,
                channels=channels,
                dtype="float32",
                callback=self._on_audio,
                finished_callback=lambda: self._on_stream_finished(generation),
            )
            self._stream = stream
            self.output_latency = float(stream.latency)
            stream.start()
        except portaudio_error() as error:
            self._stream = None
            raise AudioError(f"The speaker {info.label} could not be opened: {error}") from error

    def _on_audio(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if self._paused:
            outdata.fill(0)
            return
        with self._lock:
            chunk = self._data[self._pos : self._pos + frames]
            self._pos += len(chunk)
        count = len(chunk)
        outdata[:count] = chunk * self.volume
        outdata[count:] = 0
        if count and self.first_sample_at is None:
            self.first_sample_at = time.monotonic()
        if count < frames:
            raise sounddevice().CallbackStop

    def _on_stream_finished(self, generation: int) -> None:
        # Runs after the last buffer has been played; also after abort(), which stop() reports itself.
        if generation != self._generation:
            return
        self.ended_at = time.monotonic()
        stream = self._stream
        self._stream = None
        if stream is not None:
            # Closing from PortAudio's own thread is not allowed; a short-lived thread does it.
            threading.Thread(target=stream.close, name="player-close", daemon=True).start()
        if self.on_finished is not None:
            self.on_finished("ended")


def _check_speed(rate: float) -> None:
    if not MIN_SPEED <= rate <= MAX_SPEED:  # also refuses NaN
        raise ValueError(f"playback speed must be between {MIN_SPEED}x and {MAX_SPEED}x, not {rate}")


def _resample(samples: np.ndarray, source_rate: int, target_rate: int) -> np.ndarray:
    """Linear interpolation: fine for speech playback, and needs nothing beyond numpy."""
    if source_rate == target_rate or len(samples) == 0:
        return samples
    count = round(len(samples) * target_rate / source_rate)
    positions = np.linspace(0, len(samples) - 1, count)
    index = np.arange(len(samples))
    columns = [np.interp(positions, index, samples[:, c]) for c in range(samples.shape[1])]
    return np.stack(columns, axis=1).astype(np.float32)
