"""Frozen copies of a question and rubric, stored with each answer so editing a bank never rewrites history."""

from __future__ import annotations

from collections.abc import Mapping
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


def question_from_snapshot(snapshot: Mapping[str, Any]) -> Question:
    """The question as it was asked, back from its snapshot (a plan entry or an answer's)."""
    fields = ("bank_id", "id", "text", "category", "tags", "think_seconds", "answer_seconds", "strong_answer")
    values = {name: snapshot[name] for name in fields}
    values["tags"] = tuple(values["tags"])
    return Question(
        **values,
        follow_ups=tuple(snapshot.get("follow_ups", ())),
        criteria=tuple(snapshot.get("criteria", ())),
        handling=snapshot.get("handling", ""),
    )
