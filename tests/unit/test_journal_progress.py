"""Progress since a journal entry: how its tagged criteria moved in practice after the news."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from interview_coach.domain.history import AnswerFact, HistoryData, SessionFact
from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.journal_progress import (
    criterion_points,
    practice_criteria,
    progress_report,
    progress_since,
)

START = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
NAMES = {"specific-story": "Specific story", "enthusiasm": "Enthusiasm", "fit": "Fit with the role"}


def history(days_and_scores: list[tuple[int, list[dict[str, int]]]]) -> HistoryData:
    sessions = []
    answer_id = 0
    for session_id, (day, sheets) in enumerate(days_and_scores, start=1):
        when = START + timedelta(days=day)
        answers = []
        for sheet in sheets:
            answer_id += 1
            fact = AnswerFact(answer_id, session_id, when, 1, 1, "behavioural/q", "behavioural", "behavioural", "Q?",
                              "recorded", None, 60.0, 90.0, False, self_scores=sheet)  # fmt: skip
            answers.append(fact)
        sessions.append(SessionFact(session_id, "solo", when, "finished", tuple(answers)))
    return HistoryData(tuple(reversed(sessions)), NAMES)


def day(offset: int) -> date:
    return (START + timedelta(days=offset)).astimezone().date()


def test_the_last_sessions_before_the_news_are_compared_with_the_latest_since() -> None:
    data = history([
        (0, [{"specific-story": 1}]),  # older than the window of 2: left out
        (1, [{"specific-story": 2}, {"specific-story": 3}]),
        (2, [{"specific-story": 2, "enthusiasm": 4}]),
        (10, [{"specific-story": 3}]),  # the day of the news counts as since
        (11, [{"enthusiasm": 4}]),  # did not score the story: not one of its sessions
        (12, [{"specific-story": 4}, {"specific-story": 5}]),
    ])  # fmt: skip
    (story, enthusiasm) = progress_since(data, day(10), ["specific-story", "enthusiasm"], window=2)
    assert story.name == "Specific story"
    assert story.before == pytest.approx((2 + 3 + 2) / 3) and story.after == pytest.approx(4.0)
    assert (story.sessions_since, story.answers_since) == (2, 3)
    assert story.direction == "up" and story.delta == pytest.approx(4.0 - 7 / 3)
    assert story.describe() == "Specific story: 2.3 \N{RIGHTWARDS ARROW} 4.0 (+1.7) over 2 sessions since"
    assert (enthusiasm.before, enthusiasm.after, enthusiasm.direction) == (4.0, 4.0, "steady")


def test_points_not_practised_since_or_never_scored_before_say_so() -> None:
    data = history([(0, [{"fit": 3}]), (5, [{"enthusiasm": 2}])])
    fit, enthusiasm, story = progress_since(data, day(3), ["fit", "enthusiasm", "specific-story"])
    assert fit.direction == "unpractised" and fit.describe() == "Fit with the role: not practised since (was 3.0)"
    assert enthusiasm.direction == "new"
    assert enthusiasm.describe() == "Enthusiasm: 2.0 now, over 1 session (no scores from before)"
    assert story.before is None and story.after is None and story.delta is None
    assert story.describe() == "Specific story: not practised since"


def test_a_drop_is_reported_as_down() -> None:
    data = history([(0, [{"fit": 4}]), (1, [{"fit": 4}]), (6, [{"fit": 3}])])
    (fit,) = progress_since(data, day(5), ["fit"])
    assert fit.direction == "down" and "\N{MINUS SIGN}1.0" in fit.describe()


def test_the_report_has_each_criterions_session_means_for_the_chart() -> None:
    data = history([(0, [{"fit": 2}, {"fit": 4}]), (2, [{"enthusiasm": 3}]), (4, [{"fit": 5}])])
    assert [(p.when, p.value) for p in criterion_points(data, "fit")] == [
        (START, 3.0),
        (START + timedelta(days=4), 5.0),
    ]
    report = progress_report(data, day(3), ["fit", "fit", "enthusiasm"])
    assert report.since == day(3) and [m.criterion for m in report.movements] == ["fit", "enthusiasm"]
    assert list(report.points) == ["fit", "enthusiasm"] and len(report.points["enthusiasm"]) == 1


def test_only_rubric_criteria_among_the_tags_are_followed() -> None:
    tags = ("cv-cover-letter", "specific-story", "fit", "specific-story")
    assert practice_criteria(tags, NAMES) == ["specific-story", "fit"]


def test_progress_counts_from_hearing_back_else_from_when_the_entry_was_written() -> None:
    written = datetime(2026, 7, 3, 18, 0, tzinfo=timezone.utc)
    assert JournalEntry(heard_on=date(2026, 7, 1), created_at=written).since() == date(2026, 7, 1)
    assert JournalEntry(applied_on=date(2026, 6, 1), created_at=written).since() == written.astimezone().date()
    assert JournalEntry(applied_on=date(2026, 6, 1)).since() == date(2026, 6, 1)
