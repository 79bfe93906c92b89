"""The short cue that tells the candidate "speak now"; the take is already recording when it plays."""

from __future__ import annotations

import numpy as np


def cue_tone(samplerate: int) -> np.ndarray:
    """Two soft rising notes, 0.25 s in all, shaped (frames, 1)."""
    notes = []
    for frequency in (660.0, 880.0):
        t = np.arange(int(0.11 * samplerate)) / samplerate
        envelope = np.sin(np.pi * t / t[-1]) ** 2  # no clicks at either end
        notes.append(0.25 * envelope * np.sin(2 * np.pi * frequency * t))
        notes.append(np.zeros(int(0.03 * samplerate)))
    return np.concatenate(notes).astype(np.float32).reshape(-1, 1)
