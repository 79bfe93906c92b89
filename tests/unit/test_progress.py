"""Progress figures: trends, rolling averages, streaks, weakest spots and plainly stated improvements."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from interview_coach.domain.history import AnswerFact, HistoryData, SessionFact
from interview_coach.domain.progress import (
    Point,
    build_report,
    length_points,
    rolling_average,
    streaks,
)

START = datetime(2026, 6, 1, 18, 0, tzinfo=timezone.utc)


def fact(
    answer_id: int,
    session_id: int,
    when: datetime,
    *,
    key: str = "behavioural/q1",
    category: str = "behavioural",
    scores: dict[str, int] | None = None,
    seconds: float = 60,
    limit: float = 90,
) -> AnswerFact:
    return AnswerFact(
        answer_id=answer_id,
        session_id=session_id,
        created_at=when,
        position=1,
        attempt=1,
        question_key=key,
        bank_id=key.split("/")[0],
        category=category,
        question_text=f"Question {key}",
        status="recorded",
        recording_path=None,
        answer_seconds=seconds,
        answer_limit_seconds=limit,
        over_limit=seconds > limit,
        self_scores=scores or {},
    )


def history_of(sessions: list[tuple[datetime, list[AnswerFact]]]) -> HistoryData:
    built = [SessionFact(i + 1, "solo", when, "finished", tuple(answers)) for i, (when, answers) in enumerate(sessions)]
    return HistoryData(tuple(reversed(built)), {"specific-story": "Specific story", "enthusiasm": "Enthusiasm"})


def test_rolling_average_uses_up_to_the_window_before_each_point() -> None:
    points = [Point(START + timedelta(days=i), v) for i, v in enumerate([1, 2, 3, 4, 5, 6])]
    assert [p.value for p in rolling_average(points, window=3)] == [1, 1.5, 2, 3, 4, 5]


def test_streaks_count_consecutive_days_and_survive_until_the_day_after() -> None:
    days = {date(2026, 6, d) for d in (1, 2, 3, 5, 6)}
    assert streaks(days, date(2026, 6, 6)) == streaks(days, date(2026, 6, 7))
    assert streaks(days, date(2026, 6, 7)).current == 2
    assert streaks(days, date(2026, 6, 7)).longest == 3
    assert streaks(days, date(2026, 6, 8)).current == 0


def test_improvement_is_stated_plainly_with_before_and_after() -> None:
    sessions = []
    for i in range(10):
        story = 2 if i < 5 else 4  # specific story climbs from 2 to 4
        scores = {"specific-story": story, "enthusiasm": 3}
        when = START + timedelta(days=i)
        sessions.append((when, [fact(i + 1, i + 1, when, scores=scores)]))
    report = build_report(history_of(sessions), since=None, today=date(2026, 6, 10))
    assert [c.criterion for c in report.improvements] == ["specific-story"]
    assert report.improvements[0].describe() == "Specific story: 2.0 \u2192 4.0 over the last 5 sessions"
    assert report.declines == ()
    assert report.streak.current == 10 and report.streak.longest == 10
    assert report.weakest_criteria[0][0] == "enthusiasm"
    assert [round(p.value, 1) for p in report.overall_trend.dots][:2] == [2.5, 2.5]  # (2 + 3) / 2
    assert report.criteria == ("enthusiasm", "specific-story")


def test_weakest_questions_rank_by_latest_attempt_and_categories_average_apart() -> None:
    day = START
    sessions = [
        (
            day,
            [
                fact(1, 1, day, key="red-flags/gap", category="red-flag", scores={"enthusiasm": 1}),
                fact(2, 1, day, key="behavioural/q1", scores={"enthusiasm": 4}),
            ],
        ),
        (
            day + timedelta(days=1),
            [fact(3, 2, day + timedelta(days=1), key="red-flags/gap", category="red-flag", scores={"enthusiasm": 5})],
        ),
        (
            day + timedelta(days=2),
            [fact(4, 3, day + timedelta(days=2), key="red-flags/fired", category="red-flag", scores={"enthusiasm": 2})],
        ),
    ]
    report = build_report(history_of(sessions), since=None, today=date(2026, 6, 3))
    assert [q.key for q in report.weakest_questions] == ["red-flags/fired", "behavioural/q1", "red-flags/gap"]
    assert report.weakest_questions[2].attempts == 2
    assert report.category_averages == {"red-flag": pytest.approx((1 + 5 + 2) / 3), "behavioural": 4}
    assert any("Most improved question" in text and "1.0 \u2192 5.0" in text for text in report.personal_bests)


def test_the_range_limits_trends_but_not_the_calendar() -> None:
    old, new = START, START + timedelta(days=60)
    sessions = [(old, [fact(1, 1, old, scores={"fit": 1})]), (new, [fact(2, 2, new, scores={"fit": 5})])]
    report = build_report(history_of(sessions), since=new - timedelta(days=1), today=new.date())
    assert [p.value for p in report.overall_trend.dots] == [5]
    assert set(report.practice_days) == {old.astimezone().date(), new.astimezone().date()}


def test_length_points_compare_answer_length_with_the_limit() -> None:
    session = SessionFact(
        1,
        "solo",
        START,
        "finished",
        (
            fact(1, 1, START, seconds=60, limit=90),
            fact(2, 1, START, seconds=120, limit=90),
        ),
    )
    (point,) = length_points([session])
    assert (point.average_seconds, point.average_limit_seconds, point.over_limit, point.answered) == (90, 90, 1, 2)


def test_a_long_series_is_thinned_to_a_bounded_number_of_averaged_points() -> None:
    from interview_coach.domain.progress import CHART_POINTS, thinned

    few = [Point(START + timedelta(days=i), 3.0) for i in range(10)]
    assert thinned(few) == (few, 0.0)  # nothing merged: one dot per session
    many = [Point(START + timedelta(hours=6 * i), float(i % 5 + 1)) for i in range(4 * 730)]  # 2 years, 4 a day
    shown, span = thinned(many)
    assert len(shown) <= CHART_POINTS and span == pytest.approx(730 / CHART_POINTS, rel=0.01)
    assert shown[0].when >= many[0].when and shown[-1].when <= many[-1].when
    assert all(1 <= p.value <= 5 for p in shown)
    assert sum(p.value for p in shown) / len(shown) == pytest.approx(3.0, abs=0.1)


def test_a_trend_line_thins_the_dots_and_the_rolling_average_alike() -> None:
    from interview_coach.domain.progress import rolling_average, thinned, trend_line

    for count in (12, 400, 3000):
        points = [Point(START + timedelta(hours=5 * i + (i % 7)), float((i * 7) % 5 + 1)) for i in range(count)]
        line = trend_line(points)
        dots, span = thinned(points)
        rolled, _ = thinned(rolling_average(points))
        assert [p.when for p in line.dots] == [p.when for p in dots] and line.span_days == pytest.approx(span)
        assert [p.value for p in line.dots] == pytest.approx([p.value for p in dots])
        assert [p.value for p in line.rolling] == pytest.approx([p.value for p in rolled])
