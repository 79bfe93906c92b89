"""Today: the home screen for someone who comes back (the welcome is for the first run only).

What is due with a one-key start, leeches with what to try instead, and on the side the streak and
calendar, an unfinished session to resume, the next interview, action steps due and what moved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_coach.domain.wording import count_of
from interview_coach.ui.layout_helpers import card, clear_layout, scrolling_page
from interview_coach.ui.practice_calendar import PracticeCalendar
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_primary

if TYPE_CHECKING:
    from interview_coach.controllers.today_controller import TodayController
    from interview_coach.domain.library import Library
    from interview_coach.domain.practice_setup import PracticeSetup
    from interview_coach.domain.review_queue import DueItem
    from interview_coach.domain.today import TodayData

SHOWN_ITEMS = 10  # the queue's first questions are listed; the rest are counted
STATUS_LABELS = {"new": "New", "learning": "Learning", "review": "Review", "leech": "Leech"}


class TodayPage(QWidget):
    practise = Signal(object)  # PracticeSetup: the due questions
    resume_requested = Signal(int)  # an unfinished session's id
    journal_requested = Signal()

    def __init__(
        self,
        controller: TodayController,
        library: Callable[[], Library | None],
        base_setup: Callable[[], PracticeSetup | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todayPage")
        self._controller = controller
        self._library = library
        self._base_setup = base_setup
        self._data: TodayData | None = None
        self._shortcut: QShortcut | None = None
        _outer, layout = scrolling_page(self, margins=32, spacing=16)
        self.title = QLabel("Today")
        self.title.setFont(scaled_font(self, 1.8, bold=True))
        layout.addWidget(self.title)
        self.since = QLabel("Working out what is due…")
        self.since.setObjectName("sinceLastWeek")
        self.since.setWordWrap(True)
        layout.addWidget(self.since)
        columns = QHBoxLayout()
        columns.setSpacing(20)
        columns.addLayout(self._build_main(), 3)
        columns.addLayout(self._build_side(), 2)
        layout.addLayout(columns)
        layout.addStretch(1)
        self._hidden_data: TodayData | None = None  # loaded while another screen was shown
        controller.loaded.connect(self._loaded)
        controller.failed.connect(self.since.setText)
        if controller.data is not None:
            self.show_today(controller.data)

    # Building

    def _build_main(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(16)
        due_card, due = card("Due today", self)
        self.start_button = QPushButton("Nothing due")
        self.start_button.setObjectName("practiseDueButton")
        self.start_button.setAccessibleName("Practise the questions due today")
        self.start_button.setFont(scaled_font(self, 1.15, bold=True))
        self.start_button.setMinimumHeight(44)
        self.start_button.setEnabled(False)
        style_primary(self.start_button)
        self.start_button.clicked.connect(self._practise)
        due.addWidget(self.start_button)
        self.key_hint = _muted(QLabel("Press Enter to start."), self)
        due.addWidget(self.key_hint)
        self.due_list = QVBoxLayout()
        self.due_list.setSpacing(10)
        due.addLayout(self.due_list)
        column.addWidget(due_card)
        self.leech_card, self.leech_layout = card("Questions that keep slipping", self)
        self.leech_card.setAccessibleName("Questions that keep slipping")
        self.leech_card.hide()
        column.addWidget(self.leech_card)
        column.addStretch(1)
        return column

    def _build_side(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(16)
        self.resume_card, resume = card("Unfinished session", self)
        self.resume_card.setAccessibleName("Unfinished session")  # not the object name: the card style uses it
        self.resume_text = QLabel()
        self.resume_text.setWordWrap(True)
        resume.addWidget(self.resume_text)
        self.resume_button = QPushButton("Resume")
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.clicked.connect(self._resume)
        resume.addWidget(self.resume_button)
        self.resume_card.hide()
        column.addWidget(self.resume_card)

        streak_card, streak = card("Streak", self)
        self.streak = QLabel()
        self.streak.setObjectName("todayStreak")
        self.streak.setWordWrap(True)
        streak.addWidget(self.streak)
        self.calendar = PracticeCalendar("todayCalendar")
        streak.addWidget(self.calendar)
        column.addWidget(streak_card)

        journal_card, journal = card("Coming up", self)
        self.interview = QLabel()
        self.interview.setObjectName("nextInterview")
        self.interview.setWordWrap(True)
        journal.addWidget(self.interview)
        self.steps_due = QLabel()
        self.steps_due.setObjectName("actionsDue")
        self.steps_due.setWordWrap(True)
        journal.addWidget(self.steps_due)
        open_journal = QPushButton("Open the journal")
        open_journal.setObjectName("openJournalButton")
        open_journal.clicked.connect(self.journal_requested)
        row = QHBoxLayout()
        row.addWidget(open_journal)
        row.addStretch(1)
        journal.addLayout(row)
        column.addWidget(journal_card)
        column.addStretch(1)
        return column

    # Showing

    def _loaded(self, data: TodayData) -> None:
        """Shown now if this screen is; otherwise when it is next opened, so filling it does not take
        the interpreter from the screen the user went to (right after start-up, History or Progress)."""
        if self.isVisible():
            self.show_today(data)
        else:
            self._hidden_data = data

    def show_today(self, data: TodayData) -> None:
        from interview_coach.domain.review_queue import SESSION_LIMIT, minutes_for
        from interview_coach.domain.today import due_label

        self._data = data
        self.title.setText(f"Today, {data.today:%A} {data.today.day} {data.today:%B}")
        self.since.setText(f"Since last week: {data.since_last_week}")
        count = min(len(data.due), SESSION_LIMIT)
        self.start_button.setText(due_label(count, minutes_for(count)))
        self.start_button.setEnabled(count > 0)
        self.key_hint.setVisible(count > 0)
        if count:
            self._bind_key()
            if self.isVisible():  # a reload while another screen is in use must not take its focus
                self.start_button.setFocus()
        self._fill_due(data)
        self._fill_leeches(data)
        self._fill_side(data)

    def _bind_key(self) -> None:
        # Made on the first data, after the first paint: key sequences load PySide6's slow Qt namespace.
        # Only while the focus is on this screen: Enter means "next question" during practice.
        if self._shortcut is None:
            from PySide6.QtCore import Qt

            for key in ("Return", "Enter"):
                self._shortcut = QShortcut(QKeySequence(key), self)
                self._shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self._shortcut.activated.connect(self._practise)

    def _fill_due(self, data: TodayData) -> None:
        clear_layout(self.due_list)
        if not data.due:
            self.due_list.addWidget(_muted(QLabel("Nothing is due today. Every answer you score gets a date."), self))
            return
        library = self._library()
        for item in data.due[:SHOWN_ITEMS]:
            self.due_list.addWidget(_DueRow(item, _question_text(library, item.question_key), self))
        rest = len(data.due) - SHOWN_ITEMS
        if rest > 0:
            more = f"and {rest} more waiting, most overdue first: a session takes the first ones in turn."
            self.due_list.addWidget(_muted(QLabel(more), self))

    def _fill_leeches(self, data: TodayData) -> None:
        from interview_coach.domain.scheduling import leech_advice

        while self.leech_layout.count() > 1:  # keep the card's heading
            taken = self.leech_layout.takeAt(1)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        library = self._library()
        leeches = data.leeches[:3]
        self.leech_card.setVisible(bool(leeches))
        for item in leeches:
            question = library.catalogue.question(item.question_key) if library is not None else None
            advice = leech_advice(
                question.strong_answer if question is not None else "",
                has_friend_sessions=data.friend_sessions > 0,
                in_journal_plan=data.open_actions > 0,
            )
            text = QLabel(
                f"<b>{_escape(_question_text(library, item.question_key))}</b> ({item.reason.lower()})"
                "<ul style='margin-left: -20px'>" + "".join(f"<li>{_escape(a)}</li>" for a in advice) + "</ul>"
            )
            text.setWordWrap(True)
            self.leech_layout.addWidget(text)

    def _fill_side(self, data: TodayData) -> None:
        unfinished = data.unfinished[0] if data.unfinished else None
        self.resume_card.setVisible(unfinished is not None)
        if unfinished is not None:
            when = unfinished.started_at.astimezone().strftime("%a %d %b, %H:%M")
            self.resume_text.setText(
                f"Started {when}: {unfinished.answered} of {count_of(unfinished.planned, 'question')} answered."
            )
        streak = data.streak
        days = "day" if streak.current == 1 else "days"
        self.streak.setText(
            f"<b>{streak.current} {days} in a row</b> (longest {streak.longest})"
            if streak.current
            else f"Practise today to start a streak (longest {streak.longest})."
        )
        self._shade_calendar(data)
        interview = data.next_interview
        if interview is not None:
            day = f"{interview.day:%a} {interview.day.day} {interview.day:%b}"
            self.interview.setText(f"Next interview: <b>{day}</b>, {_escape(interview.title)}")
        else:
            self.interview.setText(_grey("No interview date in the journal.", self))
        if data.actions_due:
            lines = [
                f"{'Overdue' if a.due_on and a.due_on < data.today else 'Due'} {a.due_on:%d %b}: {_escape(a.action)}"
                for a in data.actions_due[:4]
            ]
            self.steps_due.setText("Action-plan steps:<br>" + "<br>".join(lines))
        else:
            self.steps_due.setText(_grey("No action-plan steps due this week.", self))

    def _shade_calendar(self, data: TodayData) -> None:
        self.calendar.shade(data.minutes_by_day)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        from datetime import date

        if self._hidden_data is not None:
            data, self._hidden_data = self._hidden_data, None
            self.show_today(data)
        if self._data is not None and self._data.today != date.today():
            self._controller.load()  # the app stayed open past midnight: a new day, a new queue
        elif self._data is not None and self._data.due:
            self.start_button.setFocus()

    # Intent

    def _practise(self) -> None:
        from interview_coach.domain.review_queue import due_setup

        if self._data is not None and self._data.due and self.isVisible():
            self.practise.emit(due_setup(self._data.due, self._base_setup()))

    def _resume(self) -> None:
        if self._data is not None and self._data.unfinished:
            self.resume_requested.emit(self._data.unfinished[0].session_id)


class _DueRow(QFrame):
    """One due question: its text, and its state and why it is due underneath."""

    def __init__(self, item: DueItem, text: str, owner: QWidget) -> None:
        super().__init__()
        self.setObjectName("dueRow")
        self.setAccessibleName(f"{text}: {item.reason}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        question = QLabel(text)
        question.setWordWrap(True)
        layout.addWidget(question)
        layout.addWidget(_muted(QLabel(f"{STATUS_LABELS.get(item.status, item.status)} · {item.reason}"), owner))


def _question_text(library: Library | None, key: str) -> str:
    question = library.catalogue.question(key) if library is not None else None
    return question.text if question is not None else key


def _muted(label: QLabel, owner: QWidget) -> QLabel:
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {muted_text_colour(owner).name()}")
    return label


def _grey(text: str, owner: QWidget) -> str:
    return f"<span style='color: {muted_text_colour(owner).name()}'>{_escape(text)}</span>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
