"""Measures on audio blocks: loudness for meters, and when speech starts in a recording."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

SPEECH_THRESHOLD_DBFS = -40.0  # quiet speech on a laptop microphone sits well above this
FRAME_SECONDS = 0.02


def peak(block: npt.NDArray[np.floating]) -> float:
    return float(np.max(np.abs(block))) if block.size else 0.0


def rms(block: npt.NDArray[np.floating]) -> float:
    return float(np.sqrt(np.mean(np.square(block, dtype=np.float64)))) if block.size else 0.0


def dbfs(level: float) -> float:
    return 20.0 * float(np.log10(max(level, 1e-6)))


def speech_onset(samples: npt.NDArray[np.floating], samplerate: int, *, min_speech: float = 0.1) -> float | None:
    """Seconds until sound stays above the speech threshold for `min_speech` seconds; None if never."""
    mono = samples.reshape(len(samples), -1).mean(axis=1) if samples.ndim > 1 else samples
    frame = max(1, int(samplerate * FRAME_SECONDS))
    count = len(mono) // frame
    if count == 0:
        return None
    frames = mono[: count * frame].reshape(count, frame).astype(np.float64)
    loud = 20 * np.log10(np.maximum(np.sqrt(np.mean(frames**2, axis=1)), 1e-6)) > SPEECH_THRESHOLD_DBFS
    needed = max(1, round(min_speech / FRAME_SECONDS))
    run = 0
    for index, is_loud in enumerate(loud):
        run = run + 1 if is_loud else 0
        if run >= needed:
            return (index - needed + 1) * frame / samplerate
    return None


def onset_after_cue(samples: npt.NDArray[np.floating], samplerate: int, cue_end: float) -> float | None:
    """Seconds from the end of the "speak now" cue to the first words; 0 when they began during it.

    A take is recorded from the cue's start, so a microphone that hears the cue itself would read it
    as speech: only what follows the cue is looked at.
    """
    mono = samples.reshape(len(samples), -1).mean(axis=1) if samples.ndim > 1 else samples
    return speech_onset(mono[max(0, round(cue_end * samplerate)) :], samplerate)
