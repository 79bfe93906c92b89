"""The end-of-session summary: how each criterion went, what changed, and what to practise next."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interview_coach.domain.records import AnswerRecord


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: str
    name: str
    average: float
    count: int
    change: float | None = None  # against the previous session, where it was scored there too


@dataclass(frozen=True)
class SessionSummary:
    session_id: int
    questions_planned: int
    questions_answered: int
    criteria: tuple[CriterionResult, ...]  # rubric order
    speaking_seconds: float
    over_limit: int
    overall: float | None
    previous_overall: float | None
    friend_name: str = ""  # friend mode: who else scored, and how they saw it
    friend_averages: tuple[CriterionResult, ...] = ()
    friend_overall: float | None = None

    def friend_reading(self) -> str:
        """E.g. "Sam's average: 3.1 (yours 3.6). Sam rated Delivery highest and Specific story lowest."."""
        if not self.friend_averages or self.friend_overall is None:
            return ""
        text = f"{self.friend_name}'s average: {self.friend_overall:.1f}"
        if self.overall is not None:
            text += f" (yours {self.overall:.1f})"
        best = max(self.friend_averages, key=lambda c: c.average)
        worst = min(self.friend_averages, key=lambda c: c.average)
        if best.average > worst.average:
            text += f". {self.friend_name} rated {best.name} highest and {worst.name} lowest"
        return text + "."

    @property
    def strongest(self) -> CriterionResult | None:
        return max(self.criteria, key=lambda c: (c.average, c.count), default=None)

    @property
    def weakest(self) -> CriterionResult | None:
        return min(self.criteria, key=lambda c: (c.average, -c.count), default=None)

    @property
    def suggested_focus(self) -> CriterionResult | None:
        """The weakest criterion, unless everything already scores well."""
        weakest = self.weakest
        return weakest if weakest is not None and weakest.average < 4.5 else None


def latest_attempts(answers: Sequence[AnswerRecord]) -> list[AnswerRecord]:
    """One answer per question position: the last attempt (a redo replaces the earlier one here)."""
    latest: dict[int, AnswerRecord] = {}
    for answer in answers:
        if answer.position not in latest or answer.attempt > latest[answer.position].attempt:
            latest[answer.position] = answer
    return [latest[p] for p in sorted(latest)]


def criterion_averages(
    answers: Sequence[AnswerRecord], scores: Mapping[int, Mapping[str, int]]
) -> dict[str, tuple[float, int]]:
    values: dict[str, list[int]] = defaultdict(list)
    for answer in latest_attempts(answers):
        for criterion, value in scores.get(answer.id, {}).items():
            values[criterion].append(value)
    return {c: (sum(v) / len(v), len(v)) for c, v in values.items()}


def summarise(
    session_id: int,
    questions_planned: int,
    answers: Sequence[AnswerRecord],
    scores: Mapping[int, Mapping[str, int]],
    criterion_names: Mapping[str, str],
    previous: Mapping[str, tuple[float, int]] | None = None,
    *,
    friend_name: str = "",
    friend_scores: Mapping[int, Mapping[str, int]] | None = None,
) -> SessionSummary:
    """`scores` maps answer ids to their current self-scores; `criterion_names` gives rubric order."""
    averages = criterion_averages(answers, scores)
    friend = criterion_averages(answers, friend_scores) if friend_scores else {}
    criteria = tuple(
        CriterionResult(
            criterion_id=cid,
            name=name,
            average=averages[cid][0],
            count=averages[cid][1],
            change=averages[cid][0] - previous[cid][0] if previous and cid in previous else None,
        )
        for cid, name in criterion_names.items()
        if cid in averages
    )
    latest = latest_attempts(answers)
    answered = [a for a in latest if a.status == "recorded" or a.timings.answer_seconds]
    return SessionSummary(
        session_id=session_id,
        questions_planned=questions_planned,
        questions_answered=len(answered),
        criteria=criteria,
        speaking_seconds=sum(a.timings.answer_seconds or 0.0 for a in answers),
        over_limit=sum(1 for a in latest if a.timings.over_limit),
        overall=_overall(averages),
        previous_overall=_overall(previous) if previous else None,
        friend_name=friend_name,
        friend_averages=tuple(
            CriterionResult(cid, name, *friend[cid]) for cid, name in criterion_names.items() if cid in friend
        ),
        friend_overall=_overall(friend),
    )


def _overall(averages: Mapping[str, tuple[float, int]]) -> float | None:
    total = sum(avg * n for avg, n in averages.values())
    count = sum(n for _, n in averages.values())
    return total / count if count else None
