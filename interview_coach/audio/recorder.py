"""Records the microphone to a WAV file as the audio arrives, then converts it to FLAC.

Three activities, as in python-sounddevice's rec_gui example:
- the PortAudio callback only copies each block into a queue and counts overflows;
- one consumer thread keeps the latest peak for the level meter and, once armed, writes 16-bit WAV,
  flushing to disk every second (a crash loses at most that much; the header is repaired at start-up);
- the caller arms and stops. The stream is opened before arming so that arming is instant: nothing is
  written before `arm()`, so the question being read aloud is never recorded.

Each block is placed on the monotonic clock by the stream's own sample count, not by when Python
happened to receive it: a block can only arrive late, never early, so the earliest arrival seen
(minus the samples counted since the stream started) is the stream's time origin. A take
then holds exactly the samples between arm and stop, cut inside the blocks at both ends, whatever the
machine's load did to the callback's timing.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from interview_coach.audio.backend import portaudio_error, sounddevice
from interview_coach.audio.devices import resolve
from interview_coach.audio.encoding import wav_to_flac
from interview_coach.audio.errors import AudioError, DeviceLostError, NoDeviceError
from interview_coach.domain.audio_settings import DeviceSetting
from interview_coach.private_files import create_private_dirs, create_private_file

log = logging.getLogger(__name__)

SPEECH_SAMPLERATE = 16_000  # plenty for speech, a third of the size of 48 kHz
BLOCK_SECONDS = 0.05
FLUSH_SECONDS = 1.0
STALL_SECONDS = 4.0  # a busy machine can starve the sound server for a second or two


@dataclass(frozen=True)
class RecordingResult:
    path: Path | None
    frames: int
    samplerate: int
    overflows: int
    fault: AudioError | None = None  # why the recording ended early; what came before is kept
    cue_end_seconds: float = 0.0  # where in the take the "speak now" cue ended (set by the caller)

    @property
    def seconds(self) -> float:
        return self.frames / self.samplerate if self.samplerate else 0.0


STOP_GRACE_SECONDS = 1.5  # how long stop() waits for blocks captured before it (sound servers lag)
READY_TIMEOUT = 5.0  # some sound servers take over a second to deliver a new stream's first block


MAX_CLOCK_DRIFT = 0.001  # sound cards keep time within ~100 ppm of the system clock; allow ten times that


@dataclass
class _Block:
    samples: np.ndarray
    arrived: float  # monotonic time the callback received it (its last sample was captured just before)
    captured: float = 0.0  # monotonic time its first sample was captured, set by the consumer's clock


class _StreamClock:
    """Places blocks on the monotonic clock from the stream's sample count (see the module docstring).

    The origin is the earliest `arrival - samples so far` seen, allowed to creep later only as fast as
    a real device clock can drift: a callback starved for a whole minute by a busy GUI thread (every
    block late) then moves it by at most 60 ms, where a plain sliding minimum would follow the delay.
    """

    def __init__(self, samplerate: int) -> None:
        self._rate = samplerate
        self._frames = 0  # samples received since the stream started
        self._origin: float | None = None

    def place(self, block: _Block) -> float:
        start = self._frames
        count = len(block.samples)
        self._frames += count
        candidate = block.arrived - self._frames / self._rate
        if self._origin is None:
            self._origin = candidate
        else:
            self._origin = min(self._origin + MAX_CLOCK_DRIFT * count / self._rate, candidate)
        return self._origin + start / self._rate


@dataclass
class _Take:
    """One answer being written; only the consumer thread touches `file` and `frames`."""

    path: Path
    armed_at: float
    stop_at: float | None = None
    file: sf.SoundFile | None = None
    frames: int = 0
    last_flush: float = 0.0
    fault: AudioError | None = None
    paused: bool = False
    done: threading.Event = field(default_factory=threading.Event)


class Recorder:
    def __init__(
        self,
        device: DeviceSetting | None = None,
        *,
        samplerate: int = SPEECH_SAMPLERATE,
        stall_seconds: float = STALL_SECONDS,
        on_fault: Callable[[AudioError], None] | None = None,
    ) -> None:
        self._device = device or DeviceSetting()
        self._wanted_rate = samplerate
        self._stall_seconds = stall_seconds
        self.on_fault = on_fault  # called on the consumer thread when a take ends early
        self.samplerate = samplerate
        self.device_label = ""
        self._stream: Any = None
        self._blocks: queue.Queue[_Block] = queue.Queue()
        self._levels: queue.Queue[float] = queue.Queue(maxsize=1)
        self._overflows = 0
        self._consumer: threading.Thread | None = None
        self._lock = threading.Lock()
        self._take: _Take | None = None
        self._last_block = 0.0
        self._closing = False
        self._stream_died = threading.Event()
        self._ready = threading.Event()

    # Lifecycle

    def open(self, *, wait_ready: bool = True) -> None:
        """Starts listening (for the level meter) without writing anything.

        Waits for the first block by default: a take armed before the stream delivers would miss
        its first moments. Raises NoDeviceError when the microphone delivers nothing at all.
        """
        if self._stream is not None:
            return
        sd = sounddevice()
        info = resolve(self._device, "input")
        self.device_label = info.label
        self.samplerate = self._pick_rate(sd, info.index, int(info.default_samplerate))
        self._stream_died.clear()
        self._ready.clear()
        try:
            self._stream = sd.InputStream(
                device=info.index,
                samplerate=self.samplerate,
                channels=1,
                dtype="int16",
                blocksize=int(self.samplerate * BLOCK_SECONDS),
                # Half a second of buffer: blocks still arrive as each one fills, but a Python
                # callback held up by a busy GIL no longer loses audio ("low", about 0.1 s, lost up
                # to 2.6 s a minute in the busy-GUI test). The default ("high") starts ~1.8 s late.
                latency=0.5,
                callback=self._on_audio,
                finished_callback=self._stream_died.set,
            )
            self._stream.start()
        except portaudio_error() as error:
            self._stream = None
            raise AudioError(f"The microphone {info.label} could not be opened: {error}") from error
        self._last_block = time.monotonic()
        self._closing = False
        self._consumer = threading.Thread(target=self._consume, name="recorder-writer", daemon=True)
        self._consumer.start()
        if wait_ready and not self._ready.wait(READY_TIMEOUT):
            label = info.label
            self.close()
            raise NoDeviceError(f"The microphone {label} sends no sound. Check that it is connected and not muted.")

    def _pick_rate(self, sd: Any, index: int, fallback: int) -> int:
        try:
            sd.check_input_settings(device=index, samplerate=self._wanted_rate, channels=1, dtype="int16")
            return self._wanted_rate
        except Exception:  # the device does not do 16 kHz: use its own rate
            return fallback

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> bool:
        return self._ready.wait(timeout)

    @property
    def is_open(self) -> bool:
        return self._stream is not None

    @property
    def is_recording(self) -> bool:
        take = self._take
        return take is not None and take.stop_at is None and not take.done.is_set()

    def arm(self, wav_path: Path) -> float:
        """Begins writing to `wav_path` from this moment; returns the monotonic arm time."""
        if self._stream is None:
            self.open()
        create_private_dirs(wav_path.parent)
        with self._lock:
            if self._take is not None:
                raise RuntimeError("already recording; stop the current take first")
            self._take = _Take(wav_path, time.monotonic())
            return self._take.armed_at

    def pause(self) -> None:
        """Leaves the sound out of the take until resume(); the file simply continues afterwards."""
        if self._take is not None:
            self._take.paused = True

    def resume(self) -> None:
        if self._take is not None:
            self._take.paused = False

    def stop(self, flac_path: Path | None = None) -> RecordingResult:
        """Ends the take; converts to FLAC when given a path (keeping the WAV if that fails)."""
        with self._lock:
            take = self._take
            if take is None:
                return RecordingResult(None, 0, self.samplerate, self._overflows)
            take.stop_at = time.monotonic()
        if not take.done.wait(timeout=10):
            log.error("the recording writer did not finish in time")
        with self._lock:
            self._take = None
        if take.frames == 0:
            take.path.unlink(missing_ok=True)
            return RecordingResult(None, 0, self.samplerate, self._overflows, take.fault)
        path, fault = take.path, take.fault
        if flac_path is not None:
            try:
                wav_to_flac(take.path, flac_path)
                take.path.unlink()
                path = flac_path
            except (OSError, sf.LibsndfileError) as error:
                log.warning("FLAC conversion failed, keeping the WAV: %s", error)
                fault = fault or _disk_fault(error, take.frames / self.samplerate)
        return RecordingResult(path, take.frames, self.samplerate, self._overflows, fault)

    def close(self) -> None:
        """Stops listening. Any take in progress is finished first (its WAV is kept)."""
        if self._take is not None:
            self.stop()
        if self._consumer is not None:
            self._closing = True
            self._blocks.put(_Block(np.zeros((0, 1), dtype=np.int16), 0.0))
            self._consumer.join(timeout=10)
            self._consumer = None
        if self._stream is not None:
            try:
                self._stream.abort()
                self._stream.close()
            except Exception as error:  # a vanished device may refuse to close; it is gone either way
                log.debug("closing the input stream failed: %s", error)
            self._stream = None

    # Readings for the UI (any thread)

    def level(self) -> float | None:
        """The newest peak (0..1) since the last call, or None if no new block arrived."""
        try:
            return self._levels.get_nowait()
        except queue.Empty:
            return None

    @property
    def overflows(self) -> int:
        return self._overflows

    @property
    def recorded_seconds(self) -> float:
        take = self._take
        return take.frames / self.samplerate if take else 0.0

    # Audio thread: copy and queue, nothing else

    def _on_audio(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if status.input_overflow:
            self._overflows += 1
        # PortAudio's ADC timestamps would be more exact in theory, but through ALSA's pulse plugin
        # they report the buffer size, ~0.5 s, rather than the real delay: the consumer's sample
        # clock places the block instead.
        self._blocks.put(_Block(indata.copy(), time.monotonic()))

    # Consumer thread

    def _consume(self) -> None:
        clock = _StreamClock(self.samplerate)
        while True:
            try:
                block: _Block | None = self._blocks.get(timeout=0.1)
            except queue.Empty:
                block = None
                if self._closing:
                    break
            if block is not None and block.samples.size == 0:
                break  # the close() sentinel
            take = self._take
            if block is not None:
                block.captured = clock.place(block)
                self._ready.set()
                self._last_block = time.monotonic()
                self._publish_level(block.samples)
            if take is None or take.done.is_set():
                continue
            if block is not None:
                self._take_in(take, block)
            elif take.stop_at is not None:
                if time.monotonic() - take.stop_at > STOP_GRACE_SECONDS:
                    self._finish(take)  # the device went quiet; keep what arrived
            else:
                self._check_stall(take)
        take = self._take
        if take is not None and not take.done.is_set():
            self._finish(take)

    def _take_in(self, take: _Take, block: _Block) -> None:
        """Writes the part of `block` between arm and stop; the first block past the stop ends the take."""
        count = len(block.samples)
        first = max(0, round((take.armed_at - block.captured) * self.samplerate))
        end = count
        if take.stop_at is not None:
            end = min(count, max(0, round((take.stop_at - block.captured) * self.samplerate)))
        if first < end and not take.paused:
            self._write(take, block.samples[first:end])
        if take.stop_at is not None and end < count:
            self._finish(take)  # this block reaches past the stop: the take is complete

    def _publish_level(self, samples: np.ndarray) -> None:
        level = float(np.max(np.abs(samples))) / 32768.0 if samples.size else 0.0
        with contextlib.suppress(queue.Empty):
            self._levels.get_nowait()
        with contextlib.suppress(queue.Full):
            self._levels.put_nowait(level)

    def _write(self, take: _Take, samples: np.ndarray) -> None:
        try:
            if take.file is None:
                create_private_file(take.path)
                take.file = sf.SoundFile(
                    take.path, "w", samplerate=self.samplerate, channels=1, format="WAV", subtype="PCM_16"
                )
                take.last_flush = time.monotonic()
            take.file.write(samples)
            take.frames += len(samples)
            if time.monotonic() - take.last_flush >= FLUSH_SECONDS:
                take.file.flush()
                take.last_flush = time.monotonic()
        except (OSError, sf.LibsndfileError, RuntimeError) as error:
            self._fail(take, _disk_fault(_underlying_os_error(take.path) or error, take.frames / self.samplerate))

    def _check_stall(self, take: _Take) -> None:
        silent_for = time.monotonic() - self._last_block
        if self._stream_died.is_set() or silent_for > self._stall_seconds:
            seconds = take.frames / self.samplerate
            self._fail(
                take,
                DeviceLostError(
                    f"The microphone stopped sending sound after {seconds:.1f} s (was it unplugged?). "
                    "The answer up to then is kept."
                ),
            )

    def _fail(self, take: _Take, fault: AudioError) -> None:
        take.fault = fault
        self._finish(take)
        if self.on_fault is not None:
            self.on_fault(fault)

    def _finish(self, take: _Take) -> None:
        if take.file is not None:
            try:
                take.file.close()
            except (OSError, sf.LibsndfileError, RuntimeError) as error:
                log.warning("closing the recording failed: %s", error)
            take.file = None
        take.done.set()


def _underlying_os_error(path: Path) -> OSError | None:
    """libsndfile only says "System error."; one raw byte appended (then removed) reveals why."""
    try:
        with path.open("ab") as handle:
            size = handle.tell()
            handle.write(b"\0")
            handle.flush()
            handle.truncate(size)
    except OSError as error:
        return error
    return None


def _disk_fault(error: BaseException, seconds: float) -> AudioError:
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "The disk is full"
    elif isinstance(error, OSError) and error.errno == errno.EFBIG:
        reason = "The recording reached the largest file this disk allows"
    else:
        reason = f"The recording could not be written ({error})"
    return AudioError(f"{reason}: recording stopped at {seconds:.1f} s. The answer up to then is kept.")
