"""The layer rules of docs/ARCHITECTURE.md hold: import-linter checks the contracts in pyproject.toml.

`make lint` runs the same check; running it here too means `make test` (and so CI) fails on a broken
rule. The second test breaks each kind of rule in a copy of the package and expects the check to fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(checkout: Path) -> subprocess.CompletedProcess[str]:
    """Checks the package in `checkout` (found first on the path) against that checkout's pyproject.toml."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout), "NO_COLOR": "1", "COLUMNS": "250"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_package_keeps_every_layer_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


BAD_IMPORTS = [
    # module, line appended to it, the contract that must break
    ("domain/rubric.py", "from interview_coach import ui", "Dependencies point down"),
    ("storage/export.py", "from ..audio import errors", "Dependencies point down"),  # audio | storage
    ("audio/player.py", "from interview_coach.storage import database", "Dependencies point down"),
    ("domain/questions.py", "from interview_coach.stored_paths import resolve_stored", "Dependencies point down"),
    # an import made only for type checking, or inside a function, counts too
    (
        "controllers/journal_controller.py",
        "if TYPE_CHECKING:\n    from interview_coach.ui import theme",
        "Dependencies point down",
    ),
    ("controllers/autosave.py", "def _window():\n    from interview_coach import app", "Dependencies point down"),
    ("audio/player.py", "from PySide6 import QtCore", "Only the GUI layers use Qt"),
    ("storage/database.py", "import shiboken6", "Only the GUI layers use Qt"),
    ("domain/questions.py", "import numpy", "The domain is plain Python"),
    ("domain/history.py", "import sqlite3", "The domain is plain Python"),
    ("storage/backup.py", "import sounddevice", "Storage does not touch audio devices"),
    ("ui/progress/charts.py", "from interview_coach.ui.journal import charts", "No import cycles between the screens"),
]


@pytest.mark.parametrize(("module", "line", "contract"), BAD_IMPORTS, ids=[f"{m}: {c}" for m, _, c in BAD_IMPORTS])
def test_a_broken_rule_fails_the_check(tmp_path: Path, module: str, line: str, contract: str) -> None:
    checkout = tmp_path / "checkout"
    package = checkout / "interview_coach"
    shutil.copytree(ROOT / "interview_coach", package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    path = package / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{line}\n", encoding="utf-8")

    result = lint_imports(checkout)

    assert result.returncode == 1, result.stdout + result.stderr
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert len(broken) == 1 and broken[0].startswith(contract), result.stdout
