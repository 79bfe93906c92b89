"""Frozen copies of a question and rubric, stored with each answer so editing a bank never rewrites history.

A session's plan and every answer keep these as JSON. `to_json()` writes exactly what earlier versions
wrote (the fields of `Question` and `Criterion`, in their order, and the question's key last), so the
database and exports do not change; `improper` (newer) is written only when set, just before the key.
`from_json()` reads what any version wrote, and what a damaged or hand-edited file holds: a missing or
mistyped field gets its default, never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from interview_coach.domain.questions import Question
from interview_coach.domain.rubric import SCORE_MAX, SCORE_MIN, Criterion, Rubric
from interview_coach.domain.validation import SLUG, text_or_empty, texts_in

LEVELS = SCORE_MAX - SCORE_MIN + 1
MAX_CRITERION_ID_CHARS = 64


@dataclass(frozen=True)
class QuestionSnapshot:
    key: str  # bank-id/question-id: history links attempts by it
    text: str
    category: str = ""
    bank_id: str = ""
    id: str = ""
    tags: tuple[str, ...] = ()
    think_seconds: int = 0
    answer_seconds: int = 0
    strong_answer: str = ""
    follow_ups: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()  # the rubric criteria that apply
    handling: str = ""  # red flags: how a good candidate handles it
    improper: str = ""  # a question an interviewer should not ask: why, and how to answer or deflect it

    @classmethod
    def of(cls, question: Question) -> QuestionSnapshot:
        return cls(
            key=question.key,
            text=question.text,
            category=question.category,
            bank_id=question.bank_id,
            id=question.id,
            tags=question.tags,
            think_seconds=question.think_seconds,
            answer_seconds=question.answer_seconds,
            strong_answer=question.strong_answer,
            follow_ups=question.follow_ups,
            criteria=question.criteria,
            handling=question.handling,
            improper=question.improper,
        )

    @classmethod
    def from_json(cls, data: Any) -> QuestionSnapshot:
        if not isinstance(data, Mapping):
            data = {}
        bank_id, question_id = text_or_empty(data, "bank_id"), text_or_empty(data, "id")
        return cls(
            key=text_or_empty(data, "key") or (f"{bank_id}/{question_id}" if bank_id and question_id else ""),
            text=text_or_empty(data, "text"),
            category=text_or_empty(data, "category"),
            bank_id=bank_id,
            id=question_id,
            tags=texts_in(data.get("tags")),
            think_seconds=_seconds(data, "think_seconds"),
            answer_seconds=_seconds(data, "answer_seconds"),
            strong_answer=text_or_empty(data, "strong_answer"),
            follow_ups=texts_in(data.get("follow_ups")),
            criteria=texts_in(data.get("criteria")),
            handling=text_or_empty(data, "handling"),
            improper=text_or_empty(data, "improper"),
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "bank_id": self.bank_id,
            "id": self.id,
            "text": self.text,
            "category": self.category,
            "tags": list(self.tags),
            "think_seconds": self.think_seconds,
            "answer_seconds": self.answer_seconds,
            "strong_answer": self.strong_answer,
            "follow_ups": list(self.follow_ups),
            "criteria": list(self.criteria),
            "handling": self.handling,
        }
        if self.improper:
            data["improper"] = self.improper
        data["key"] = self.key
        return data

    def to_question(self) -> Question:
        """The question as it was asked (for its suggested times, say), whatever the banks hold now."""
        return Question(
            bank_id=self.bank_id,
            id=self.id,
            text=self.text,
            category=self.category,
            tags=self.tags,
            think_seconds=self.think_seconds,
            answer_seconds=self.answer_seconds,
            strong_answer=self.strong_answer,
            follow_ups=self.follow_ups,
            criteria=self.criteria,
            handling=self.handling,
            improper=self.improper,
        )


@dataclass(frozen=True)
class RubricSnapshot:
    """The rubric an answer was scored against: only the criteria that applied to its question."""

    id: str
    title: str
    criteria: tuple[Criterion, ...]

    @classmethod
    def of(cls, rubric: Rubric, criteria: Iterable[Criterion] | None = None) -> RubricSnapshot:
        return cls(rubric.id, rubric.title, tuple(criteria if criteria is not None else rubric.criteria))

    @classmethod
    def from_json(cls, data: Any) -> RubricSnapshot:
        """Criteria without a usable id are left out; a missing name is the id, missing levels are blank."""
        if not isinstance(data, Mapping):
            data = {}
        raw = data.get("criteria")
        criteria = (_criterion(c) for c in (raw if isinstance(raw, list) else []))
        return cls(text_or_empty(data, "id"), text_or_empty(data, "title"), tuple(c for c in criteria if c is not None))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "criteria": [asdict(c) for c in self.criteria]}

    def names(self) -> dict[str, str]:
        """Criterion id -> name, in rubric order."""
        return {c.id: c.name for c in self.criteria}


def snapshot_criteria(question: QuestionSnapshot, rubric: RubricSnapshot) -> list[Criterion]:
    """The criteria an answer is scored on: its rubric snapshot, narrowed to those its question names.

    Only criteria whose ids a review pack can carry, the first of each id, in rubric order; all of them
    when the question names none of them (a snapshot from an older version).
    """
    unique: list[Criterion] = []
    for criterion in rubric.criteria:
        if is_criterion_id(criterion.id) and all(c.id != criterion.id for c in unique):
            unique.append(criterion)
    if question.criteria:
        narrowed = [c for c in unique if c.id in question.criteria]
        return narrowed or unique
    return unique


def is_criterion_id(value: str) -> bool:
    return len(value) <= MAX_CRITERION_ID_CHARS and SLUG.match(value) is not None


def _criterion(data: Any) -> Criterion | None:
    if not isinstance(data, Mapping):
        return None
    criterion_id = data.get("id")
    if not isinstance(criterion_id, str) or not criterion_id:
        return None
    levels = data.get("levels")
    if not (isinstance(levels, list) and len(levels) == LEVELS and all(isinstance(v, str) for v in levels)):
        levels = [""] * LEVELS
    name = text_or_empty(data, "name")
    return Criterion(
        id=criterion_id,
        name=name if name.strip() else criterion_id,
        summary=text_or_empty(data, "summary"),
        levels=tuple(levels),
        in_person=data.get("in_person") is True,
    )


def _seconds(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return 0
    return int(value)
