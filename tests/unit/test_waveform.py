"""Waveform peaks for the review player: what they show, their shape, and files that cannot be read."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_coach.audio import waveform
from interview_coach.audio.errors import AudioError
from interview_coach.audio.waveform import waveform_peaks


def brute_force(samples: np.ndarray, buckets: int) -> np.ndarray:
    """Min and max per bucket the obvious way; an empty bucket repeats the one before it."""
    frames = len(samples)
    edges = [(b * frames + buckets - 1) // buckets for b in range(buckets + 1)]
    peaks = []
    for b in range(buckets):
        chunk = samples[edges[b] : edges[b + 1]]
        peaks.append([chunk.min(), chunk.max()] if len(chunk) else peaks[-1])
    return np.array(peaks, dtype=np.float32)


def test_a_loud_half_and_a_quiet_half_show_in_the_peaks(tmp_path: Path) -> None:
    rate = 16000
    t = np.arange(10 * rate) / rate
    tone = np.sin(2 * np.pi * 200 * t)
    tone[: 5 * rate] *= 0.8
    tone[5 * rate :] *= 0.05
    path = tmp_path / "answer.flac"
    sf.write(path, tone, rate, format="FLAC", subtype="PCM_16")
    result = waveform_peaks(path, 200)
    assert result.peaks.shape == (200, 2) and result.peaks.dtype == np.float32
    assert result.buckets == 200
    assert result.duration == pytest.approx(10.0) and result.samplerate == rate
    loud, quiet = result.peaks[:100], result.peaks[100:]
    assert np.allclose(loud[:, 1], 0.8, atol=0.01) and np.allclose(loud[:, 0], -0.8, atol=0.01)
    assert np.allclose(quiet[:, 1], 0.05, atol=0.01) and np.allclose(quiet[:, 0], -0.05, atol=0.01)
    assert result.seconds_at(100) == pytest.approx(5.0)  # a click half-way along is 5 s in


@pytest.mark.parametrize("buckets", [1, 3, 640, 1000, 4096, 20000])
@pytest.mark.parametrize("block", [997, 65536])
def test_peaks_match_a_direct_computation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, buckets: int, block: int
) -> None:
    # Blocks smaller and larger than a bucket, and more buckets than samples (no gaps in the outline).
    monkeypatch.setattr(waveform, "BLOCK_FRAMES", block)
    rng = np.random.default_rng(7)
    samples = (rng.standard_normal((12_345, 2)) * 0.2).clip(-1, 1).astype(np.float32)
    path = tmp_path / "stereo.wav"
    sf.write(path, samples, 8000, subtype="FLOAT")
    result = waveform_peaks(path, buckets)
    both = np.concatenate([samples.min(axis=1, keepdims=True), samples.max(axis=1, keepdims=True)], axis=1)
    expected = brute_force(both[:, :1], buckets)[:, :1], brute_force(both[:, 1:], buckets)[:, 1:]
    assert np.array_equal(result.peaks, np.concatenate(expected, axis=1))
    assert result.duration == pytest.approx(12_345 / 8000)


def test_a_long_recording_is_read_in_blocks(tmp_path: Path) -> None:
    rate = 16000
    path = tmp_path / "long.flac"
    with sf.SoundFile(path, "w", rate, 1, format="FLAC", subtype="PCM_16") as out:
        for _ in range(4):  # four minutes: 15 MB as float32 if decoded at once
            out.write((0.3 * np.sin(np.arange(60 * rate) / 9)).astype(np.float32))
    tracemalloc.start()
    try:
        result = waveform_peaks(path, 1000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.duration == pytest.approx(240.0)
    assert peak < 3_000_000
    assert np.allclose(result.peaks[:, 1], 0.3, atol=0.01)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match=r"gone\.flac is missing"):
        waveform_peaks(tmp_path / "gone.flac", 100)


@pytest.mark.parametrize("kind", ["zero-bytes", "no-frames"])
def test_an_empty_file_is_reported(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "empty.wav"
    if kind == "zero-bytes":
        path.write_bytes(b"")
    else:
        sf.write(path, np.zeros((0, 1), dtype=np.float32), 16000)
    with pytest.raises(AudioError, match=r"empty\.wav is empty"):
        waveform_peaks(path, 100)


def test_a_damaged_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "damaged.flac"
    path.write_bytes(b"fLaC" + bytes(range(256)) * 40)
    with pytest.raises(AudioError, match=r"damaged\.flac cannot be read"):
        waveform_peaks(path, 100)


def test_a_folder_is_not_a_recording(tmp_path: Path) -> None:
    with pytest.raises(AudioError):
        waveform_peaks(tmp_path, 100)


def test_at_least_one_bucket_is_needed(tmp_path: Path) -> None:
    path = tmp_path / "tone.wav"
    sf.write(path, np.zeros(100, dtype=np.float32), 16000)
    with pytest.raises(ValueError, match="buckets"):
        waveform_peaks(path, 0)
