"""Questions and the banks that hold them."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

RED_FLAG = "red-flag"

CATEGORY_LABELS: dict[str, str] = {
    "opening": "Opening",
    "behavioural": "Behavioural",
    "situational": "Situational",
    "motivation": "Motivation and fit",
    RED_FLAG: "Red flags",
    "closing": "Closing",
    "role-specific": "Role-specific",
}


def category_label(category: str) -> str:
    """A readable name for a category, also for categories users invent."""
    return CATEGORY_LABELS.get(category, category.replace("-", " ").capitalize())


@dataclass(frozen=True)
class Question:
    bank_id: str
    id: str
    text: str
    category: str
    tags: tuple[str, ...]
    think_seconds: int
    answer_seconds: int
    strong_answer: str
    follow_ups: tuple[str, ...]
    criteria: tuple[str, ...]
    handling: str = ""
    # Set on a question an interviewer should not ask (age, family, health...): why, and how to answer
    # or deflect it gracefully. Shown as a notice wherever the question is shown.
    improper: str = ""

    @property
    def key(self) -> str:
        """Stable id across the whole app; history links attempts by it."""
        return f"{self.bank_id}/{self.id}"

    @property
    def is_red_flag(self) -> bool:
        return self.category == RED_FLAG


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    description: str
    version: int
    questions: tuple[Question, ...]
    source: str = ""
    shipped: bool = True

    def category_counts(self) -> dict[str, int]:
        return dict(Counter(q.category for q in self.questions))

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class LoadProblem:
    """Why a bank (or rubric) file could not be used, worded for the user."""

    source: str
    entry: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}: {self.entry}" if self.entry else self.source
        # Always one line: a file name may hold a line break or a terminal control sequence.
        return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], f"{where}: {self.message}")


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Catalogue:
    """All banks that loaded, plus the problems met on the way."""

    banks: list[Bank] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)

    def bank(self, bank_id: str) -> Bank | None:
        return next((b for b in self.banks if b.id == bank_id), None)

    def questions(self) -> list[Question]:
        return [q for b in self.banks for q in b.questions]

    def question(self, key: str) -> Question | None:
        bank_id, _, question_id = key.partition("/")
        bank = self.bank(bank_id)
        return bank.question(question_id) if bank else None

    def categories(self) -> list[str]:
        seen = {q.category for q in self.questions()}
        ordered = [c for c in CATEGORY_LABELS if c in seen]
        return ordered + sorted(seen - set(ordered))

    def tags(self) -> list[str]:
        return sorted({t for q in self.questions() for t in q.tags})
