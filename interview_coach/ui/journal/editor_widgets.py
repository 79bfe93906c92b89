"""Small pieces the entry editor's tabs share, so each tab looks and reads dates the same way: dates that
may be unset, muted explanations, headings, clearing a grid that is refilled, and a tab that scrolls."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from interview_coach.ui.theme import muted_text_colour, scaled_font

NO_DATE = QDate(2000, 1, 1)  # a date edit at this value shows its "not set" text


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value is not None else NO_DATE


def from_qdate(value: QDate) -> date | None:
    return None if value == NO_DATE or not value.isValid() else date(value.year(), value.month(), value.day())


def optional_date_edit(name: str, accessible: str, empty_text: str) -> QDateEdit:
    """A date edit that can say "not set" (`empty_text`), since many of an entry's dates are not known yet."""
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(empty_text)
    edit.setDate(NO_DATE)
    return edit


def muted(widget: QLabel) -> QLabel:
    """Explanations step back from what the user types: muted and wrapped."""
    widget.setStyleSheet(f"color: {muted_text_colour(widget).name()}")
    widget.setWordWrap(True)
    return widget


def heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text)
    label.setFont(scaled_font(parent, 1.1, bold=True))
    return label
