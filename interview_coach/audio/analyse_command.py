"""The `analyse FILE` command: the delivery analysis the app makes of each answer, for any recording."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from interview_coach.audio.delivery_analyser import AnalysisError, DeliveryAnalyser
from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.delivery_norms import figure_readings

# The keys `--json` prints, and only these: scripts rely on them (issue 15).
JSON_KEYS = (
    "transcript",
    "words",
    "speaking_seconds",
    "time_to_first_word",
    "wpm",
    "fillers",
    "filler_count",
    "fillers_per_minute",
    "long_pauses",
    "hedges",
    "model",
)
READINGS = {"comfortable": "", "fine": "", "worth_a_look": "  <- worth a look"}


def analyse(path: Path, *, as_json: bool, model: str, model_cache: Path | None) -> int:
    if not path.exists():
        raise AnalysisError(f"No such file: {path}", "audio")
    if path.is_dir():
        raise AnalysisError(f"{path} is a folder, not a recording", "audio")
    analyser = DeliveryAnalyser(model_cache)
    try:
        figures = analyser.analyse(path.resolve(), model=model)
    finally:
        analyser.close()
    if as_json:
        print(json.dumps(json_summary(figures), ensure_ascii=False))
    else:
        print(text_summary(figures))
    return 0


def json_summary(figures: DeliveryFigures) -> dict[str, Any]:
    data = figures.to_json()
    return {key: data[key] for key in JSON_KEYS}


def text_summary(figures: DeliveryFigures) -> str:
    lines = [figures.transcript or "(no speech was recognised)", ""]
    rows = figure_readings(figures)
    width = max(len(label) for label, *_ in rows)
    for label, value, reading, _norm in rows:
        lines.append(f"{label:<{width}}  {value}{READINGS.get(reading or '', '')}")
    notes = [norm for *_, norm in rows if norm]
    lines += ["", *notes, f"Model: {figures.model}", "Analysed on this computer; nothing was sent anywhere."]
    return "\n".join(lines)
