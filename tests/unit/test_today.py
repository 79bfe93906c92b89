"""What the Today screen says: what moved since last week, the next interview, the action steps due."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bench.demo_data import generate
from interview_coach.domain.journal import ActionItem, JournalEntry
from interview_coach.domain.scheduling import Attempt
from interview_coach.domain.today import actions_due, due_label, next_interview, since_last_week
from interview_coach.storage.database import open_database
from interview_coach.storage.due_questions import load_today
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.library import load_library

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)


def attempt(days_ago: float, score: float | None) -> Attempt:
    return Attempt(1, "b/q", NOW - timedelta(days=days_ago), score)


def test_since_last_week_says_what_moved() -> None:
    assert since_last_week([], NOW) == "No answers in the last 7 days yet."
    assert since_last_week([attempt(9, 3.0)], NOW) == "No answers this week (1 the week before)."
    moved = [attempt(1, 4.0), attempt(2, 3.0), attempt(8, 2.5), attempt(20, 1.0)]
    assert since_last_week(moved, NOW) == "2 answers in the last 7 days, average 3.5 (up 1.0 on the week before)."
    down = [attempt(1, 2.0), attempt(8, 3.0)]
    assert since_last_week(down, NOW) == "1 answer in the last 7 days, average 2.0 (down 1.0 on the week before)."
    assert since_last_week([attempt(1, None)], NOW) == "1 answer in the last 7 days."


def test_the_next_interview_and_the_action_steps_due_this_week() -> None:
    today = date(2026, 11, 20)
    entries = [
        JournalEntry("Orbit", "Analyst", interview_on=date(2026, 11, 25)),
        JournalEntry("Lumen", "Designer", interview_on=date(2026, 11, 22)),
        JournalEntry("Past", "Old", interview_on=date(2026, 11, 1)),
    ]
    found = next_interview(entries, today)
    assert found is not None and (found.day, found.title) == (date(2026, 11, 22), "Designer at Lumen")
    assert next_interview(entries[2:], today) is None
    steps = (
        ActionItem("fit", "Later", date(2026, 12, 20)),
        ActionItem("fit", "Soon", date(2026, 11, 24)),
        ActionItem("fit", "Late", date(2026, 11, 10)),
        ActionItem("fit", "Done", date(2026, 11, 21), status="done"),
        ActionItem("fit", "Whenever"),
    )
    assert [a.action for a in actions_due([JournalEntry(actions=steps[:3])], steps[3:], today)] == ["Late", "Soon"]


def test_the_start_button_text() -> None:
    assert due_label(0, 0) == "Nothing due"
    assert due_label(1, 3) == "Practise 1 due question (about 3 minutes)"
    assert due_label(7, 21) == "Practise 7 due questions (about 21 minutes)"


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(tmp_path / "db.sqlite3")
    yield connection
    connection.close()


def test_today_on_a_generated_history(connection: sqlite3.Connection) -> None:
    summary = generate(connection, sessions=25, answers=180, months=2, end=NOW - timedelta(hours=2), seed=5)
    JournalRepository(connection).add_entry(
        JournalEntry("Orbit", "Analyst", stage_reached="interview", interview_on=date(2026, 11, 23))
    )
    steps: list[int] = []
    data = load_today(connection, load_library(None), NOW, between_steps=lambda: steps.append(1))
    assert len(steps) >= 2  # the app's background work steps aside for a screen's read between them
    assert data == load_today(connection, load_library(None), NOW)
    assert data.today == NOW.astimezone().date()
    assert data.due and data.due[0].source == "interview"
    assert data.next_interview is not None and data.next_interview.title == "Analyst at Orbit"
    assert data.streak.longest >= 1 and max(data.minutes_by_day) <= data.today
    last = max(data.minutes_by_day)
    assert (data.streak.current > 0) == (data.today - last <= timedelta(days=1))  # alive until the day after
    assert [u.session_id for u in data.unfinished] == (
        [summary.unfinished_session] if summary.unfinished_session else []
    )
    assert data.since_last_week.endswith(".") and "answers in the last 7 days" in data.since_last_week


def test_days_and_friend_sessions_count_answered_sessions_only(connection: sqlite3.Connection) -> None:
    """A session whose every answer was skipped is no friend session and adds no minutes."""
    from interview_coach.domain.records import AnswerTimings
    from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
    from interview_coach.storage.practice_repository import PracticeRepository

    repo = PracticeRepository(connection)
    rubric = RubricSnapshot.from_json({"id": "r", "title": "R", "criteria": [{"id": "fit", "name": "Fit"}]})
    question = QuestionSnapshot.from_json(
        {"key": "b/q", "bank_id": "b", "id": "q", "category": "opening", "text": "Q?"}
    )
    for mode, status, seconds in (("friend", "recorded", 90.0), ("friend", "skipped", 0.0), ("solo", "recorded", 30.0)):
        session = repo.create_session(mode)
        answer = repo.add_answer(session.id, 1, question, rubric, AnswerTimings(answer_seconds=seconds))
        repo.update_answer(answer.id, status=status)
    data = load_today(connection, load_library(None), datetime.now(timezone.utc))
    assert data.friend_sessions == 1
    assert data.minutes_by_day == {data.today: pytest.approx(2.0)}  # 90 s + 30 s
