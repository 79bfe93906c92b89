"""`interview-coach due`: what is due and why, for people and for scripts."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bench.demo_data import generate
from interview_coach.domain.journal import JournalEntry
from interview_coach.storage.database import open_database
from interview_coach.storage.journal_repository import JournalRepository

ROOT = Path(__file__).resolve().parent.parent
END = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


def run_due(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interview_coach", "--data-dir", str(data_dir), "due", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_due_lists_the_queue_as_text_and_json(tmp_path: Path) -> None:
    db = open_database(tmp_path / "interview-coach.sqlite3")
    try:
        generate(db, sessions=20, answers=150, end=END, seed=2)
        interview = date(2026, 11, 10)
        JournalRepository(db).add_entry(
            JournalEntry("Orbit", "Analyst", tags=("red-flag-handling",), interview_on=interview)
        )
    finally:
        db.close()
    day = "2026-11-09"
    result = run_due(tmp_path, "--json", "--date", day)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all({"question", "due", "state", "reason"} <= set(row) for row in rows)
    assert all(date.fromisoformat(row["due"]) <= date(2026, 11, 9) for row in rows)
    assert all(row["state"] in ("new", "learning", "review", "leech") for row in rows)
    assert all("/" in row["question"] for row in rows)
    interview_rows = [row for row in rows if row["source"] == "interview"]
    assert interview_rows and all("Analyst at Orbit" in row["reason"] for row in interview_rows)
    assert rows[0]["source"] == "interview"  # the interview's questions come first
    text = run_due(tmp_path, "--date", day)
    assert text.returncode == 0 and f"{len(rows)} questions due on {day}" in text.stdout
    assert rows[0]["question"] in text.stdout
    later = json.loads(run_due(tmp_path, "--json", "--date", str(date(2026, 11, 9) + timedelta(days=90))).stdout)
    assert len(later) >= len([row for row in rows if row["source"] == "schedule"])  # everything comes due


def test_a_bad_date_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    for bad in ("2026-13-01", "tomorrow", "20261203", "2026-02-30"):
        result = run_due(tmp_path, "--date", bad)
        assert result.returncode == 2 and "is not a day in the form YYYY-MM-DD" in result.stderr, bad
        assert "Traceback" not in result.stderr


def test_nothing_practised_yet_is_nothing_due_and_creates_no_database(tmp_path: Path) -> None:
    result = run_due(tmp_path, "--date", "2026-12-03")
    assert result.returncode == 0 and result.stdout.strip() == "Nothing is due on 2026-12-03."
    assert json.loads(run_due(tmp_path, "--json").stdout) == []
    assert not (tmp_path / "interview-coach.sqlite3").exists()
