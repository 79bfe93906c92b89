"""The short cue that tells the candidate "speak now", appended to every question read aloud."""

from __future__ import annotations

import numpy as np

CUE_GAP_SECONDS = 0.35


def cue_tone(samplerate: int) -> np.ndarray:
    """Two soft rising notes, 0.25 s in all, shaped (frames, 1)."""
    notes = []
    for frequency in (660.0, 880.0):
        t = np.arange(int(0.11 * samplerate)) / samplerate
        envelope = np.sin(np.pi * t / t[-1]) ** 2  # no clicks at either end
        notes.append(0.25 * envelope * np.sin(2 * np.pi * frequency * t))
        notes.append(np.zeros(int(0.03 * samplerate)))
    return np.concatenate(notes).astype(np.float32).reshape(-1, 1)


def with_cue(speech: np.ndarray, samplerate: int) -> np.ndarray:
    gap = np.zeros((int(CUE_GAP_SECONDS * samplerate), speech.shape[1]), dtype=np.float32)
    cue = np.repeat(cue_tone(samplerate), speech.shape[1], axis=1)
    return np.concatenate([speech.astype(np.float32), gap, cue])
