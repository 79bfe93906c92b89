"""Repairing WAV files whose header was never finalised (the writer was killed)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_coach.audio.recovery import recover_recordings
from interview_coach.audio.wav_repair import NotRepairableError, repair_wav


def cut_short_wav(path: Path, frames: int, *, extra_bytes: int = 0) -> np.ndarray:
    """A WAV as a killed writer leaves it: samples on disk, sizes in the header still 0."""
    samples = (np.sin(np.arange(frames) / 10) * 8000).astype(np.int16)
    sf.write(path, samples, 16000, subtype="PCM_16")
    raw = bytearray(path.read_bytes())
    data_at = raw.index(b"data")
    raw[4:8] = struct.pack("<I", 0)
    raw[data_at + 4 : data_at + 8] = struct.pack("<I", 0)
    path.write_bytes(bytes(raw) + b"\x01" * extra_bytes)
    return samples


def header_frames(path: Path) -> int:
    raw = path.read_bytes()
    data_at = raw.index(b"data")
    return int(struct.unpack_from("<I", raw, data_at + 4)[0]) // 2


def test_the_header_is_rebuilt_from_the_file_length(tmp_path: Path) -> None:
    wav = tmp_path / "a.wav"
    samples = cut_short_wav(wav, 16000 * 3, extra_bytes=1)  # plus half a frame from the cut
    assert header_frames(wav) == 0
    repair = repair_wav(wav)
    assert repair.changed and repair.frames == len(samples) and repair.seconds == pytest.approx(3.0)
    assert header_frames(wav) == len(samples)
    data, rate = sf.read(wav, dtype="int16")
    assert rate == 16000 and np.array_equal(data, samples)


def test_a_sound_file_is_left_alone(tmp_path: Path) -> None:
    wav = tmp_path / "ok.wav"
    sf.write(wav, np.zeros(1000, dtype=np.int16), 16000, subtype="PCM_16")
    before = wav.read_bytes()
    assert not repair_wav(wav).changed
    assert wav.read_bytes() == before


def test_other_files_are_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "b.wav"
    bogus.write_bytes(b"ID3 not a wav at all")
    with pytest.raises(NotRepairableError, match="not a WAV"):
        repair_wav(bogus)


def test_the_sweep_repairs_takes_and_tidies_finished_ones(tmp_path: Path) -> None:
    session = tmp_path / "recordings" / "7"
    session.mkdir(parents=True)
    cut_short_wav(session / "answer-1.wav", 8000)
    # A take whose FLAC was written but whose WAV was not yet deleted.
    sf.write(session / "answer-2.flac", np.ones(800, dtype=np.int16), 16000, subtype="PCM_16")
    cut_short_wav(session / "answer-2.wav", 800)
    # Killed before the first block arrived: nothing worth offering.
    cut_short_wav(session / "answer-3.wav", 0)
    recovered = recover_recordings(tmp_path / "recordings")
    assert [r.path.name for r in recovered] == ["answer-1.wav"]
    assert recovered[0].seconds == pytest.approx(0.5)
    assert sorted(p.name for p in session.iterdir()) == ["answer-1.wav", "answer-2.flac"]
