"""Dependencies point down: domain knows nothing else; storage and audio never reach into the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "interview_coach"

# layer -> project layers and third-party roots it must not import
FORBIDDEN = {
    "domain": (
        {"storage", "audio", "controllers", "ui", "app", "cli"},
        {"PySide6", "sounddevice", "pyttsx3"},
    ),
    "storage": ({"audio", "controllers", "ui", "app", "cli"}, {"PySide6"}),
    "audio": ({"storage", "controllers", "ui", "app", "cli"}, set()),
    "controllers": ({"ui", "app", "cli"}, set()),
    "ui": ({"app", "cli"}, set()),
}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_is_below_it(layer: str) -> None:
    project_forbidden, external_forbidden = FORBIDDEN[layer]
    offences = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imports_of(path):
            parts = name.split(".")
            if parts[0] == "interview_coach" and len(parts) > 1 and parts[1] in project_forbidden:
                offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
            if parts[0] in external_forbidden:
                offences.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offences == []


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from interview_coach.ui.main_window import MainWindow\nimport PySide6.QtCore\n")
    assert imports_of(bad) == {"interview_coach.ui.main_window", "PySide6.QtCore"}
