"""Frozen copies of a question and rubric, stored with each answer so editing a bank never rewrites history."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from interview_coach.domain.questions import Question
from interview_coach.domain.rubric import Criterion, Rubric


def question_snapshot(question: Question) -> dict[str, Any]:
    data = asdict(question)
    data["key"] = question.key
    return data


def rubric_snapshot(rubric: Rubric, criteria: list[Criterion] | None = None) -> dict[str, Any]:
    chosen = criteria if criteria is not None else list(rubric.criteria)
    return {
        "id": rubric.id,
        "title": rubric.title,
        "criteria": [asdict(c) for c in chosen],
    }
