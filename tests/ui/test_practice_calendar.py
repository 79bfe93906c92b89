"""The practice calendar shades every practice day of the month shown, and the days of any month turned to."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtGui import QTextFormat
from pytestqt.qtbot import QtBot

from interview_coach.ui.practice_calendar import PracticeCalendar


def shaded(calendar: PracticeCalendar, day: date) -> bool:
    text = calendar.dateTextFormat(QDate(day.year, day.month, day.day))
    return text.hasProperty(QTextFormat.Property.BackgroundBrush)


def test_each_month_turned_to_shows_its_practice_days(qtbot: QtBot) -> None:
    calendar = PracticeCalendar("calendar")
    qtbot.addWidget(calendar)
    calendar.setCurrentPage(2026, 6)
    # Two years of practice every other day.
    days = {date(2025, 1, 1) + timedelta(days=2 * n): 10.0 + n % 7 for n in range(365)}
    calendar.shade(days)
    june = [d for d in days if (d.year, d.month) == (2026, 6)]
    assert june and all(shaded(calendar, d) for d in june)
    assert not any(shaded(calendar, d) for d in days if d not in june and abs((d - date(2026, 6, 15)).days) > 60)
    calendar.setCurrentPage(2025, 3)
    march = [d for d in days if (d.year, d.month) == (2025, 3)]
    assert march and all(shaded(calendar, d) for d in march)
    assert not any(shaded(calendar, d) for d in june)  # the page left is no longer formatted
    busiest = max(days, key=days.__getitem__)
    calendar.setCurrentPage(busiest.year, busiest.month)
    quietest = min((d for d in days if (d.year, d.month) == (busiest.year, busiest.month)), key=days.__getitem__)
    alpha = calendar.dateTextFormat(QDate(busiest.year, busiest.month, busiest.day)).background().color().alpha()
    low = calendar.dateTextFormat(QDate(quietest.year, quietest.month, quietest.day)).background().color().alpha()
    assert alpha > low  # the busiest day darkest


def test_shading_again_clears_days_no_longer_practised(qtbot: QtBot) -> None:
    calendar = PracticeCalendar("calendar")
    qtbot.addWidget(calendar)
    calendar.setCurrentPage(2026, 6)
    calendar.shade({date(2026, 6, 3): 5.0, date(2026, 6, 4): 5.0})
    calendar.shade({date(2026, 6, 4): 5.0})
    assert not shaded(calendar, date(2026, 6, 3)) and shaded(calendar, date(2026, 6, 4))
