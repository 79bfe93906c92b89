"""Spaced repetition of answers: each question's schedule, rebuilt from its attempts with FSRS.

Every scored attempt is one review. Its outcome (the self-score average, a friend's, and delivery
figures where they exist, on the rubric's 1-5 scale) becomes an FSRS rating:

    average <= 2.0  -> Again   (it fell apart: back tomorrow)
    average <  3.5  -> Hard
    average <  4.5  -> Good
    otherwise       -> Easy

The schedule is never edited in place: `build_card` replays a question's attempts, oldest first, through
one scheduler with fixed parameters and no fuzz, so the same history always gives the same schedule and
deleting an attempt (or restoring a backup) gives the schedule that history implies. The scheduler
works in days: no learning steps in minutes (a spoken answer is not a flash card to flip again in ten
minutes), intervals from one day to `MAX_INTERVAL_DAYS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from statistics import fmean
from typing import Literal

from fsrs import Card, Rating, Scheduler, State

SCHEDULER_VERSION = 1  # part of every cached card's fingerprint: bump it when the rules below change
MAX_INTERVAL_DAYS = 60  # interview skills fade; nothing waits more than two months
DESIRED_RETENTION = 0.9
LEECH_POOR_ATTEMPTS = 6  # poor attempts (Again or Hard) before a question counts as a leech
LEARNING_UNTIL_DAYS = 7  # a question comes back within a week while it is still being learnt

CardStatus = Literal["new", "learning", "review", "leech"]

_SCHEDULER = Scheduler(
    desired_retention=DESIRED_RETENTION,
    learning_steps=(),
    relearning_steps=(),
    maximum_interval=MAX_INTERVAL_DAYS,
    enable_fuzzing=False,
)


def rating_for(average: float) -> Rating:
    """The FSRS rating for an outcome on the 1-5 scale (the mapping in the module's docstring)."""
    if average <= 2.0:
        return Rating.Again
    if average < 3.5:
        return Rating.Hard
    if average < 4.5:
        return Rating.Good
    return Rating.Easy


def outcome_score(
    self_scores: Mapping[str, int],
    friend_scores: Mapping[str, Mapping[str, int]] | None = None,
    delivery: float | None = None,
) -> float | None:
    """One figure for how an attempt went: the mean of the self-score average, the friends' (taken
    together as one voice, so a friend counts as much as the candidate) and a delivery figure (1-5)
    where one exists. None when nobody scored it: an unscored attempt is not a review."""
    parts: list[float] = []
    if self_scores:
        parts.append(fmean(self_scores.values()))
    friends = [fmean(sheet.values()) for sheet in (friend_scores or {}).values() if sheet]
    if friends:
        parts.append(fmean(friends))
    if delivery is not None:
        parts.append(min(max(delivery, 1.0), 5.0))
    return fmean(parts) if parts else None


@dataclass(frozen=True)
class Attempt:
    """One answer to a question, as the schedule sees it."""

    answer_id: int
    question_key: str
    answered_at: datetime  # timezone-aware
    score: float | None  # `outcome_score`; None: skipped or not scored, so no review


@dataclass(frozen=True)
class CardState:
    """Where a question stands: when it comes back and how it has gone so far."""

    question_key: str
    due: datetime  # UTC
    stability: float
    difficulty: float
    reviews: int
    poor: int  # attempts rated Again or Hard
    last_rating: int  # 1 (Again) to 4 (Easy)
    last_review: datetime  # UTC
    interval_days: int

    @property
    def is_leech(self) -> bool:
        """It keeps failing: many poor attempts, and the latest one poor too (one that finally went
        well stops being called a leech)."""
        return self.poor >= LEECH_POOR_ATTEMPTS and self.last_rating <= Rating.Hard

    @property
    def status(self) -> CardStatus:
        if self.is_leech:
            return "leech"
        return "learning" if self.interval_days < LEARNING_UNTIL_DAYS else "review"

    def due_day(self) -> date:
        """The local calendar day it is due (the user's day, not UTC's)."""
        return self.due.astimezone().date()


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # stored times are UTC; a naive one is read as UTC rather than refused
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def build_card(question_key: str, attempts: Iterable[Attempt]) -> CardState | None:
    """Replays a question's scored attempts, oldest first (ties by answer id); None if none is scored."""
    rated = sorted(
        (a for a in attempts if a.score is not None and a.question_key == question_key),
        key=lambda a: (_utc(a.answered_at), a.answer_id),
    )
    if not rated:
        return None
    first = _utc(rated[0].answered_at)
    card = Card(card_id=1, state=State.Learning, due=first)  # a fixed id: Card() would read the clock
    poor = 0
    rating = Rating.Good
    for attempt in rated:
        assert attempt.score is not None
        rating = rating_for(attempt.score)
        poor += rating <= Rating.Hard
        card, _log = _SCHEDULER.review_card(card, rating, _utc(attempt.answered_at))
    assert card.last_review is not None and card.stability is not None and card.difficulty is not None
    return CardState(
        question_key=question_key,
        due=card.due,
        stability=card.stability,
        difficulty=card.difficulty,
        reviews=len(rated),
        poor=poor,
        last_rating=int(rating),
        last_review=card.last_review,
        interval_days=(card.due - card.last_review).days,
    )


def build_cards(attempts: Iterable[Attempt]) -> dict[str, CardState]:
    """Every question's card from a whole history (any order)."""
    by_question: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        by_question.setdefault(attempt.question_key, []).append(attempt)
    cards = {key: build_card(key, found) for key, found in by_question.items()}
    return {key: card for key, card in cards.items() if card is not None}


def leech_advice(strong_answer: str, *, has_friend_sessions: bool, in_journal_plan: bool) -> tuple[str, ...]:
    """What to try instead of answering a leech the same way again."""
    advice: list[str] = []
    if strong_answer.strip():
        advice.append(f"Read what a strong answer shows before the next try: {strong_answer.strip()}")
    advice.append(
        "Practise it with a friend again: their follow-up questions show where the answer loses its way."
        if has_friend_sessions
        else "Practise it with a friend: their follow-up questions show where the answer loses its way."
    )
    if in_journal_plan:
        advice.append("Work through the step your journal's action plan already has for it.")
    else:
        advice.append("Add a step to your journal's action plan, such as writing the story out as notes first.")
    return tuple(advice)


def describe_status(card: CardState | None, today: date) -> str:
    """For the library: 'New', 'Learning, due tomorrow', 'Due on 12 Mar', 'Leech'..."""
    if card is None:
        return "New"
    day = card.due_day()
    if day <= today:
        when = "due today" if day == today else "overdue"
    elif (day - today).days == 1:
        when = "due tomorrow"
    else:
        when = f"due on {day.day} {day:%b}" + ("" if day.year == today.year else f" {day.year}")
    label = {"leech": "Leech", "learning": "Learning", "review": "Review"}[card.status]
    return f"{label}, {when}"


def comes_back(cards: Mapping[str, CardState], keys: Sequence[str], today: date) -> dict[str, str]:
    """For the session summary: when each question answered comes back ('tomorrow', 'in 6 days')."""
    found: dict[str, str] = {}
    for key in keys:
        card = cards.get(key)
        if card is None:
            continue
        days = (card.due_day() - today).days
        found[key] = "today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} days"
    return found
