"""The Today screen for someone who comes back: what is due, the streak, what is waiting, what moved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean

from interview_coach.domain.journal import ActionItem, JournalEntry
from interview_coach.domain.progress import Streak
from interview_coach.domain.records import UnfinishedSession
from interview_coach.domain.review_queue import DueItem
from interview_coach.domain.scheduling import Attempt, CardState
from interview_coach.domain.wording import count_of

ACTIONS_AHEAD_DAYS = 7  # action-plan steps due within a week show on Today


@dataclass(frozen=True)
class NextInterview:
    day: date
    title: str


@dataclass(frozen=True)
class TodayData:
    today: date
    due: tuple[DueItem, ...]
    cards: Mapping[str, CardState]
    streak: Streak
    minutes_by_day: Mapping[date, float]  # minutes spoken per local day, for the calendar
    unfinished: tuple[UnfinishedSession, ...] = ()
    actions_due: tuple[ActionItem, ...] = ()
    next_interview: NextInterview | None = None
    since_last_week: str = ""
    friend_sessions: int = 0
    open_actions: int = 0  # open action-plan steps, due or not (a leech's advice points to them)

    @property
    def leeches(self) -> tuple[DueItem, ...]:
        return tuple(i for i in self.due if i.status == "leech")


def actions_due(entries: Sequence[JournalEntry], loose: Sequence[ActionItem], today: date) -> tuple[ActionItem, ...]:
    """Open action-plan steps due within a week (or overdue), soonest first."""
    steps = [a for e in entries for a in e.actions] + list(loose)
    horizon = today + timedelta(days=ACTIONS_AHEAD_DAYS)
    found = [a for a in steps if a.is_open and a.due_on is not None and a.due_on <= horizon]
    return tuple(sorted(found, key=lambda a: (a.due_on or today, a.action)))


def next_interview(entries: Sequence[JournalEntry], today: date) -> NextInterview | None:
    upcoming = [(e.interview_on, e.title) for e in entries if e.interview_on is not None and e.interview_on >= today]
    if not upcoming:
        return None
    day, title = min(upcoming)
    return NextInterview(day, title)


def since_last_week(attempts: Sequence[Attempt], now: datetime) -> str:
    """One line on what moved: this week's answers and average against the week before's."""
    week = timedelta(days=7)
    this = [a for a in attempts if now - week <= a.answered_at <= now]
    last = [a for a in attempts if now - 2 * week <= a.answered_at < now - week]
    if not this:
        return (
            "No answers in the last 7 days yet." if not last else f"No answers this week ({len(last)} the week before)."
        )
    text = f"{len(this)} answer{'s' if len(this) != 1 else ''} in the last 7 days"
    this_scores = [a.score for a in this if a.score is not None]
    last_scores = [a.score for a in last if a.score is not None]
    if this_scores:
        mean = fmean(this_scores)
        text += f", average {mean:.1f}"
        if last_scores:
            delta = mean - fmean(last_scores)
            if abs(delta) < 0.05:
                text += " (the same as the week before)"
            else:
                text += f" ({'up' if delta > 0 else 'down'} {abs(delta):.1f} on the week before)"
    return text + "."


def due_label(count: int, minutes: int) -> str:
    """The one-key start's text: 'Practise 7 due questions (about 21 minutes)'."""
    if count == 0:
        return "Nothing due"
    return f"Practise {count_of(count, 'due question')} (about {count_of(minutes, 'minute')})"
