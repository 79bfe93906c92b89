"""Scoring blind: a friend's scores stay hidden until the candidate has scored the answer themselves.

Seeing someone else's scores first anchors your own, and the point of self-scoring is an honest
first judgement (calibration in Progress compares the two). One rule, used by the practice session's
side-by-side and by History's review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from interview_coach.domain.records import SELF, ScoreSheet
from interview_coach.domain.rubric import Criterion


def has_scored(scores: Mapping[str, int], criteria: Iterable[Criterion]) -> bool:
    """Whether every criterion the candidate judges has a score (in-person points are the friend's)."""
    return all(c.id in scores for c in criteria if not c.in_person)


def split_sheets(
    sheets: Sequence[ScoreSheet], criteria: Iterable[Criterion]
) -> tuple[list[ScoreSheet], list[ScoreSheet]]:
    """(shown, hidden): friends' sheets are hidden until the candidate's own sheet is complete."""
    own = next((s.values for s in sheets if s.scorer == SELF), {})
    if has_scored(own, criteria):
        return list(sheets), []
    return [s for s in sheets if s.scorer == SELF], [s for s in sheets if s.scorer != SELF]
