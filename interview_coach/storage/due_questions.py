"""Today's queue for a data folder: the cached schedule, the journal's targets and the banks together."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.library import Library
from interview_coach.domain.review_queue import DueItem, journal_targets, todays_queue
from interview_coach.domain.scheduling import CardState
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.schedule_repository import ScheduleRepository


@dataclass(frozen=True)
class DueQuestions:
    items: list[DueItem]
    cards: dict[str, CardState]  # every answered question's card, for the library and the summary
    entries: list[JournalEntry]


def load_due(connection: sqlite3.Connection, library: Library, today: date) -> DueQuestions:
    """What is due on `today` (the user's local day), with why."""
    cards = ScheduleRepository(connection).cards()
    entries = JournalRepository(connection).entries()
    criteria = list(library.default_rubric.criterion_ids()) if library.rubrics else []
    # No weakness ranking here: an entry's questions stay the same ones while the user practises them.
    targets = journal_targets(entries, library.catalogue, criteria, today)
    known = frozenset(q.key for q in library.catalogue.questions())
    return DueQuestions(todays_queue(cards, today, targets, known), cards, entries)
