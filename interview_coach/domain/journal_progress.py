"""Progress since a journal entry: how the criteria its feedback named have moved in practice since then.

For each tagged criterion: the average self-score over the last few sessions before the entry's date
(what the interviewer met) against the last few since (where the candidate stands now). Sessions that
never scored the criterion do not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from interview_coach.domain.history import HistoryData, SessionFact
from interview_coach.domain.progress import MIN_CHANGE, Point
from interview_coach.domain.wording import count_of

WINDOW = 5  # sessions on each side of the date


@dataclass(frozen=True)
class Movement:
    criterion: str
    name: str
    before: float | None  # mean self-score over the last WINDOW scoring sessions before the date
    after: float | None  # ... over the latest WINDOW scoring sessions since
    sessions_since: int  # every session since that scored it
    answers_since: int

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def direction(self) -> str:
        """ "up", "down", "steady", "new" (no scores before), or "unpractised" (none since)."""
        if self.after is None:
            return "unpractised"
        if self.before is None:
            return "new"
        delta = self.after - self.before
        if delta >= MIN_CHANGE:
            return "up"
        if delta <= -MIN_CHANGE:
            return "down"
        return "steady"

    def describe(self) -> str:
        sessions = count_of(self.sessions_since, "session")
        if self.after is None:
            was = f" (was {self.before:.1f})" if self.before is not None else ""
            return f"{self.name}: not practised since{was}"
        if self.before is None:
            return f"{self.name}: {self.after:.1f} now, over {sessions} (no scores from before)"
        arrow = "\N{RIGHTWARDS ARROW}"
        sign = "+" if self.after >= self.before else "\N{MINUS SIGN}"
        change = f"{sign}{abs(self.after - self.before):.1f}"
        return f"{self.name}: {self.before:.1f} {arrow} {self.after:.1f} ({change}) over {sessions} since"


@dataclass(frozen=True)
class ProgressSince:
    """Movements per criterion, and each criterion's scores over time for the chart."""

    since: date
    movements: tuple[Movement, ...]
    points: Mapping[str, list[Point]]


def progress_report(
    history: HistoryData, since: date, criteria: Iterable[str], *, window: int = WINDOW
) -> ProgressSince:
    wanted = list(dict.fromkeys(criteria))
    movements = progress_since(history, since, wanted, window=window)
    return ProgressSince(since, tuple(movements), {c: criterion_points(history, c) for c in wanted})


def progress_since(
    history: HistoryData, since: date, criteria: Iterable[str], *, window: int = WINDOW
) -> list[Movement]:
    """One Movement per criterion, in the order given. `since` counts as "since" (the day of the news)."""
    oldest_first = sorted(history.sessions, key=lambda s: (s.started_at, s.id))
    before = [s for s in oldest_first if s.day < since]
    after = [s for s in oldest_first if s.day >= since]
    movements = []
    for criterion in dict.fromkeys(criteria):
        scored_before = _scoring(before, criterion)
        scored_after = _scoring(after, criterion)
        movements.append(
            Movement(
                criterion,
                history.criterion_name(criterion),
                _mean(scored_before[-window:], criterion),
                _mean(scored_after[-window:], criterion),
                len(scored_after),
                sum(s.criterion_totals[criterion][1] for s in scored_after),
            )
        )
    return movements


def _scoring(sessions: Sequence[SessionFact], criterion: str) -> list[SessionFact]:
    return [s for s in sessions if criterion in s.criterion_means]


def _mean(sessions: Sequence[SessionFact], criterion: str) -> float | None:
    """Over every answer of the sessions scored on the criterion (their sums: sessions may be summaries)."""
    totals = [s.criterion_totals[criterion] for s in sessions if criterion in s.criterion_totals]
    count = sum(n for _, n in totals)
    return sum(t for t, _ in totals) / count if count else None


def criterion_points(history: HistoryData, criterion: str) -> list[Point]:
    """The criterion's mean self-score per session that scored it, oldest first (for the chart)."""
    oldest_first = sorted(history.sessions, key=lambda s: (s.started_at, s.id))
    return [Point(s.started_at, s.criterion_means[criterion]) for s in oldest_first if criterion in s.criterion_means]


def practice_criteria(tags: Sequence[str], criteria: Mapping[str, str] | Iterable[str]) -> list[str]:
    """The tags that are rubric criteria (practice can move them), in tag order."""
    known = set(criteria)
    return [t for t in dict.fromkeys(tags) if t in known]
