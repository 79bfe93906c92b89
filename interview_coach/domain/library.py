"""The content a data folder sees: the question catalogue and the rubrics, with what failed to load.

Plain data; `storage/library.py` loads it from the shipped and the user's files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_coach.domain.questions import Catalogue, LoadProblem
from interview_coach.domain.rubric import Rubric

DEFAULT_RUBRIC_ID = "default"


@dataclass
class Library:
    catalogue: Catalogue
    rubrics: list[Rubric]
    problems: list[LoadProblem] = field(default_factory=list)

    @property
    def default_rubric(self) -> Rubric:
        return next((r for r in self.rubrics if r.id == DEFAULT_RUBRIC_ID), self.rubrics[0])

    def rubric(self, rubric_id: str) -> Rubric | None:
        return next((r for r in self.rubrics if r.id == rubric_id), None)
