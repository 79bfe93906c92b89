"""The end-of-session summary: how each criterion went, what changed, and what to practise next."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interview_coach.domain.records import AnswerRecord
from interview_coach.domain.wording import count_of


@dataclass(frozen=True)
class CriterionResult:
    criterion_id: str
    name: str
    average: float
    count: int
    change: float | None = None  # against the previous session, where it was scored there too


NO_CHANGE = 0.05  # averages closer than this read as "no change", not "+0.0"


def change_text(change: float | None) -> str:
    """ "+0.4", "\u22120.3", "no change", or "new" when there is nothing earlier to compare with."""
    if change is None:
        return "new"
    if abs(change) < NO_CHANGE:
        return "no change"
    return f"+{change:.1f}" if change > 0 else f"\N{MINUS SIGN}{abs(change):.1f}"


@dataclass(frozen=True)
class ScoredPoint:
    criterion_id: str
    name: str
    value: int
    level: str  # what that score means on the rubric


@dataclass(frozen=True)
class AnswerCard:
    """One answered question at the end of a session: replay it, what went best, what to work on."""

    answer_id: int
    position: int
    question: str
    recording_path: str | None
    seconds: float | None
    limit_seconds: float  # the limit this answer had (the session's, else the question's own)
    over_limit: bool
    average: float | None
    best: tuple[ScoredPoint, ...]  # the highest-scored points (all of them on a tie)
    work_on: ScoredPoint | None  # the lowest-scored point, when it is below the best


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
    answers: tuple[AnswerCard, ...] = ()  # the latest attempt at each question answered, in order
    purpose: str = ""  # what the session was for (a journal entry's application), when it had one

    @property
    def complete(self) -> bool:
        return self.questions_answered >= self.questions_planned

    @property
    def title(self) -> str:
        if self.complete:
            return "Session complete"
        return f"Session ended: {self.questions_answered} of {count_of(self.questions_planned, 'question')} answered"

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

    def highlights(self) -> str:
        """ "Strongest: Delivery (4.5). Weakest: Fit and Substance (2.0)." Ties are named together, never
        picked at random; nothing when every point scored the same."""
        if not self.criteria:
            return ""
        top = max(c.average for c in self.criteria)
        bottom = min(c.average for c in self.criteria)
        if top - bottom < NO_CHANGE:
            return ""

        def names(value: float) -> str:
            tied = [c.name for c in self.criteria if abs(c.average - value) < NO_CHANGE]
            return ", ".join(tied[:-1]) + " and " + tied[-1] if len(tied) > 1 else tied[0]

        return f"Strongest: {names(top)} ({top:.1f}). Weakest: {names(bottom)} ({bottom:.1f})."

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


def answer_cards(answers: Sequence[AnswerRecord], scores: Mapping[int, Mapping[str, int]]) -> tuple[AnswerCard, ...]:
    cards = []
    for answer in latest_attempts(answers):
        if answer.status != "recorded" and not answer.timings.answer_seconds:
            continue
        given = scores.get(answer.id, {})
        points = [
            ScoredPoint(c.id, c.name, given[c.id], c.level_text(given[c.id]))
            for c in answer.criteria()
            if c.id in given
        ]
        high = max((p.value for p in points), default=0)
        low = min((p.value for p in points), default=0)
        cards.append(
            AnswerCard(
                answer_id=answer.id,
                position=answer.position,
                question=answer.question.text,
                recording_path=answer.recording_path,
                seconds=answer.timings.answer_seconds,
                limit_seconds=answer.timings.answer_limit_seconds or answer.question.answer_seconds,
                over_limit=bool(answer.timings.over_limit),
                average=sum(p.value for p in points) / len(points) if points else None,
                best=tuple(p for p in points if p.value == high),
                work_on=next((p for p in points if p.value == low), None) if low < high else None,
            )
        )
    return tuple(cards)


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
        answers=answer_cards(answers, scores),
    )


def _overall(averages: Mapping[str, tuple[float, int]]) -> float | None:
    total = sum(avg * n for avg, n in averages.values())
    count = sum(n for _, n in averages.values())
    return total / count if count else None
