"""Issue 13 from the command line: a hostile bank file gives a one-line problem naming it and exit status 1 from
`banks validate`, and `banks list --json` stays valid JSON with every other bank in it. No traceback, no hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.hostile_banks import GOOD_ID, Hostile, hostile_params, write_good_bank

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT = 2 * 1024**3  # a reader that follows /dev/zero fails fast instead of filling the machine


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--data-dir", str(data_dir)] if data_dir else []
    try:
        return subprocess.run(
            [sys.executable, "-m", "interview_coach", *extra, *args],
            capture_output=True,
            text=True,
            timeout=45,
            cwd=ROOT,
            preexec_fn=_limit_memory if os.name == "posix" else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"interview-coach {' '.join(args)} did not finish within 45 s")


def assert_reported(stderr: str, bad: Path, hostile: Hostile, *, prefix: str = "") -> None:
    assert "Traceback" not in stderr, stderr[-2000:]
    lines = [line for line in stderr.splitlines() if line.startswith(f"{prefix}{bad}: ")]
    assert len(lines) == 1, stderr[-2000:]
    assert hostile.expected in lines[0] and len(lines[0]) < 400


@pytest.mark.parametrize("hostile", hostile_params())
def test_validate_refuses_the_hostile_file_with_its_name(hostile: Hostile, tmp_path: Path) -> None:
    bad = hostile.write(tmp_path / "banks")
    result = run_cli("banks", "validate", str(bad))
    assert result.returncode == 1, result.stderr[-2000:]
    assert_reported(result.stderr, bad, hostile)
    assert "1 of 1 file invalid" in result.stderr


@pytest.mark.parametrize("hostile", hostile_params())
def test_validating_the_folder_reports_the_hostile_file_and_passes_the_good_one(
    hostile: Hostile, tmp_path: Path
) -> None:
    folder = tmp_path / "banks"
    good = write_good_bank(folder)
    bad = hostile.write(folder)
    result = run_cli("banks", "validate", str(folder))
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"ok: {good} (bank '{GOOD_ID}', 1 question)" in result.stdout
    assert_reported(result.stderr, bad, hostile)
    assert "1 of 2 files invalid" in result.stderr


@pytest.mark.parametrize("hostile", hostile_params())
def test_list_json_stays_valid_beside_a_hostile_user_bank(hostile: Hostile, data_dir: Path) -> None:
    banks = data_dir / "question_banks"
    write_good_bank(banks)
    bad = hostile.write(banks)
    result = run_cli("banks", "list", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr[-2000:]
    listed = {b["id"]: b for b in json.loads(result.stdout)}
    assert GOOD_ID in listed and not listed[GOOD_ID]["shipped"]
    assert "red-flags" in listed and "opening" in listed
    assert_reported(result.stderr, bad, hostile, prefix="warning: ")
