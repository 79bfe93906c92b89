"""File conversions: WAV to FLAC after a clean stop (lossless, about half the size)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import soundfile as sf

from interview_coach.private_files import create_private_file

CHUNK_FRAMES = 65536


def wav_to_flac(wav: Path, flac: Path) -> int:
    """Writes `flac` atomically (temp file, fsync, rename); returns its frame count. Keeps `wav`."""
    partial = flac.with_name(flac.name + ".partial")
    try:
        create_private_file(partial)
        with (
            sf.SoundFile(wav) as source,
            sf.SoundFile(
                partial, "w", samplerate=source.samplerate, channels=source.channels, format="FLAC", subtype="PCM_16"
            ) as target,
        ):
            for block in source.blocks(blocksize=CHUNK_FRAMES, dtype="int16", always_2d=True):
                target.write(block)
            frames = int(source.frames)
        _fsync(partial)
        os.replace(partial, flac)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return frames


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_audio(path: Path) -> tuple[np.ndarray, int]:
    """Float32 samples shaped (frames, channels), and the sample rate."""
    data, rate = sf.read(path, dtype="float32", always_2d=True)
    return data, int(rate)


def write_audio(path: Path, samples: np.ndarray, samplerate: int) -> None:
    """WAV or FLAC by extension, 16-bit."""
    fmt = "FLAC" if path.suffix.lower() == ".flac" else "WAV"
    create_private_file(path)
    sf.write(path, samples, samplerate, format=fmt, subtype="PCM_16")
