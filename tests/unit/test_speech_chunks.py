"""Where a long answer is cut for transcription: only in pauses, each piece within Whisper's prompt window."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import soundfile as sf
from hypothesis import given
from hypothesis import strategies as st

from interview_coach.audio.speech_recognition import LONGEST_CHUNK_SECONDS, chunk_cuts, growing_wav


def test_cuts_fall_in_the_middle_of_pauses_and_keep_pieces_short() -> None:
    speech = [(float(i * 6), float(i * 6 + 5)) for i in range(12)]  # 5 s of speech, 1 s pauses, 72 s
    cuts = chunk_cuts(speech, 0.0, 72.0)
    assert cuts and all(cut % 6 == 5.5 for cut in cuts)
    edges = [0.0, *cuts, 72.0]
    assert all(b - a <= LONGEST_CHUNK_SECONDS for a, b in pairwise(edges))


def test_a_short_answer_is_not_cut() -> None:
    assert chunk_cuts([(0.5, 5.0), (6.0, 12.0)], 0.0, 12.5) == []


@given(
    st.lists(st.tuples(st.floats(0.1, 30), st.floats(0.05, 4)), min_size=1, max_size=40),
    st.floats(0, 10),
)
def test_cuts_are_in_order_inside_the_span_and_never_in_speech(pieces: list[tuple[float, float]], start: float) -> None:
    speech, at = [], 0.0
    for length, pause in pieces:
        speech.append((at, at + length))
        at += length + pause
    cuts = chunk_cuts(speech, start, at)
    assert cuts == sorted(cuts) and all(start < c < at for c in cuts)
    assert not any(s < c < e for c in cuts for s, e in speech)


def test_a_growing_take_is_read_whatever_its_header_says(tmp_path: Path) -> None:
    take = tmp_path / "take.wav"
    samples = (np.sin(np.arange(16_000) / 10) * 0.5).astype(np.float32)
    sf.write(take, samples, 16_000, subtype="PCM_16")
    data = bytearray(take.read_bytes())
    data[40:44] = bytes(4)  # a take mid-recording: the data size is not written yet
    take.write_bytes(bytes(data))
    read = growing_wav(take)
    assert read is not None and len(read) == 16_000 and abs(float(read[100]) - samples[100]) < 1e-3
    stereo = tmp_path / "stereo.wav"
    sf.write(stereo, np.zeros((100, 2), dtype=np.float32), 16_000)
    assert growing_wav(stereo) is None
    (tmp_path / "text.wav").write_text("RIFF nonsense")
    assert growing_wav(tmp_path / "text.wav") is None
