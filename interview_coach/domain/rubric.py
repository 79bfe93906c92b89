"""Rubrics: the criteria an answer is scored on, each 1-5 with a described level."""

from __future__ import annotations

from dataclasses import dataclass

SCORE_MIN = 1
SCORE_MAX = 5


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    summary: str
    levels: tuple[str, ...]  # levels[0] describes a 1, levels[4] a 5
    in_person: bool = False  # judged by someone in the room (eye contact, posture)

    def level_text(self, score: int) -> str:
        return self.levels[score - SCORE_MIN]


@dataclass(frozen=True)
class Rubric:
    id: str
    title: str
    description: str
    criteria: tuple[Criterion, ...]
    source: str = ""

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    def applicable(self, criteria_ids: tuple[str, ...], *, include_in_person: bool) -> list[Criterion]:
        """The criteria a question names, in rubric order; in-person ones only when someone can judge them."""
        wanted = set(criteria_ids)
        return [c for c in self.criteria if c.id in wanted and (include_in_person or not c.in_person)]
