"""Pieces the candidate's session view and the interviewer's window share: the clock panel and buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from interview_coach.domain.time_format import clock_text
from interview_coach.ui.level_meter import LevelMeter
from interview_coach.ui.theme import BAD, scaled_font, status_colour


class ClockPanel(QWidget):
    """What is happening, the big clock, how much of the limit is used, and the microphone level."""

    def __init__(self, prefix: str = "", *, clock_scale: float = 3.6, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.phase_label = QLabel()
        self.phase_label.setObjectName(_name(prefix, "phaseLabel"))
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setWordWrap(True)
        self.phase_label.setFont(scaled_font(self, 1.1))
        layout.addWidget(self.phase_label)
        self.timer = QLabel("0:00")
        self.timer.setObjectName(_name(prefix, "timerLabel"))
        self.timer.setAccessibleName("Timer")
        self.timer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer.setFont(scaled_font(self, clock_scale, bold=True))
        layout.addWidget(self.timer)
        self.limit_bar = QProgressBar()
        self.limit_bar.setObjectName(_name(prefix, "limitBar"))
        self.limit_bar.setAccessibleName("Time used of the limit")
        self.limit_bar.setTextVisible(False)
        self.limit_bar.setFixedHeight(8)
        layout.addWidget(self.limit_bar)
        meter_row = QHBoxLayout()
        meter_row.addWidget(QLabel("Microphone:"))
        self.meter = LevelMeter()
        meter_row.addWidget(self.meter, 1)
        layout.addLayout(meter_row)
        # Microphone trouble is said here, beside the clock and the meter the candidate is watching.
        self.alert = QLabel()
        self.alert.setObjectName(_name(prefix, "clockAlert"))
        self.alert.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet(f"color: {status_colour(BAD).name()}; font-weight: bold")
        self.alert.hide()
        layout.addWidget(self.alert)

    def show_alert(self, text: str) -> None:
        self.alert.setText(text)
        self.alert.setVisible(bool(text))

    def show_countdown(self, remaining: float) -> None:
        self.timer.setText(clock_text(remaining, countdown=True))

    def show_answer_time(self, elapsed: float, limit: float) -> None:
        self.timer.setText(f"{clock_text(elapsed)} / {clock_text(limit)}")
        self.limit_bar.setMaximum(int(limit * 10))
        self.limit_bar.setValue(int(min(elapsed, limit) * 10))


def _name(prefix: str, name: str) -> str:
    return f"{prefix}{name[0].upper()}{name[1:]}" if prefix else name


def button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    """A push button with a stable object name; its accessible name is the text without the key hint."""
    made = QPushButton(text)
    made.setObjectName(name)
    made.setAccessibleName(text.split(" (")[0])
    made.clicked.connect(slot)
    return made
