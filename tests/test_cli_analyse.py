"""`interview-coach analyse FILE [--json]`: the delivery analysis of any recording, from a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.answers import ANSWERS, make_answer
from tests.test_cli import run_cli

KEYS = {
    "transcript",
    "words",
    "speaking_seconds",
    "time_to_first_word",
    "wpm",
    "fillers",
    "filler_count",
    "fillers_per_minute",
    "long_pauses",
    "hedges",
    "model",
}


def test_json_gives_exactly_the_documented_keys(tmp_path: Path, data_dir: Path) -> None:
    answer = make_answer(tmp_path / "answer.wav", ANSWERS[1])
    result = run_cli("analyse", str(answer.path), "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert "hardest part" in data["transcript"].lower()
    assert all(set(w) == {"word", "start", "end"} and w["start"] <= w["end"] for w in data["words"])
    assert data["model"] == "tiny.en"
    assert data["fillers"].get("um", 0) + data["fillers"].get("uh", 0) >= 4
    assert data["filler_count"] == sum(data["fillers"].values())
    assert [round(p["start"]) for p in data["long_pauses"]] == [4]  # the 3 s pause after the first phrase
    assert abs(data["time_to_first_word"] - answer.first_word) < 0.15
    assert 60 < data["wpm"] < 250
    assert not (data_dir / "interview-coach.sqlite3").exists()  # analysing a file writes nothing


def test_plain_output_reads_as_figures_with_norms(tmp_path: Path, data_dir: Path) -> None:
    answer = make_answer(tmp_path / "answer.wav", ANSWERS[0])
    result = run_cli("analyse", str(answer.path), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert "Pace" in result.stdout and "words a minute" in result.stdout
    assert "130-160" in result.stdout and "Laske & DiGennaro Reed" in result.stdout
    assert "nothing was sent" in result.stdout


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.wav", "No such file"),
        (lambda d: d, "is a folder"),
        (lambda d: (d / "notes.txt").write_text("hello") and d / "notes.txt", "not an audio file"),
        (lambda d: (d / "empty.wav").write_bytes(b"") or d / "empty.wav", "not an audio file"),
    ],
)
def test_a_bad_file_is_one_clear_line_and_exit_1(tmp_path: Path, data_dir: Path, make: object, message: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    result = run_cli("analyse", str(path), "--json", data_dir=data_dir)
    assert result.returncode == 1
    assert result.stdout == ""
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_an_unknown_model_is_refused(tmp_path: Path, data_dir: Path) -> None:
    answer = make_answer(tmp_path / "answer.wav", ANSWERS[0][:2])
    result = run_cli("analyse", str(answer.path), "--model", "huge", data_dir=data_dir)
    assert result.returncode == 1 and "Unknown speech-recognition model" in result.stderr
