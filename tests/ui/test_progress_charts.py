"""The Progress screen reads cleanly: whole category names, lengths in m:ss, dots not cut at the edges,
weekends in the text colour, no "best session" of one session, and the wheel scrolls the page over
charts (issue 17 item 8)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis, QChart, QDateTimeAxis, QHorizontalBarSeries
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView, QWidget
from pytestqt.qtbot import QtBot

from bench.demo_data import generate
from interview_coach.app import AppContext, build_context, create_application
from interview_coach.domain.progress import Point, TrendLine
from interview_coach.domain.questions import category_label
from interview_coach.storage.database import open_database
from interview_coach.storage.locations import DataLayout
from interview_coach.ui.progress.charts import fill_category_chart, fill_length_chart, fill_score_trend
from interview_coach.ui.progress.progress_page import ProgressPage

START = datetime(2026, 9, 1, 18, 0, tzinfo=timezone.utc)


def test_category_names_read_in_full_beside_lying_bars(qtbot: QtBot) -> None:
    chart = QChart()
    values = {"behavioural": 3.2, "motivation": 3.6, "role-specific": 2.9, "situational": 3.0}
    fill_category_chart(chart, {"All time": values, "Last 30 days": {"behavioural": 3.8}})
    (series,) = chart.series()
    assert isinstance(series, QHorizontalBarSeries)
    (names,) = [a for a in chart.axes() if isinstance(a, QBarCategoryAxis)]
    assert sorted(names.categories()) == sorted(category_label(c) for c in values)  # no "Behavi…", no "Role"
    assert [s.label() for s in series.barSets()] == ["All time", "Last 30 days"]


def test_answer_length_is_labelled_in_minutes_and_seconds(qtbot: QtBot) -> None:
    chart = QChart()
    lengths = tuple(Point(START + timedelta(days=d), (80.0 + d) / 60) for d in range(6))
    limits = tuple(Point(START + timedelta(days=d), 2.0) for d in range(6))
    fill_length_chart(chart, TrendLine(lengths, lengths, 0), TrendLine(limits, limits, 0))
    (lengths,) = [a for a in chart.axes() if isinstance(a, QCategoryAxis)]
    labels = lengths.categoriesLabels()
    assert labels and all(re.fullmatch(r"\d+:\d\d", label) for label in labels), labels
    assert "1:30" in labels and "2:00" in labels
    assert lengths.max() >= 2.0  # minutes: the 2:00 limit is inside the chart
    assert "m:ss" in lengths.titleText()


def test_the_first_and_last_sessions_are_drawn_whole(qtbot: QtBot) -> None:
    chart = QChart()
    points = [Point(START + timedelta(days=3 * d), 3.0) for d in range(10)]
    fill_score_trend(chart, TrendLine(tuple(points), tuple(points), 0), "Average")
    (time,) = [a for a in chart.axes() if isinstance(a, QDateTimeAxis)]
    first, last = points[0].when.timestamp() * 1000, points[-1].when.timestamp() * 1000
    assert time.min().toMSecsSinceEpoch() < first - 3_600_000
    assert time.max().toMSecsSinceEpoch() > last + 3_600_000
    fill_score_trend(
        chart, TrendLine(tuple(points[:1]), tuple(points[:1]), 0), "Average"
    )  # one session: a day either side, still whole
    (time,) = [a for a in chart.axes() if isinstance(a, QDateTimeAxis)]
    assert time.min().toMSecsSinceEpoch() < first < time.max().toMSecsSinceEpoch()


@pytest.fixture
def progress_with(qtbot: QtBot, data_dir: Path) -> Iterator[Callable[[int], ProgressPage]]:
    """Opens Progress on a data folder holding `sessions` scored demo sessions."""
    contexts: list[AppContext] = []

    def make(sessions: int) -> ProgressPage:
        layout = DataLayout(data_dir)
        layout.ensure()
        connection = open_database(layout.database)
        generate(connection, sessions=sessions, answers=sessions * 4, months=1, end=START)
        connection.close()
        create_application()
        context = build_context(data_dir)
        contexts.append(context)
        qtbot.addWidget(context.window)
        with qtbot.waitSignal(context.library.loaded, timeout=10_000):
            context.start()
        context.window.resize(1280, 720)
        context.window.show()
        context.window.show_page("progress")
        page = context.window.page("progress")
        assert isinstance(page, ProgressPage)
        qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
        return page

    yield make
    for context in contexts:
        context.window.close()
        context.close()


def test_best_session_waits_for_a_second_session(qtbot: QtBot, progress_with: Callable[[int], ProgressPage]) -> None:
    page = progress_with(1)
    assert page.report.scored_session_count == 1
    assert "Best session" not in page.changes.text()


def test_best_session_shows_once_there_are_two(qtbot: QtBot, progress_with: Callable[[int], ProgressPage]) -> None:
    page = progress_with(3)
    assert "Best session" in page.changes.text()


def test_weekends_in_the_text_colour_and_the_wheel_scrolls_the_page_over_charts(
    qtbot: QtBot, progress_with: Callable[[int], ProgressPage]
) -> None:
    page = progress_with(3)
    text = page.calendar.palette().color(QPalette.ColorRole.Text)
    for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
        assert page.calendar.weekdayTextFormat(day).foreground().color() == text
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0  # at 1280x720 the page is taller than the window
    month = (page.calendar.yearShown(), page.calendar.monthShown())
    calendar_days = page.calendar.findChild(QTableView)
    assert calendar_days is not None
    for target in (page.trend_view.viewport(), page.category_view.viewport(), calendar_days.viewport()):
        before = bar.value()
        wheel(target, -120)
        assert bar.value() > before, target
    assert (page.calendar.yearShown(), page.calendar.monthShown()) == month  # the wheel did not flip months


def wheel(target: QWidget, delta: int) -> None:
    centre = QPointF(target.width() / 2, target.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(target.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(target, event)


def test_what_changed_since_the_first_day_names_its_year_when_it_is_not_this_one() -> None:
    from datetime import date

    from interview_coach.ui.progress.progress_page import day_label

    assert day_label(date(2026, 3, 4), date(2026, 12, 3)) == "04 Mar"
    assert day_label(date(2024, 12, 3), date(2026, 12, 3)) == "03 Dec 2024"
