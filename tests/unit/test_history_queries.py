"""History's list from SQL pages keeps what the in-memory filters kept, in the same order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any

import pytest

from bench.demo_data import generate
from interview_coach.domain.history import SELF_SCORER, HistoryFilter, filter_sessions
from interview_coach.domain.records import SELF, AnswerTimings
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.history_queries import (
    count_sessions,
    filter_choices,
    session_filter,
    session_page,
)
from interview_coach.storage.history_repository import load_history, load_session
from interview_coach.storage.library import load_library
from interview_coach.storage.practice_repository import PracticeRepository

END = datetime(2026, 9, 30, 18, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    library = load_library(None)
    connection = open_database(tmp_path_factory.mktemp("demo") / "db.sqlite3")
    generate(connection, sessions=40, answers=360, months=4, end=END, catalogue=library.catalogue, seed=4)
    repo = PracticeRepository(connection)
    session = repo.create_session("solo")
    rubric = RubricSnapshot.from_json({"id": "r", "title": "R", "criteria": [{"id": "fit", "name": "Fit"}]})
    snapshot = {"key": "zz/q", "bank_id": "zz", "id": "q", "category": "opening", "text": "Über Straße? 100%_done"}
    answer = repo.add_answer(session.id, 1, QuestionSnapshot.from_json(snapshot), rubric, AnswerTimings(30, 60))
    repo.add_scores(answer.id, SELF, {"fit": 3})
    titles = {b.id: b.title for b in library.catalogue.banks}
    yield connection, titles
    connection.close()


def every_page(connection: Any, wanted: HistoryFilter, titles: dict[str, str], size: int) -> list[Any]:
    where = session_filter(wanted, titles, filter_choices(connection))
    found: list[Any] = []
    while True:
        page = session_page(connection, where, found[-1] if found else None, limit=size)
        found += page
        if len(page) < size:
            return found


def filters(history: Any, titles: dict[str, str]) -> list[HistoryFilter]:
    sessions = history.sessions
    note = next(a.note_text for s in sessions for a in s.answers if a.note_text)
    friend = history.friends[0]
    bank = next(b for s in sessions for b in s.bank_ids if b in titles)
    return [
        HistoryFilter(),
        HistoryFilter(mode="friend"),
        HistoryFilter(scorer=SELF_SCORER),
        HistoryFilter(scorer=friend),
        HistoryFilter(bank_id=bank),
        HistoryFilter(category="red-flag"),
        HistoryFilter(first_day=date(2026, 8, 1), last_day=date(2026, 9, 10)),
        HistoryFilter(text=" ".join(note.split()[:2]).upper()),
        HistoryFilter(text=friend.lower()),
        HistoryFilter(text=titles[bank].split()[0]),
        HistoryFilter(text="über STRAẞE"),  # words beyond ASCII are casefolded: ẞ finds ß
        HistoryFilter(text="100%_"),  # LIKE's wildcards are plain characters here
        HistoryFilter(text="tell nothing-matches-this"),
        HistoryFilter(mode="solo", category="behavioural", text="you"),
    ]


@pytest.mark.parametrize("size", [7, 100])
def test_pages_of_sql_results_equal_the_in_memory_filter(demo: Any, size: int) -> None:
    connection, titles = demo
    history = load_history(connection)
    for wanted in filters(history, titles):
        expected = [s.id for s in filter_sessions(history.sessions, wanted, titles)]
        found = every_page(connection, wanted, titles, size)
        assert [s.id for s in found] == expected, wanted
        where = session_filter(wanted, titles, filter_choices(connection))
        assert count_sessions(connection, where) == len(expected)
    assert count_sessions(connection) == len(history.sessions)


def test_a_page_row_says_what_the_complete_session_says(demo: Any) -> None:
    connection, titles = demo
    for summary in every_page(connection, HistoryFilter(), titles, 50):
        full = load_session(connection, summary.id)
        assert full is not None
        assert summary.bank_ids == full.bank_ids and summary.categories == full.categories
        assert summary.friends == full.friends and summary.answer_count == full.answer_count
        assert summary.speaking_seconds == pytest.approx(full.speaking_seconds)
        assert summary.recording_count == full.recording_count
        for mine, theirs in ((summary.self_average, full.self_average), (summary.friend_average, full.friend_average)):
            assert mine == pytest.approx(theirs) if theirs is not None else mine is None


def test_filter_choices_list_every_bank_category_and_friend(demo: Any) -> None:
    connection, _titles = demo
    history = load_history(connection)
    choices = filter_choices(connection)
    assert set(choices.bank_ids) == {b for s in history.sessions for b in s.bank_ids}
    assert set(choices.categories) == {c for s in history.sessions for c in s.categories}
    assert set(choices.friends) == set(history.friends)
