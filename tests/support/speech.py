"""Known speech for feeding the virtual microphone, made with espeak-ng, and measures of audio."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf

SAMPLE_SENTENCE = (
    "In my last role I led the migration of our billing system. I planned it in three stages, "
    "and we finished two weeks early with no customer outage."
)


def make_speech(path: Path, text: str = SAMPLE_SENTENCE, *, pad_seconds: float = 0.0) -> Path:
    """Writes espeak-ng speech as a WAV; optional leading silence to test speech-onset detection."""
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise RuntimeError("espeak-ng is needed to make test speech (make test installs it)")
    raw = path.with_suffix(".raw.wav")
    subprocess.run([espeak, "-w", str(raw), text], check=True, timeout=60)
    data, rate = sf.read(raw, dtype="float32")
    raw.unlink()
    if pad_seconds:
        data = np.concatenate([np.zeros(int(pad_seconds * rate), dtype=np.float32), data])
    sf.write(path, data, rate, subtype="PCM_16")
    return path


def rms(samples: np.ndarray) -> float:
    data = samples.astype(np.float64)
    if data.dtype.kind in "iu" or np.abs(data).max(initial=0) > 1.5:
        data = data / 32768.0
    return float(np.sqrt(np.mean(np.square(data)))) if data.size else 0.0


def envelope_similarity(a: np.ndarray, rate_a: int, b: np.ndarray, rate_b: int) -> float:
    """Best normalised correlation of two loudness envelopes (10 ms frames), robust to delay and resampling."""

    def envelope(x: np.ndarray, rate: int) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64).reshape(len(x), -1).mean(axis=1)
        frame = max(1, rate // 100)
        usable = len(x) // frame * frame
        env = np.sqrt(np.mean(np.square(x[:usable].reshape(-1, frame)), axis=1))
        return (env - env.mean()) / (env.std() or 1.0)

    ea, eb = envelope(a, rate_a), envelope(b, rate_b)
    # "full": either signal may start a little before the other.
    corr = np.correlate(ea, eb, mode="full") / min(len(ea), len(eb))
    return float(corr.max()) if corr.size else 0.0


def active_span(samples: np.ndarray, rate: int, frame_seconds: float = 0.02) -> tuple[float, float]:
    """First and last moment of sound above -40 dBFS (in `frame_seconds` frames)."""
    mono = np.asarray(samples, dtype=np.float64).reshape(len(samples), -1).mean(axis=1)
    frame = int(rate * frame_seconds)
    frames = mono[: len(mono) // frame * frame].reshape(-1, frame)
    loud = np.flatnonzero(20 * np.log10(np.maximum(np.sqrt(np.mean(frames**2, axis=1)), 1e-6)) > -40)
    assert loud.size, "no sound at all"
    return loud[0] * frame_seconds, (loud[-1] + 1) * frame_seconds
