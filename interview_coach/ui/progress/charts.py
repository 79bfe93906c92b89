"""The Progress charts, built with QtCharts: scores over time, answer length against the limit, and
scores by category. Each function fills a QChart it is given, so a chart view is made once and
refilled when the range or criterion changes."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime

from PySide6.QtCharts import (
    QAbstractSeries,
    QAreaSeries,
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QDateTime, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from interview_coach.domain.calibration import CriterionCalibration
from interview_coach.domain.delivery_progress import DeliveryFigure
from interview_coach.domain.progress import Point, TrendLine, rolling_average
from interview_coach.domain.questions import category_label
from interview_coach.domain.rubric import SCORE_MAX, SCORE_MIN
from interview_coach.domain.time_format import clock_text
from interview_coach.ui.theme import BAD, GOOD, accent, is_dark, status_colour

SCORE_TICKS = SCORE_MAX - SCORE_MIN + 1
EDGE_ROOM = 0.03  # of the time span, each side: the first and last dots are drawn whole, not cut in half
MIN_EDGE_ROOM_HOURS = 12
LENGTH_STEPS_MINUTES = (0.25, 0.5, 1, 2, 5, 10, 15, 30, 60)  # one of these between labelled lengths
MAX_LENGTH_LABELS = 6
DAY_MS = 86_400_000.0  # the norm band reaches a day past the first and last session, as the time axis does
SHORT_CATEGORY = {"motivation": "Motivation", "role-specific": "Role", "red-flag": "Red flags"}


def make_chart_view(name: str, accessible: str, parent: QWidget | None = None) -> QChartView:
    chart = QChart()
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if is_dark() else QChart.ChartTheme.ChartThemeLight)
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)  # the key reads with the title, in view
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    view = QChartView(chart, parent)
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    return view


def reset_chart(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


def _msecs(moment: datetime) -> float:
    return float(moment.timestamp() * 1000)


def time_axis(chart: QChart, first: datetime, last: datetime) -> QDateTimeAxis:
    axis = QDateTimeAxis()
    span_days = (last - first).days
    axis.setFormat("d MMM" if span_days < 300 else "MMM yy")
    axis.setTickCount(6 if span_days > 6 else max(2, span_days + 1))
    room = max(EDGE_ROOM * (_msecs(last) - _msecs(first)), MIN_EDGE_ROOM_HOURS * 3_600_000)
    start = QDateTime.fromMSecsSinceEpoch(int(_msecs(first) - room))
    end = QDateTime.fromMSecsSinceEpoch(int(_msecs(last) + room))
    axis.setRange(start, end)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    return axis


def score_axis(chart: QChart, title: str = "Score") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(SCORE_MIN - 0.2, SCORE_MAX + 0.2)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(SCORE_MIN)
    axis.setTickInterval(1)
    axis.setLabelFormat("%d")
    axis.setTitleText(title)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
    return axis


def _per(span_days: float) -> str:
    """How much one dot stands for: a session, or (years of practice) the sessions of a few days."""
    return "per session" if not span_days else f"per {span_days:.0f} days"


def fill_score_trend(chart: QChart, line: TrendLine, label: str) -> None:
    """Each session as a dot, and the rolling average as a line through them; with more sessions than
    the chart has room for, a dot per few days (drawing is then the same for 100 or 5,000 sessions)."""
    reset_chart(chart)
    chart.setTitle("")
    if not line.dots:
        chart.setTitle("No scored sessions in this range yet")
        return
    tint = accent()
    dots = QScatterSeries()
    dots.setName(f"{label}, {_per(line.span_days)}")
    dots.setMarkerSize(7)
    faint = QColor(tint)
    faint.setAlpha(90)
    dots.setColor(faint)
    dots.setBorderColor(faint)
    rolling = QLineSeries()
    rolling.setName("Rolling average (5 sessions)")
    rolling.setPen(QPen(tint, 3))
    _fill(dots, line.dots)
    _fill(rolling, line.rolling)
    for series in (dots, rolling):
        chart.addSeries(series)
    x = time_axis(chart, line.dots[0].when, line.dots[-1].when)
    y = score_axis(chart)
    for series in (dots, rolling):
        series.attachAxis(x)
        series.attachAxis(y)


def fill_length_chart(chart: QChart, lengths: TrendLine, limits: TrendLine) -> None:
    """Answer length per session (dots, and a rolling average) against the rolling average limit, in minutes."""
    reset_chart(chart)
    chart.setTitle("")
    if not lengths.dots:
        chart.setTitle("No timed answers in this range yet")
        return
    tint = accent()
    dots = QScatterSeries()
    dots.setName(f"Average answer, {_per(lengths.span_days)}")
    dots.setMarkerSize(7)
    faint = QColor(tint)
    faint.setAlpha(90)
    dots.setColor(faint)
    dots.setBorderColor(faint)
    length = QLineSeries()
    length.setName("Rolling average")
    length.setPen(QPen(tint, 3))
    limit = QLineSeries()
    limit.setName("Limit")
    limit.setPen(QPen(status_colour(BAD), 2, Qt.PenStyle.DashLine))
    _fill(dots, lengths.dots)
    _fill(length, lengths.rolling)
    _fill(limit, limits.rolling)
    every: tuple[QXYSeries, ...] = (dots, length, limit)
    for series in every:
        chart.addSeries(series)
    x = time_axis(chart, lengths.dots[0].when, lengths.dots[-1].when)
    top = max(max(p.value for p in lengths.dots), max(p.value for p in limits.rolling))
    y = minutes_axis(max(0.5, top * 1.08))
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for series in every:
        series.attachAxis(x)
        series.attachAxis(y)


def minutes_axis(top_minutes: float) -> QCategoryAxis:
    """A length axis in minutes labelled m:ss (1:30, not 1.5), at a round step with a handful of labels."""
    step = next((s for s in LENGTH_STEPS_MINUTES if top_minutes / s <= MAX_LENGTH_LABELS), LENGTH_STEPS_MINUTES[-1])
    steps = max(1, math.ceil(top_minutes / step - 1e-9))
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setStartValue(0)
    for index in range(steps + 1):
        axis.append(clock_text(index * step * 60), index * step)
    axis.setRange(0, steps * step)
    axis.setTitleText("Length (m:ss)")
    return axis


def _fill(series: QXYSeries, points: Sequence[Point]) -> None:
    series.replace([QPointF(_msecs(p.when), p.value) for p in points])  # one call, not one per point


def fill_category_chart(chart: QChart, ranges: Mapping[str, Mapping[str, float]]) -> None:
    """Average self-score per category, one bar set per period (e.g. the range, and the last 30 days).
    The bars lie down so that each category's name reads in full beside them."""
    reset_chart(chart)
    chart.setTitle("")
    categories = sorted({c for values in ranges.values() for c in values}, key=category_label)
    if not categories:
        chart.setTitle("No scored answers in this range yet")
        return
    ordered = list(reversed(categories))  # a horizontal bar chart draws its first category at the bottom
    series = QHorizontalBarSeries()
    colours = (accent(), status_colour(GOOD))
    for (name, values), colour in zip(ranges.items(), colours, strict=False):
        bars = QBarSet(name)
        bars.setColor(colour)
        bars.setBorderColor(colour)
        for category in ordered:
            bars.append(values.get(category, 0.0))
        series.append(bars)
    chart.addSeries(series)
    y = QBarCategoryAxis()
    y.append([category_label(c) for c in ordered])
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    x = QValueAxis()
    x.setRange(0, SCORE_MAX)
    x.setTickCount(SCORE_TICKS + 1)
    x.setLabelFormat("%d")
    x.setTitleText("Average score")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    series.attachAxis(y)


def fill_calibration_chart(chart: QChart, rows: Sequence[CriterionCalibration]) -> None:
    """Self minus friends' score per criterion: bars right of zero mean "I rate myself higher"."""
    reset_chart(chart)
    chart.setTitle("" if rows else "No answer scored by both you and a friend in this range")
    chart.legend().setVisible(False)
    if not rows:
        return
    ordered = list(reversed(rows))  # a horizontal bar chart draws its first category at the bottom
    bars = QBarSet("You minus your friends")
    bars.setColor(accent())
    bars.setBorderColor(accent())
    for row in ordered:
        bars.append(row.mean_gap)
    series = QHorizontalBarSeries()
    series.append(bars)
    chart.addSeries(series)
    y = QBarCategoryAxis()
    y.append([f"{row.name} ({row.pairs})" for row in ordered])
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    widest = math.ceil(max(1.0, *(abs(row.mean_gap) for row in rows)) * 2) / 2  # to the next half point
    x = QValueAxis()
    x.setRange(-widest, widest)
    x.setTickType(QValueAxis.TickType.TicksDynamic)
    x.setTickAnchor(0.0)
    x.setTickInterval(0.5)
    x.setLabelFormat("%+.1f")
    x.setTitleText("Points: left, friends score you higher; right, you score yourself higher")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    series.attachAxis(y)


def fill_delivery_chart(chart: QChart, points: Sequence[Point], figure: DeliveryFigure) -> None:
    """One delivery figure per session (dots), its rolling average (line) and its norm band, if it has one."""
    reset_chart(chart)
    chart.setTitle("")
    if not points:
        chart.setTitle("No analysed answers in this range yet")
        return
    tint = accent()
    dots = QScatterSeries()
    dots.setName(f"{figure.label}, per session")
    dots.setMarkerSize(7)
    faint = QColor(tint)
    faint.setAlpha(90)
    dots.setColor(faint)
    dots.setBorderColor(faint)
    line = QLineSeries()
    line.setName("Rolling average (5 sessions)")
    line.setPen(QPen(tint, 3))
    for point in points:
        dots.append(_msecs(point.when), point.value)
    for point in rolling_average(points):
        line.append(_msecs(point.when), point.value)
    series: list[QAbstractSeries] = []
    first, last = points[0].when, points[-1].when
    top = max(p.value for p in points)
    if figure.band is not None:
        low, high = figure.band
        band = QAreaSeries()
        # The edges belong to the band: an area series does not own them, and a Python wrapper freed
        # under it crashes the chart's next paint.
        lower, upper = QLineSeries(band), QLineSeries(band)
        start, end = _msecs(first) - DAY_MS, _msecs(last) + DAY_MS
        for edge, value in ((lower, low), (upper, high)):
            edge.append(start, value)
            edge.append(end, value)
        band.setUpperSeries(upper)
        band.setLowerSeries(lower)
        band.setName(f"Usual range ({low:g}-{high:g})")
        fill = QColor("#2e7d32")
        fill.setAlpha(40)
        band.setBrush(fill)
        band.setPen(QPen(Qt.PenStyle.NoPen))
        series.append(band)
        top = max(top, high)
    series += [dots, line]
    for item in series:
        chart.addSeries(item)
    x = time_axis(chart, first, last)
    y = QValueAxis()
    y.setRange(0, max(1.0, top * 1.15))
    y.applyNiceNumbers()  # ticks at 0, 50, 100... rather than at fractions of the top value
    y.setLabelFormat("%.0f" if top >= 10 else "%.1f")
    y.setTitleText(figure.unit.capitalize())
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for item in series:
        item.attachAxis(x)
        item.attachAxis(y)
