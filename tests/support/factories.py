"""Builders for test content: valid bank data to break one field at a time."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

VALID_QUESTION: dict[str, Any] = {
    "id": "why-gap",
    "text": "Why is there a gap on your CV?",
    "category": "red-flag",
    "tags": ["gap"],
    "think_seconds": 15,
    "answer_seconds": 90,
    "strong_answer": "Brief, honest, turns to growth.",
    "follow_ups": ["What did you learn?"],
    "criteria": ["red-flag-handling", "fit"],
    "handling": "Say it in one sentence, then move on.",
}


def bank_data(bank_id: str = "test-bank", questions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "bank": {"id": bank_id, "title": "Test bank", "description": "For tests", "version": 1},
        "questions": questions if questions is not None else [copy.deepcopy(VALID_QUESTION)],
    }


def question(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID_QUESTION)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def to_toml(data: dict[str, Any]) -> str:
    lines = ["[bank]"] + [f"{k} = {_toml_value(v)}" for k, v in data["bank"].items()]
    for entry in data["questions"]:
        lines += ["", "[[questions]]"] + [f"{k} = {_toml_value(v)}" for k, v in entry.items()]
    return "\n".join(lines) + "\n"


def write_bank(folder: Path, name: str, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(to_toml(data), encoding="utf-8")
    return path
