"""How the candidate's self-scores compare with a friend's: for one answer, and over time.

A friend's view is the nearest thing to an interviewer's; a steady gap on one criterion tells the
candidate to trust their own judgement less there (or more).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from interview_coach.domain.history import AnswerFact

Agreement = Literal["agree", "close", "apart", "only_self", "only_friend"]
MIN_PAIRS = 3  # fewer paired scores on a criterion say nothing about a habit
NOTABLE_GAP = 0.5  # a mean gap below this is within the noise of a 1-5 scale


@dataclass(frozen=True)
class ComparedScore:
    criterion_id: str
    name: str
    self_score: int | None
    friend_score: int | None

    @property
    def difference(self) -> int | None:
        """Self minus friend: positive when the candidate rated themselves higher."""
        if self.self_score is None or self.friend_score is None:
            return None
        return self.self_score - self.friend_score

    @property
    def agreement(self) -> Agreement:
        if self.friend_score is None:
            return "only_self"
        if self.self_score is None:
            return "only_friend"
        gap = abs(self.self_score - self.friend_score)
        return "agree" if gap == 0 else "close" if gap == 1 else "apart"


def compare_scores(
    criteria: Sequence[tuple[str, str]], self_scores: Mapping[str, int], friend_scores: Mapping[str, int]
) -> list[ComparedScore]:
    """One row per criterion (id, name), in the given order; in-person ones have only the friend's score."""
    return [ComparedScore(cid, name, self_scores.get(cid), friend_scores.get(cid)) for cid, name in criteria]


def agreement_line(rows: Sequence[ComparedScore]) -> str:
    """A one-line reading of a comparison, e.g. "You agree on 3 of 5 points; you differ most on Enthusiasm."."""
    paired = [r for r in rows if r.difference is not None]
    if not paired:
        return "No point was scored by both of you."
    same = sum(1 for r in paired if r.difference == 0)
    text = f"You agree exactly on {same} of {len(paired)} points"
    widest = max(paired, key=lambda r: abs(r.difference or 0))
    gap = widest.difference or 0
    if abs(gap) >= 2:
        direction = "higher" if gap > 0 else "lower"
        return f"{text}; the widest gap is {widest.name}: you scored yourself {abs(gap)} {direction}."
    return f"{text}, and never more than a point apart."


@dataclass(frozen=True)
class CriterionCalibration:
    criterion_id: str
    name: str
    mean_gap: float  # self minus friend, averaged over answers both scored
    pairs: int

    @property
    def notable(self) -> bool:
        return self.pairs >= MIN_PAIRS and abs(self.mean_gap) >= NOTABLE_GAP

    def sentence(self) -> str:
        if abs(self.mean_gap) < NOTABLE_GAP:
            return f"Your {self.name.lower()} scores match your friends' (within {abs(self.mean_gap):.1f})."
        direction = "higher" if self.mean_gap > 0 else "lower"
        return f"You rate your {self.name.lower()} {abs(self.mean_gap):.1f} points {direction} than your friends do."


def calibrate(answers: Iterable[AnswerFact], names: Mapping[str, str]) -> list[CriterionCalibration]:
    """Per criterion, the mean of (self - friend) over every answer scored by both, widest gap first.

    With several friends on one answer, each friend's score pairs with the self-score once.
    """
    gaps: dict[str, list[int]] = {}
    for answer in answers:
        for sheet in answer.friend_scores.values():
            for criterion, friend_value in sheet.items():
                own = answer.self_scores.get(criterion)
                if own is not None:
                    gaps.setdefault(criterion, []).append(own - friend_value)
    found = [
        CriterionCalibration(criterion, _name(criterion, names), fmean(values), len(values))
        for criterion, values in gaps.items()
    ]
    return sorted(found, key=lambda c: (-abs(c.mean_gap), c.name))


def _name(criterion_id: str, names: Mapping[str, str]) -> str:
    return names.get(criterion_id) or criterion_id.replace("-", " ").capitalize()
