"""The practice calendar Today and Progress share: days shaded by minutes of speaking, plain weekends."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from interview_coach.ui.theme import accent, contrast_ratio, mix


class PracticeCalendar(QCalendarWidget):
    def __init__(self, name: str, *, minimum_height: int = 220, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Practice calendar: days you practised are shaded")
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setGridVisible(False)
        self.setMinimumHeight(minimum_height)
        # Weekends in the text colour: red Saturdays and Sundays read as warnings (and fail contrast in dark).
        weekend = QTextCharFormat()
        weekend.setForeground(self.palette().color(QPalette.ColorRole.Text))
        for day in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(day, weekend)
        self._marked: list[QDate] = []
        self._minutes: Mapping[date, float] = {}
        self.currentPageChanged.connect(lambda _year, _month: self._shade_page())

    def shade(self, minutes_by_day: Mapping[date, float]) -> None:
        """Each practice day tinted by its minutes of speaking; the busiest day darkest.

        Only the days of the page shown are formatted (and the rest when their month is turned to):
        years of practice are hundreds of days, and each format costs the GUI thread a contrast check."""
        self._minutes = minutes_by_day
        self._shade_page()

    def _shade_page(self) -> None:
        for marked in self._marked:
            self.setDateTextFormat(marked, QTextCharFormat())
        self._marked = []
        most = max(self._minutes.values(), default=0.0) or 1.0
        base = self.palette().color(QPalette.ColorRole.Base)
        colour = accent()
        first = date(self.yearShown(), self.monthShown(), 1)
        # The page shows a few days of the months on either side.
        start, end = first - timedelta(days=7), first + timedelta(days=31 + 14)
        for practised, minutes in self._minutes.items():
            if not start <= practised < end:
                continue
            tint = QColor(colour)
            tint.setAlpha(70 + int(150 * min(1.0, minutes / most)))
            text = QTextCharFormat()
            text.setBackground(tint)
            text.setForeground(text_on(tint, base))
            text.setToolTip(f"{minutes:.0f} min of speaking")
            day = QDate(practised.year, practised.month, practised.day)
            self.setDateTextFormat(day, text)
            self._marked.append(day)


def text_on(shade: QColor, base: QColor) -> QColor:
    """Black or white, whichever reads better on a translucent `shade` drawn over `base`."""
    seen = mix(base, shade, shade.alphaF())
    white, black = QColor("white"), QColor("black")
    return white if contrast_ratio(white, seen) >= contrast_ratio(black, seen) else black
