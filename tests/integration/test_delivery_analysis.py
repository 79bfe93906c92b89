"""The delivery analysis on real audio, through the worker process and the bundled Whisper model.

Synthetic answers (espeak-ng, with silences inserted at known places) check fillers, pauses and the
time to the first word against the truth; LibriVox clips (Debian's pocketsphinx-testdata) check the
transcript of real human speech.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_coach.audio.delivery_analyser import AnalysisError, DeliveryAnalyser
from tests.support.answers import ANSWERS, KnownAnswer, make_answer

LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")
TOLERANCE = 0.15  # seconds


@pytest.fixture
def analyser() -> Iterator[DeliveryAnalyser]:
    analyser = DeliveryAnalyser()
    yield analyser
    analyser.close()


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> list[KnownAnswer]:
    folder = tmp_path_factory.mktemp("answers")
    return [make_answer(folder / f"answer{i}.wav", parts, seed=i) for i, parts in enumerate(ANSWERS)]


def test_um_and_uh_are_found(analyser: DeliveryAnalyser, answers: list[KnownAnswer]) -> None:
    spoken = found = 0
    for answer in answers:
        figures = analyser.analyse(answer.path)
        for kind in ("um", "uh"):
            spoken += answer.fillers[kind]
            found += min(answer.fillers[kind], figures.fillers.get(kind, 0))
    assert spoken >= 14
    assert found / spoken >= 0.9, f"{found} of {spoken} um/uh found"


def test_every_pause_over_a_second_is_found_where_it_is(analyser: DeliveryAnalyser, answers: list[KnownAnswer]) -> None:
    for answer in answers:
        figures = analyser.analyse(answer.path)
        for start, duration in answer.silences:
            if duration <= 1.0:
                continue
            near = [p for p in figures.pauses if abs(p.start - start) <= TOLERANCE]
            assert near, f"{answer.path.name}: the {duration} s pause at {start:.2f} s was not found: {figures.pauses}"
            assert abs(near[0].end - (start + duration)) <= TOLERANCE
        expected_long = sum(1 for _, d in answer.silences if d > 2.0 + TOLERANCE)
        assert len(figures.long_pauses) >= expected_long


def test_time_to_first_word_is_measured_from_the_cue(analyser: DeliveryAnalyser, answers: list[KnownAnswer]) -> None:
    for answer in answers:
        figures = analyser.analyse(answer.path, cue_end=0.3)
        assert figures.time_to_first_word is not None
        assert abs(figures.time_to_first_word - (answer.first_word - 0.3)) <= TOLERANCE


def normalised_words(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]+", " ", text.lower().replace("mr.", "mister")).split()


def word_error_rate(reference: list[str], hypothesis: list[str]) -> float:
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1] / len(reference)


@pytest.mark.skipif(not LIBRIVOX.is_dir(), reason="needs pocketsphinx-testdata (scripts/system-deps.sh test)")
def test_read_human_speech_is_transcribed_accurately(analyser: DeliveryAnalyser) -> None:
    lines = (LIBRIVOX / "transcription").read_text().splitlines()
    reference: list[str] = []
    recognised: list[str] = []
    for line in lines:
        match = re.fullmatch(r"<s> (.*) </s> \((.*)\)", line.strip())
        assert match, line
        reference += normalised_words(match.group(1))
        recognised += normalised_words(analyser.analyse(LIBRIVOX / f"{match.group(2)}.wav").transcript)
    assert len(reference) > 60
    assert word_error_rate(reference, recognised) < 0.15, " ".join(recognised)


def test_a_file_that_is_not_audio_is_a_clear_error(analyser: DeliveryAnalyser, tmp_path: Path) -> None:
    text = tmp_path / "notes.wav"
    text.write_text("not audio at all")
    with pytest.raises(AnalysisError, match="not an audio file") as error:
        analyser.analyse(text)
    assert error.value.kind == "audio"
    with pytest.raises(AnalysisError, match="No such file"):
        analyser.analyse(tmp_path / "missing.wav")


def test_a_crashed_worker_is_a_clear_error_and_the_next_answer_still_works(
    answers: list[KnownAnswer], tmp_path: Path
) -> None:
    analyser = DeliveryAnalyser()
    try:
        analyser.analyse(answers[0].path)
        pid = analyser.worker_pid
        assert pid is not None
        os.kill(pid, 9)
        with pytest.raises(AnalysisError, match="stopped unexpectedly"):
            analyser.analyse(answers[0].path)
        assert analyser.analyse(answers[0].path).words
    finally:
        analyser.close()


def test_the_worker_runs_at_low_priority_and_stops_when_idle(answers: list[KnownAnswer]) -> None:
    analyser = DeliveryAnalyser(idle_seconds=2.0)
    try:
        assert analyser.worker_pid is None  # nothing starts before the first answer
        analyser.analyse(answers[0].path)
        pid = analyser.worker_pid
        assert pid is not None
        assert os.getpriority(os.PRIO_PROCESS, pid) > os.getpriority(os.PRIO_PROCESS, 0)
        deadline = time.monotonic() + 20
        while analyser.worker_pid is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert analyser.worker_pid is None
    finally:
        analyser.close()


def grow(source: Path, growing: Path, seconds: float) -> None:
    """The first `seconds` of `source` written as the recorder leaves a take mid-recording."""
    data, rate = sf.read(str(source), dtype="int16")
    with sf.SoundFile(growing, "w", rate, 1, "PCM_16") as out:
        out.write(data[: int(seconds * rate)])


def test_a_take_followed_while_recorded_gives_the_same_findings(
    analyser: DeliveryAnalyser, answers: list[KnownAnswer], tmp_path: Path
) -> None:
    answer = answers[0]
    length = sf.info(str(answer.path)).duration
    growing = tmp_path / "take.wav"
    done = 0.0
    for seconds in range(3, int(length) + 1, 3):
        grow(answer.path, growing, seconds)
        done = analyser.follow("take-1", growing)
    assert done > 8.0  # most of the answer was transcribed before Stop
    figures = analyser.analyse(answer.path, take="take-1")
    assert figures.fillers.get("um", 0) + figures.fillers.get("uh", 0) >= 0.9 * sum(answer.fillers.values())
    for start, duration in answer.silences:
        if duration > 1.0:
            assert any(abs(p.start - start) <= TOLERANCE for p in figures.pauses)
    assert "engineers" in figures.transcript and "outage" in figures.transcript
    words = [w.start for w in figures.words]
    assert words == sorted(words)  # the followed part and the rest join in order, with nothing twice


def test_following_a_file_that_is_not_a_take_being_recorded_does_nothing(
    analyser: DeliveryAnalyser, tmp_path: Path
) -> None:
    other = tmp_path / "other.wav"
    sf.write(other, np.zeros(48_000, dtype=np.float32), 48_000)  # not 16 kHz: not a take
    assert analyser.follow("take-2", other) == 0.0
    assert analyser.follow("take-3", tmp_path / "gone.wav") == 0.0
