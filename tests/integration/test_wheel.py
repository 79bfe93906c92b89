"""An installed wheel carries the question banks and rubrics and loads them without the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_a_built_wheel_loads_the_shipped_banks_from_inside_the_package(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("interview_coach-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "interview_coach/_shipped/question_banks/red-flags.toml" in names
    assert "interview_coach/_shipped/resources/rubrics/default.toml" in names

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        timeout=300,
    )
    # Run from an empty folder with the wheel's copy first on the path, so the checkout cannot be used.
    env = {**os.environ, "PYTHONPATH": str(site), "INTERVIEW_COACH_DATA_DIR": str(tmp_path / "data")}
    probe = (
        "import json, interview_coach.storage.locations as l, interview_coach.cli as c;"
        "print(json.dumps({'root': str(l.shipped_root()), 'module': c.__file__}))"
    )
    where = json.loads(
        subprocess.run(
            [sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
        ).stdout
    )
    assert where["module"].startswith(str(site)) and where["root"].startswith(str(site))

    listing = subprocess.run(
        [sys.executable, "-m", "interview_coach", "banks", "list", "--json"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert listing.returncode == 0, listing.stderr
    banks = json.loads(listing.stdout)
    assert all(b["file"].startswith(str(site)) for b in banks)
    shipped = len(list((ROOT / "question_banks").glob("*.toml")))
    assert len(banks) == shipped and sum(b["question_count"] for b in banks) >= 150
