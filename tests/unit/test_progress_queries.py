"""Progress from the aggregate tables says exactly what Progress from every answer says."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from bench.demo_data import generate
from interview_coach.domain.progress import Point, ProgressReport, build_report, session_row, trend_line
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.deletion import Trash
from interview_coach.storage.history_repository import load_history
from interview_coach.storage.library import load_library
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.progress_parts import criterion_trend
from interview_coach.storage.progress_queries import progress_report

END = datetime(2026, 9, 30, 18, 0, tzinfo=timezone.utc)
TODAY = date(2026, 9, 30)


def comparable(value: Any) -> Any:
    """A report as plain data, floats to 9 places (sums kept by the database add up in another order)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: comparable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict) or hasattr(value, "items"):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [comparable(v) for v in value]
    return value


def generated(folder: Path, sessions: int, answers: int, months: int, seed: int) -> Iterator[Any]:
    connection = open_database(folder / "db.sqlite3")
    catalogue = load_library(None).catalogue
    generate(connection, sessions=sessions, answers=answers, months=months, end=END, catalogue=catalogue, seed=seed)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from generated(tmp_path_factory.mktemp("demo"), sessions=40, answers=360, months=4, seed=3)


@pytest.mark.parametrize("days", [None, 30, 91])
def test_the_report_from_aggregates_equals_the_report_from_every_answer(demo: Any, days: int | None) -> None:
    since = (
        None if days is None else datetime.combine(TODAY - timedelta(days=days - 1), datetime.min.time()).astimezone()
    )
    full = build_report(load_history(demo), since=since, today=TODAY)
    fast = progress_report(demo, since=since, today=TODAY, known_names={})
    assert full.session_count and full.weakest_questions and full.category_averages
    if days is None:  # the demo's friends and its most improved question are in the whole range
        assert full.calibration and any("Most improved" in text for text in full.personal_bests)
    assert comparable(fast) == comparable(full)


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """More sessions than a chart has points: the database thins the lines to their buckets."""
    yield from generated(tmp_path_factory.mktemp("years"), sessions=640, answers=2600, months=18, seed=11)


@pytest.mark.parametrize("days", [None, 182])
def test_thinned_lines_from_the_database_equal_thinning_every_session(years: Any, days: int | None) -> None:
    since = (
        None if days is None else datetime.combine(TODAY - timedelta(days=days - 1), datetime.min.time()).astimezone()
    )
    history = load_history(years)
    full = build_report(history, since=since, today=TODAY)
    fast = progress_report(years, since=since, today=TODAY, known_names={})
    assert full.overall_trend.span_days > 0 and len(full.overall_trend.dots) <= 150  # thinned
    assert full.improvements or full.declines or full.since_start
    assert comparable(fast) == comparable(full)
    # Each criterion's line, read when the chart asks for it, equals thinning that criterion's sessions.
    rows = [session_row(s) for s in reversed(history.sessions) if since is None or s.started_at >= since]
    thinned = 0
    for criterion in full.criteria:
        points = [
            Point(r.started_at, r.criteria[criterion][0] / r.criteria[criterion][1])
            for r in rows
            if criterion in r.criteria
        ]
        line = criterion_trend(years, since, criterion)
        assert points and comparable(line) == comparable(trend_line(points))
        thinned += line.span_days > 0
    assert thinned  # at least one line was cut into spans of time


def test_aggregates_follow_a_rescore_a_deletion_and_its_undo(tmp_path: Path) -> None:
    connection = open_database(tmp_path / "db.sqlite3")
    repo = PracticeRepository(connection)
    rubric = RubricSnapshot.from_json({"id": "r", "title": "R", "criteria": [{"id": "fit", "name": "Fit"}]})
    ids = []
    for number in range(3):
        session = repo.create_session("friend")
        snapshot = {"key": "b/q", "bank_id": "b", "id": "q", "category": "opening", "text": "Why us?"}
        answer = repo.add_answer(session.id, 1, QuestionSnapshot.from_json(snapshot), rubric, AnswerTimings(60, 90))
        repo.add_scores(answer.id, SELF, {"fit": 2 + number})
        repo.add_scores(answer.id, Scorer("friend", "Sam"), {"fit": 2})
        ids.append((session.id, answer.id))

    def both() -> tuple[ProgressReport, ProgressReport]:
        return (
            build_report(load_history(connection), since=None, today=TODAY),
            progress_report(connection, since=None, today=TODAY, known_names={}),
        )

    repo.add_scores(ids[0][1], SELF, {"fit": 5})
    full, fast = both()
    assert comparable(fast) == comparable(full)
    assert fast.calibration[0].mean_gap == pytest.approx((5 - 2 + 3 - 2 + 4 - 2) / 3)
    deleted = Trash(connection, tmp_path).delete_session(ids[1][0])
    full, fast = both()
    assert comparable(fast) == comparable(full) and fast.session_count == 2
    Trash(connection, tmp_path).restore(deleted)
    full, fast = both()
    assert comparable(fast) == comparable(full) and fast.session_count == 3
    connection.close()
