"""Today's practice: what is due, and why.

Three things put a question in the queue:
- its schedule (`scheduling.CardState`) says it is due today or earlier;
- a journal entry names it: the questions "Practise from this feedback" would choose for the entry's
  confirmed tags (so red-flag questions for a "red-flag handling" tag) come in even if never answered;
- an upcoming interview (the entry's interview date) pulls that entry's questions forward, so each is
  practised by the day before, whatever its schedule says.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.journal_patterns import STAGE_AREAS
from interview_coach.domain.journal_session import build_targeted_session
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.domain.questions import Catalogue
from interview_coach.domain.scheduling import CardState, CardStatus

JOURNAL_WINDOW_DAYS = 60  # an entry's feedback feeds the queue for two months after it came
MINUTES_PER_QUESTION = 3  # thinking, answering and scoring one question, for "about N minutes"
SESSION_LIMIT = 10  # one sitting; the rest of the queue waits for the next

Source = Literal["interview", "schedule", "journal"]
_SOURCE_ORDER: dict[str, int] = {"interview": 0, "schedule": 1, "journal": 2}


@dataclass(frozen=True)
class JournalTarget:
    """A question a journal entry points to."""

    question_key: str
    entry_title: str
    interview_on: date | None  # the entry's upcoming interview, if any


@dataclass(frozen=True)
class DueItem:
    question_key: str
    due: date
    status: CardStatus
    source: Source
    reason: str


def journal_targets(
    entries: Sequence[JournalEntry],
    catalogue: Catalogue,
    criteria: Sequence[str],
    today: date,
    weakness: Mapping[str, float] | None = None,
) -> list[JournalTarget]:
    """The questions recent or upcoming journal entries point to (chosen as a targeted session would,
    with a random generator seeded by the entry: the same journal gives the same questions). A recent
    entry counts through its confirmed tags; one with an interview coming also through its stage."""
    found: list[JournalTarget] = []
    for entry in entries:
        upcoming = entry.interview_on if entry.interview_on is not None and entry.interview_on >= today else None
        if entry.outcome == "accepted" or (upcoming is None and not _recent(entry, today)):
            continue
        # An interview coming up without tags yet: what stopping at its stage usually points to.
        areas = entry.tags or (STAGE_AREAS[entry.furthest_stage] if upcoming is not None else ())
        if not areas:
            continue
        session = build_targeted_session(
            catalogue, areas, criteria, weakness=weakness, rng=random.Random(entry.id or 0)
        )
        found.extend(JournalTarget(key, entry.title, upcoming) for key in session.setup.question_keys)
    return found


def _recent(entry: JournalEntry, today: date) -> bool:
    days = [d for d in (entry.heard_on, entry.applied_on) if d is not None]
    if entry.updated_at is not None:
        days.append(entry.updated_at.date())
    return any(timedelta(0) <= today - d <= timedelta(days=JOURNAL_WINDOW_DAYS) for d in days)


def todays_queue(
    cards: Mapping[str, CardState],
    today: date,
    targets: Sequence[JournalTarget] = (),
    known: frozenset[str] | None = None,
) -> list[DueItem]:
    """Everything due today or earlier: an upcoming interview's questions first (soonest first), then the
    schedule's (most overdue first) taking turns with the questions the journal names that were never
    answered (in the journal's order), so a long backlog never shuts the feedback out of a session.
    `known`: the question keys the banks still hold (a question from a deleted bank cannot be practised)."""
    items: dict[str, DueItem] = {}
    for key, card in cards.items():
        day = card.due_day()
        if day <= today:
            items[key] = DueItem(key, day, card.status, "schedule", _schedule_reason(card, day, today))
    for target in targets:
        item = _target_item(target, cards.get(target.question_key), today)
        current = items.get(target.question_key)
        if item is not None and (current is None or _SOURCE_ORDER[item.source] < _SOURCE_ORDER[current.source]):
            items[target.question_key] = item
    found = [i for i in items.values() if known is None or i.question_key in known]
    interview = sorted((i for i in found if i.source == "interview"), key=lambda i: (i.due, i.question_key))
    schedule = sorted((i for i in found if i.source == "schedule"), key=lambda i: (i.due, i.question_key))
    journal = [i for i in found if i.source == "journal"]  # insertion order: the journal's own
    return interview + _take_turns(schedule, journal)


def _take_turns(first: Sequence[DueItem], second: Sequence[DueItem]) -> list[DueItem]:
    merged: list[DueItem] = []
    for index in range(max(len(first), len(second))):
        merged.extend(items[index] for items in (first, second) if index < len(items))
    return merged


def _target_item(target: JournalTarget, card: CardState | None, today: date) -> DueItem | None:
    status: CardStatus = card.status if card is not None else "new"
    if target.interview_on is not None:
        before = target.interview_on - timedelta(days=1)
        due = card.due_day() if card is not None else today
        if card is not None and card.last_review.astimezone().date() >= min(before, today):
            return None  # practised since the interview came close enough: it is ready
        if min(due, before) <= today:
            when = "today" if target.interview_on == today else f"on {_day(target.interview_on)}"
            reason = f"Interview {when} ({target.entry_title})"
            return DueItem(target.question_key, min(due, before, today), status, "interview", reason)
        return None
    if card is None:
        return DueItem(target.question_key, today, "new", "journal", f"Named by your journal: {target.entry_title}")
    return None  # answered before: its schedule decides


def _schedule_reason(card: CardState, day: date, today: date) -> str:
    if card.is_leech:
        return f"Leech: {card.poor} poor attempts"
    late = (today - day).days
    if late == 0:
        return f"Scheduled review ({card.reviews} so far)"
    return f"Overdue by {late} day{'s' if late != 1 else ''}"


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def due_setup(items: Sequence[DueItem], base: PracticeSetup | None = None, limit: int = SESSION_LIMIT) -> PracticeSetup:
    """The practice session for a queue ("Practise 7 due questions"): its first `limit` questions in
    the queue's order, keeping the user's choices that are not about content."""
    defaults = base or PracticeSetup()
    keys = tuple(i.question_key for i in items[:limit])
    return PracticeSetup(
        question_keys=keys,
        question_count=max(1, len(keys)),
        order="in_order",
        read_aloud=defaults.read_aloud,
        think_seconds=defaults.think_seconds,
        answer_seconds=defaults.answer_seconds,
        rubric_id=defaults.rubric_id,
    )


def minutes_for(count: int) -> int:
    return count * MINUTES_PER_QUESTION
