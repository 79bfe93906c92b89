"""A data folder on a full disk: said to be full (never "damaged"), still readable, and intact after."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Runs inside a private mount namespace with a 1 MiB tmpfs at DISK: makes a data folder holding one
# noted answer, fills the disk to the last byte, then tries what a user would. Prints one JSON line.
SCENARIO = r"""
import json, os, subprocess, sys
from pathlib import Path
from interview_coach.domain.records import SELF, AnswerTimings
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository

disk = Path(sys.argv[1])
layout = DataLayout(disk / "data")
layout.ensure()
db = open_database(layout.database)
repo = PracticeRepository(db)
session = repo.create_session("solo", {})
question = {"bank_id": "opening", "id": "about", "key": "opening/about", "text": "Tell me about yourself.",
            "category": "opening", "tags": [], "think_seconds": 30, "answer_seconds": 120, "strong_answer": "",
            "follow_ups": [], "criteria": ["fit"], "handling": ""}
rubric = RubricSnapshot("r", "R", ())
answer = repo.add_answer(session.id, 1, QuestionSnapshot.from_json(question), rubric, AnswerTimings(30, 120))
repo.set_note(answer.id, SELF, "My best answer yet")
db.close()
filler = os.open(disk / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
for size in (65536, 4096, 512, 1):
    try:
        while True:
            os.write(filler, b"\0" * size)
    except OSError:
        pass
os.close(filler)

def cli(*args):
    done = subprocess.run([sys.executable, "-m", "interview_coach", "--data-dir", str(layout.root), *args],
                          capture_output=True, text=True, timeout=120)
    return {"code": done.returncode, "out": done.stdout, "err": done.stderr}

result = {"free": os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize}
result["export"] = cli("export", "--format", "json")
result["backup"] = cli("backup", sys.argv[2])
from interview_coach.app import StartupError, open_data
try:
    open_data(layout.root)[1].close()
    result["window"] = "opened"
except StartupError as error:
    result["window"] = str(error)
os.remove(disk / "filler")
db = open_database(layout.database)
result["integrity"] = db.execute("PRAGMA integrity_check").fetchone()[0]
result["note"] = db.execute("SELECT body FROM notes").fetchone()[0]
db.close()
print(json.dumps(result))
"""


def test_a_full_disk_is_named_as_such_the_data_can_still_be_exported_and_nothing_is_damaged(tmp_path: Path) -> None:
    if not shutil.which("unshare"):
        pytest.fail("util-linux's unshare is needed to make a small disk")
    disk = tmp_path / "small-disk"
    disk.mkdir()
    script = 'mount -t tmpfs -o size=1m tmpfs "$0" || exit 99; exec "$@"'
    backup = tmp_path / "elsewhere" / "backup.zip"  # another disk: where a user would save a copy
    backup.parent.mkdir()
    command = ["unshare", "-rm", "sh", "-c", script, str(disk), sys.executable, "-c", SCENARIO, str(disk), str(backup)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["free"] < 8192  # the disk really was full

    export = result["export"]
    assert export["code"] == 0, export["err"]  # read-only: the data can be taken elsewhere
    notes = [n["body"] for s in json.loads(export["out"])["sessions"] for a in s["answers"] for n in a["notes"]]
    assert notes == ["My best answer yet"]

    assert result["backup"]["code"] == 0, result["backup"]["err"]  # and backed up to another disk
    assert backup.exists()

    assert "is full" in result["window"] and "damaged" not in result["window"]
    assert "Free at least" in result["window"]

    assert result["integrity"] == "ok" and result["note"] == "My best answer yet"
