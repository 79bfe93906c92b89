"""`interview-coach restore` of a backup an attacker mailed: exit status 1, one line naming the problem, no
traceback, nothing in the data folder changed, and a file outside the data folder never touched."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from interview_coach.domain.records import SELF, AnswerTimings
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.practice_repository import PracticeRepository

ROOT = Path(__file__).resolve().parent.parent
QUESTION = {"bank_id": "opening", "id": "about", "key": "opening/about", "text": "Tell me about yourself.",
            "category": "opening", "tags": [], "think_seconds": 30, "answer_seconds": 120, "strong_answer": "",
            "follow_ups": [], "criteria": ["fit"], "handling": ""}  # fmt: skip
RUBRIC = {"id": "default", "title": "Rubric", "criteria": [{"id": "fit", "name": "Fit with the role"}]}


def cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interview_coach", "--data-dir", str(data_dir), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def fill(data_dir: Path) -> None:
    (data_dir / "question_banks").mkdir(parents=True, exist_ok=True)
    db = open_database(data_dir / "interview-coach.sqlite3")
    try:
        repo = PracticeRepository(db)
        session = repo.create_session("solo", {})
        answer = repo.add_answer(
            session.id,
            1,
            QuestionSnapshot.from_json(QUESTION),
            RubricSnapshot.from_json(RUBRIC),
            AnswerTimings(30, 120, 5.5, 100.0),
        )
        path = f"recordings/{session.id}/01-0123abcd.flac"
        (data_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / path).write_bytes(b"fLaC take")
        repo.update_answer(answer.id, status="recorded", recording_path=path)
        repo.add_scores(answer.id, SELF, {"fit": 4})
        repo.end_session(session.id)
    finally:
        db.close()
    (data_dir / "question_banks" / "mine.toml").write_text("# mine\n", encoding="utf-8")


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p): (p.lstat().st_mode, p.read_bytes() if p.is_file() and not p.is_symlink() else b"")
        for p in sorted([folder, *folder.rglob("*")])
    }


def tamper(archive: Path, out: Path, *, sql: str = "", manifest: bytes | None = None) -> Path:
    """The archive with `sql` run on its database (constraints off) and a manifest that lists it honestly."""
    with zipfile.ZipFile(archive) as opened:
        files = {n: opened.read(n) for n in opened.namelist() if n != "manifest.json"}
        document = json.loads(opened.read("manifest.json"))
    if sql:
        work = out.with_suffix(".sqlite3")
        work.write_bytes(files["interview-coach.sqlite3"])
        connection = sqlite3.connect(work)
        connection.execute("PRAGMA ignore_check_constraints = ON")
        connection.execute(sql)
        connection.commit()
        connection.close()
        files["interview-coach.sqlite3"] = work.read_bytes()
        work.unlink()
    document["files"] = [{"path": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in files.items()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as opened:
        for name, data in files.items():
            opened.writestr(name, data)
        opened.writestr("manifest.json", manifest if manifest is not None else json.dumps(document))
    return out


@pytest.fixture
def good_backup(tmp_path: Path) -> Path:
    source = tmp_path / "attacker"
    fill(source)
    result = cli("backup", str(tmp_path / "good.zip"), data_dir=source)
    assert result.returncode == 0, result.stderr
    return tmp_path / "good.zip"


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, Path]:
    """The user's data folder, and a file of theirs beside it that the attacker aims at."""
    data = tmp_path / "home" / "data"
    fill(data)
    victim = tmp_path / "home" / "victim.txt"
    victim.write_text("the user's tax return", encoding="utf-8")
    victim.chmod(0o640)
    return data, victim


CASES = {
    "a path out of the data folder": ("UPDATE answers SET recording_path = '../victim.txt'", "recording"),
    "an absolute path": ("UPDATE answers SET recording_path = '/etc/passwd'", "recording"),
    "a path through recordings": ("UPDATE answers SET recording_path = 'recordings/../../victim.txt'", "recording"),
    "text in an integer column": ("UPDATE answers SET position = 'abc' WHERE position = 1", "answers.position"),
    "a question that is not JSON": ("UPDATE answers SET question_json = '" + "[" * 3000 + "'", "answers.question_json"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_restoring_a_hostile_backup_from_the_command_line_fails_cleanly_and_changes_nothing(
    case: str, good_backup: Path, home: tuple[Path, Path], tmp_path: Path
) -> None:
    data, victim = home
    statement, named = CASES[case]
    hostile = tamper(good_backup, tmp_path / "hostile.zip", sql=statement)
    before, victim_before = snapshot(data), (victim.read_bytes(), stat.S_IMODE(victim.stat().st_mode))

    result = cli("restore", str(hostile), "--yes", data_dir=data)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interview-coach: ") and str(hostile) in lines[0], result.stderr
    assert "was refused" in lines[0] and named in lines[0]
    assert snapshot(data) == before
    assert (victim.read_bytes(), stat.S_IMODE(victim.stat().st_mode)) == victim_before
    exported = cli("export", "--format", "json", data_dir=data)  # and the data still exports
    assert exported.returncode == 0 and "Traceback" not in exported.stderr


MANIFESTS = {
    "nested too deeply": b'{"format": "interview-coach-backup", "v": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "a 5,000-digit number": b'{"format": "interview-coach-backup", "version": ' + b"1" * 5000 + b"}",
    "a lone surrogate": b'{"format": "interview-coach-backup", "version": 1, "app_version": "\\ud800"}',
}


@pytest.mark.parametrize("case", sorted(MANIFESTS))
def test_a_hostile_manifest_is_one_line_never_a_traceback(
    case: str, good_backup: Path, home: tuple[Path, Path], tmp_path: Path
) -> None:
    data, _ = home
    hostile = tamper(good_backup, tmp_path / "manifest.zip", manifest=MANIFESTS[case])
    before = snapshot(data)
    result = cli("restore", str(hostile), "--yes", data_dir=data)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "manifest" in lines[0], result.stderr
    assert snapshot(data) == before
