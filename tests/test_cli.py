"""The command line as a user or a script calls it: in a real subprocess, with a real data folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from interview_coach import __version__
from tests.support.factories import bank_data, question, write_bank

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run(
        [sys.executable, "-m", "interview_coach", *extra, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"interview-coach {__version__}"


def test_banks_list_json_gives_each_bank_with_counts(data_dir: Path) -> None:
    result = run_cli("banks", "list", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    banks = {b["id"]: b for b in json.loads(result.stdout)}
    red = banks["red-flags"]
    assert red["title"] and red["file"].endswith("red-flags.toml")
    assert red["question_count"] == sum(red["categories"].values()) >= 30
    assert red["categories"]["red-flag"] == red["question_count"]


def test_a_users_bank_is_listed_and_a_broken_one_warned_about(data_dir: Path) -> None:
    banks_dir = data_dir / "question_banks"
    write_bank(banks_dir, "mine.toml", bank_data("my-practice", [question(category="behavioural")]))
    (banks_dir / "broken.toml").write_text("[bank]\nid = 'oops'\n", encoding="utf-8")
    result = run_cli("banks", "list", data_dir=data_dir)
    assert result.returncode == 0
    assert "my-practice" in result.stdout and "(yours)" in result.stdout
    assert "broken.toml: [bank]: 'title' is missing" in result.stderr


def test_validate_passes_every_shipped_bank() -> None:
    banks = sorted(str(p) for p in (ROOT / "question_banks").glob("*.toml"))
    result = run_cli("banks", "validate", *banks)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("ok: ") == len(banks)


def test_validate_names_the_file_entry_and_problem_and_fails(tmp_path: Path) -> None:
    good = write_bank(tmp_path, "good.toml", bank_data("good"))
    bad = write_bank(tmp_path, "bad.toml", bank_data("bad", [question(id="q1"), question(id="q2", answer_seconds=0)]))
    result = run_cli("banks", "validate", str(good), str(bad))
    assert result.returncode == 1
    assert f"{bad}: question 2 (q2): 'answer_seconds' = 0 is outside 10-1200" in result.stderr
    assert "1 of 2 files invalid" in result.stderr


def test_validate_reports_duplicate_bank_ids_across_files(tmp_path: Path) -> None:
    first = write_bank(tmp_path, "a.toml", bank_data("same"))
    second = write_bank(tmp_path, "b.toml", bank_data("same"))
    result = run_cli("banks", "validate", str(first), str(second))
    assert result.returncode == 1 and "bank id 'same' is already used by" in result.stderr


def test_show_prints_questions_with_guidance(data_dir: Path) -> None:
    result = run_cli("banks", "show", "red-flags", data_dir=data_dir)
    assert result.returncode == 0
    assert "red-flags/employment-gap" in result.stdout and "Handling:" in result.stdout
    assert "  Should not be asked: " in result.stdout  # the caregiving questions are marked
    missing = run_cli("banks", "show", "nope", data_dir=data_dir)
    assert missing.returncode == 1 and "no bank 'nope'" in missing.stderr
