"""The cached schedule always agrees with the attempt history: after answers, re-scores, deletion and undo."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from bench.demo_data import generate
from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.scheduling import Attempt, build_cards
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.database_contents import ContentError, check_contents, rebuild_derived
from interview_coach.storage.deletion import Trash
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.schedule_repository import ScheduleRepository

RUBRIC = RubricSnapshot.from_json({"id": "default", "title": "Default", "criteria": [{"id": "fit", "name": "Fit"}]})
END = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


def question(key: str) -> QuestionSnapshot:
    bank, _, qid = key.partition("/")
    return QuestionSnapshot.from_json({"key": key, "bank_id": bank, "id": qid, "category": "opening", "text": "Q?"})


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(tmp_path / "db.sqlite3")
    yield connection
    connection.close()


def answer(repo: PracticeRepository, session_id: int, position: int, key: str, score: int | None) -> int:
    record = repo.add_answer(session_id, position, question(key), RUBRIC, AnswerTimings(answer_seconds=40))
    repo.update_answer(record.id, status="recorded")
    if score is not None:
        repo.add_scores(record.id, SELF, {"fit": score})
    return record.id


def test_cards_follow_new_answers_rescores_and_friends(connection: sqlite3.Connection) -> None:
    repo, schedule = PracticeRepository(connection), ScheduleRepository(connection)
    session = repo.create_session("solo")
    first = answer(repo, session.id, 1, "b/q1", 1)
    answer(repo, session.id, 2, "b/q2", None)
    cards = schedule.cards()
    assert set(cards) == {"b/q1"} and cards["b/q1"].last_rating == 1  # an unscored answer is no review
    repo.add_scores(first, SELF, {"fit": 5})  # a re-score: the latest round counts
    assert schedule.cards()["b/q1"].last_rating == 4
    repo.add_scores(first, Scorer("friend", "Sam"), {"fit": 1})  # (5 + 1) / 2 = 3: Hard
    assert schedule.cards()["b/q1"].last_rating == 2
    assert schedule.cards() == build_cards(schedule.attempts())


def test_an_unchanged_history_is_read_from_the_cache_without_writing(connection: sqlite3.Connection) -> None:
    repo, schedule = PracticeRepository(connection), ScheduleRepository(connection)
    session = repo.create_session("solo")
    answer(repo, session.id, 1, "b/q1", 3)
    first = schedule.cards()
    before = connection.total_changes
    assert schedule.cards() == first and connection.total_changes == before


def test_a_cache_row_that_makes_no_sense_is_rebuilt(connection: sqlite3.Connection) -> None:
    repo, schedule = PracticeRepository(connection), ScheduleRepository(connection)
    session = repo.create_session("solo")
    answer(repo, session.id, 1, "b/q1", 3)
    good = schedule.cards()
    connection.execute("UPDATE review_cards SET stability = 'lots', last_rating = 9")
    assert schedule.cards() == good
    # A forged card with a well-formed row, as a hostile backup could carry: a restore makes the cache
    # be checked question by question again, so the forgery is found and rebuilt.
    connection.execute("UPDATE review_cards SET fingerprint = 'forged', due_at = '2099-01-01T00:00:00+00:00'")
    rebuild_derived(connection)
    assert schedule.cards() == good


def test_an_unchanged_history_takes_no_fingerprints_and_any_change_does(
    connection: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    repo, schedule = PracticeRepository(connection), ScheduleRepository(connection)
    session = repo.create_session("solo")
    first = answer(repo, session.id, 1, "b/q1", 3)
    taken: list[int] = []
    real = ScheduleRepository._fingerprints

    def counted(self: ScheduleRepository) -> dict[str, str]:
        taken.append(1)
        return real(self)

    monkeypatch.setattr(ScheduleRepository, "_fingerprints", counted)
    cards = schedule.cards()
    assert len(taken) == 1 and schedule.cards() == cards and len(taken) == 1  # the second read: none
    repo.add_scores(first, SELF, {"fit": 5})  # a re-score
    assert schedule.cards()["b/q1"].last_rating == 4 and len(taken) == 2
    answer(repo, session.id, 2, "b/q2", None)  # a new answer
    schedule.cards()
    repo.update_answer(first, status="skipped")  # a status change
    assert "b/q1" not in schedule.cards() and len(taken) == 4
    Trash(connection, tmp_path).delete_session(session.id)  # a deletion
    assert schedule.cards() == {} and len(taken) == 5


def test_deleting_and_undoing_restores_the_schedule_on_a_real_history(
    connection: sqlite3.Connection, tmp_path: Path
) -> None:
    generate(connection, sessions=30, answers=240, end=END, seed=3)
    schedule, trash = ScheduleRepository(connection), Trash(connection, tmp_path)
    before = schedule.cards()
    assert before == build_cards(schedule.attempts())
    session_id, key = connection.execute(
        "SELECT session_id, question_key FROM answers WHERE id IN (SELECT answer_id FROM scores) LIMIT 1"
    ).fetchone()
    deleted = trash.delete_session(session_id)
    after = schedule.cards()
    assert after != before and after == build_cards(schedule.attempts())
    trash.restore(deleted)
    assert schedule.cards() == before
    single = trash.delete_answer(
        connection.execute("SELECT id FROM answers WHERE question_key = ? LIMIT 1", (key,)).fetchone()[0]
    )
    assert schedule.cards() == build_cards(schedule.attempts())
    trash.restore(single)
    assert schedule.cards() == before


def test_a_read_only_database_still_gives_the_cards(connection: sqlite3.Connection, tmp_path: Path) -> None:
    repo = PracticeRepository(connection)
    session = repo.create_session("solo")
    answer(repo, session.id, 1, "b/q1", 2)
    connection.close()
    reader = sqlite3.connect(f"file:{tmp_path / 'db.sqlite3'}?mode=ro", uri=True, isolation_level=None)
    try:
        assert set(ScheduleRepository(reader).cards()) == {"b/q1"}
    finally:
        reader.close()


def test_a_restored_backup_with_a_nonsense_card_row_is_refused(connection: sqlite3.Connection) -> None:
    repo = PracticeRepository(connection)
    session = repo.create_session("solo")
    answer(repo, session.id, 1, "b/q1", 2)
    ScheduleRepository(connection).cards()
    check_contents(connection, [])  # what the app writes passes
    connection.execute("UPDATE review_cards SET stability = 'lots'")
    with pytest.raises(ContentError, match=r"review_cards\.stability in row 1 is text"):
        check_contents(connection, [])


def test_an_entrys_interview_date_is_saved_and_read_back(connection: sqlite3.Connection) -> None:
    journal = JournalRepository(connection)
    saved = journal.add_entry(JournalEntry("Orbit", "Analyst", interview_on=date(2026, 12, 9)))
    assert journal.entry(saved.id or 0).interview_on == date(2026, 12, 9)
    assert journal.save_entry(replace(saved, interview_on=None)).interview_on is None


def test_recent_attempts_carry_the_same_scores_as_the_whole_history(connection: sqlite3.Connection) -> None:
    generate(connection, sessions=30, answers=240, end=END, seed=5)
    schedule = ScheduleRepository(connection)
    since = datetime(2026, 9, 1, tzinfo=timezone.utc)
    everything = schedule.attempts()
    recent = schedule.attempts(since=since)
    assert recent and len(recent) < len(everything)
    assert sorted(recent, key=id_of) == sorted((a for a in everything if a.answered_at >= since), key=id_of)
    assert any(a.score is not None for a in recent)


def id_of(attempt: Attempt) -> int:
    return attempt.answer_id
