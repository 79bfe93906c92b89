"""The Journal's charts: the funnel (one bar per stage, application at the top, split into applications
that went further, are waiting there, and stopped there) and each tagged criterion since an entry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from interview_coach.domain.journal import stage_label
from interview_coach.domain.journal_patterns import FunnelStage
from interview_coach.domain.journal_progress import ProgressSince
from interview_coach.domain.progress import rolling_average
from interview_coach.domain.rubric import SCORE_MAX, SCORE_MIN
from interview_coach.ui.progress.charts import make_chart_view, reset_chart, score_axis, time_axis
from interview_coach.ui.theme import accent

__all__ = ["fill_funnel", "fill_progress_since", "make_chart_view"]

STOPPED_COLOUR = QColor("#c0392b")
WAITING_COLOUR = QColor("#a0a8b0")


def fill_funnel(chart: QChart, rows: Sequence[FunnelStage]) -> None:
    reset_chart(chart)
    chart.setTitle("")
    if not rows or rows[0].reached == 0:
        chart.setTitle("Add applications to see where they stop")
        return
    ordered = list(reversed(rows))  # a horizontal bar chart draws its first category at the bottom
    series = QHorizontalStackedBarSeries()
    series.setBarWidth(0.62)
    for name, colour, values in (
        ("Went further", accent(), [r.went_further for r in ordered]),
        ("Waiting to hear", WAITING_COLOUR, [r.waiting for r in ordered]),
        ("Stopped here", STOPPED_COLOUR, [r.stopped for r in ordered]),
    ):
        bars = QBarSet(name)
        bars.setColor(colour)
        bars.setBorderColor(colour)
        bars.append([float(v) for v in values])
        series.append(bars)
    chart.addSeries(series)
    stages = QBarCategoryAxis()
    stages.append([f"{stage_label(r.stage)}  ({r.reached})" for r in ordered])
    chart.addAxis(stages, Qt.AlignmentFlag.AlignLeft)
    counts = QValueAxis()
    top = max(r.reached for r in rows)
    counts.setRange(0, max(1, top))
    counts.setTickCount(min(top, 10) + 1 if top > 1 else 2)
    counts.setLabelFormat("%d")
    counts.setTitleText("Applications")
    chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(stages)
    series.attachAxis(counts)


LINE_COLOURS = ("#1f5fbf", "#2e9d6a", "#c98a00", "#8e44ad", "#c0392b")


def fill_progress_since(chart: QChart, report: ProgressSince, names: Mapping[str, str]) -> None:
    """Each tagged criterion's rolling average over time, with the day of the news marked."""
    reset_chart(chart)
    chart.setTitle("")
    every = [p for points in report.points.values() for p in points]
    if not every:
        chart.setTitle("No scored practice on these points yet")
        return
    marker_time = datetime.combine(report.since, datetime.min.time()).astimezone()
    first = min(min(p.when for p in every), marker_time)
    last = max(max(p.when for p in every), marker_time)
    lines: list[QLineSeries] = []
    for index, (criterion, points) in enumerate(report.points.items()):
        if not points:
            continue
        line = QLineSeries()
        line.setName(names.get(criterion, criterion))
        line.setPen(QPen(QColor(LINE_COLOURS[index % len(LINE_COLOURS)]), 3))
        for point in rolling_average(points):
            line.append(point.when.timestamp() * 1000, point.value)
        lines.append(line)
    marker = QLineSeries()
    marker.setName(f"Heard back ({report.since.strftime('%d %b').lstrip('0')})")
    marker.setPen(QPen(QColor("#7f8c8d"), 2, Qt.PenStyle.DashLine))
    for value in (SCORE_MIN - 0.2, SCORE_MAX + 0.2):
        marker.append(marker_time.timestamp() * 1000, value)
    for series in (*lines, marker):
        chart.addSeries(series)
    x = time_axis(chart, first - timedelta(days=1), last + timedelta(days=1))
    y = score_axis(chart, "Score (rolling average)")
    for series in (*lines, marker):
        series.attachAxis(x)
        series.attachAxis(y)
