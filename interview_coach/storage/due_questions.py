"""Today's queue for a data folder (the cached schedule, the journal's targets and the banks together),
and the rest of what the Today screen shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.library import Library
from interview_coach.domain.progress import streaks
from interview_coach.domain.review_queue import DueItem, journal_targets, todays_queue
from interview_coach.domain.scheduling import CardState, comes_back
from interview_coach.domain.today import TodayData, actions_due, next_interview, since_last_week
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.practice_sessions import unfinished_sessions
from interview_coach.storage.progress_parts import practice_days
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


def load_today(
    connection: sqlite3.Connection,
    library: Library,
    now: datetime,
    *,
    between_steps: Callable[[], None] = lambda: None,
) -> TodayData:
    """Everything the Today screen shows, for the user's local day at `now`. `between_steps` is called
    between its queries (the app's lets a screen's read go first: this runs in the background)."""
    today = now.astimezone().date()
    due = load_due(connection, library, today)
    between_steps()
    # From the per-session totals the triggers keep: no pass over every answer.
    minutes = practice_days(connection, answered_only=True)
    friend_sessions = int(
        connection.execute(
            """SELECT COUNT(*) FROM sessions s JOIN session_totals t ON t.session_id = s.id
               WHERE s.mode = 'friend' AND t.answered > 0"""
        ).fetchone()[0]
    )
    journal = JournalRepository(connection)
    loose = journal.loose_actions()
    steps = [a for e in due.entries for a in e.actions] + loose
    between_steps()
    recent = ScheduleRepository(connection).attempts(since=now - timedelta(days=14))
    between_steps()
    return TodayData(
        today=today,
        due=tuple(due.items),
        cards=due.cards,
        streak=streaks(set(minutes), today),
        minutes_by_day=dict(minutes),
        unfinished=tuple(unfinished_sessions(PracticeRepository(connection))),
        actions_due=actions_due(due.entries, loose, today),
        next_interview=next_interview(due.entries, today),
        since_last_week=since_last_week(recent, now),
        friend_sessions=friend_sessions,
        open_actions=sum(a.is_open for a in steps),
    )


def session_comes_back(connection: sqlite3.Connection, session_id: int, today: date) -> list[tuple[str, str]]:
    """For a session's summary: each question it answered (its text) and when it comes back."""
    rows = connection.execute(
        "SELECT question_key, question_text FROM answers WHERE session_id = ? AND status != 'skipped' "
        "ORDER BY position, attempt",
        (session_id,),
    ).fetchall()
    texts = {str(key): str(text) for key, text in rows}
    when = comes_back(ScheduleRepository(connection).cards(), list(texts), today)
    return [(texts[key], when[key]) for key in texts if key in when]
