"""History as the user sees it: sessions newest first with their latest scores, filters and search."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from interview_coach.domain.history import SELF_SCORER, HistoryFilter, attempts_at, filter_sessions
from interview_coach.domain.library import Library
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.history_repository import load_history
from interview_coach.storage.library import load_library
from interview_coach.storage.practice_repository import PracticeRepository

SAM = Scorer("friend", "Sam")


class StepClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[tuple[PracticeRepository, StepClock]]:
    connection = open_database(tmp_path / "db.sqlite3")
    clock = StepClock()
    yield PracticeRepository(connection, clock), clock
    connection.close()


def answer(repo: PracticeRepository, library: Library, session: int, position: int, key: str, seconds: float) -> int:
    question = library.catalogue.question(key)
    assert question is not None
    record = repo.add_answer(
        session,
        position,
        QuestionSnapshot.of(question),
        RubricSnapshot.of(library.default_rubric),
        AnswerTimings(answer_limit_seconds=90, answer_seconds=seconds, over_limit=seconds > 90),
    )
    repo.update_answer(record.id, status="recorded")
    return record.id


def test_sessions_come_newest_first_with_latest_scores_and_totals(db, library: Library) -> None:
    repo, clock = db
    old = repo.create_session("solo")
    first = answer(repo, library, old.id, 1, "opening/tell-me-about-yourself", 60)
    repo.add_scores(first, SELF, {"specific-story": 2, "enthusiasm": 3})
    repo.add_scores(first, SELF, {"specific-story": 4})  # re-scored later: the latest counts
    clock.now += timedelta(days=3)
    new = repo.create_session("friend")
    second = answer(repo, library, new.id, 1, "opening/tell-me-about-yourself", 100)
    answer(repo, library, new.id, 2, "closing/questions-for-us", 30)
    repo.add_scores(second, SELF, {"enthusiasm": 5})
    repo.add_scores(second, SAM, {"enthusiasm": 3})
    repo.set_note(second, SELF, "Too long: cut the intro")
    repo.create_session("solo")  # started, nothing answered: not history

    history = load_history(repo._db)

    assert [s.id for s in history.sessions] == [new.id, old.id]
    newest, oldest = history.sessions
    assert oldest.answers[0].self_scores == {"specific-story": 4, "enthusiasm": 3}
    assert oldest.self_average == pytest.approx(3.5)
    assert newest.answer_count == 2 and newest.speaking_seconds == pytest.approx(130)
    assert newest.friends == ("Sam",) and newest.friend_average == pytest.approx(3)
    assert newest.answers[0].over_limit and newest.answers[0].note_text == "Too long: cut the intro"
    assert newest.bank_ids == ("opening", "closing")
    assert history.criterion_name("specific-story") == library.default_rubric.criterion("specific-story").name
    assert [a.answer_id for a in attempts_at(history, "opening/tell-me-about-yourself")] == [first, second]


def test_filters_narrow_by_each_field_and_search_matches_every_word(db, library: Library) -> None:
    repo, clock = db
    solo = repo.create_session("solo")
    scored = answer(repo, library, solo.id, 1, "behavioural/conflict-with-colleague", 80)
    repo.add_scores(scored, SELF, {"specific-story": 3})
    clock.now += timedelta(days=10)
    friend = repo.create_session("friend")
    flagged = answer(repo, library, friend.id, 1, "red-flags/employment-gap", 50)
    repo.add_scores(flagged, SAM, {"fit": 2})
    repo.set_note(flagged, SELF, "Mention the course I took")
    sessions = load_history(repo._db).sessions

    def ids(**wanted) -> list[int]:
        return [s.id for s in filter_sessions(sessions, HistoryFilter(**wanted))]

    assert ids() == [friend.id, solo.id]
    assert ids(mode="solo") == [solo.id]
    assert ids(bank_id="red-flags") == [friend.id]
    assert ids(category="behavioural") == [solo.id]
    assert ids(scorer=SELF_SCORER) == [solo.id]
    assert ids(scorer="Sam") == [friend.id]
    assert ids(text="course MENTION") == [friend.id]
    assert ids(text="course conflict") == []
    day = sessions[1].day
    assert ids(first_day=day, last_day=day) == [solo.id]
    assert ids(first_day=day + timedelta(days=1)) == [friend.id]
    assert ids(last_day=date(2000, 1, 1)) == []
