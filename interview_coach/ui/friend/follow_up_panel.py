"""The interviewer's probes: the question's own follow-ups, red-flag probes, their own, and what was asked."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_coach.domain.probes import Probe
from interview_coach.domain.records import FollowUpRecord, FollowUpSource
from interview_coach.domain.time_format import clock_text
from interview_coach.ui.layout_helpers import clear_layout, titled_card
from interview_coach.ui.theme import muted_text_colour

Ask = Callable[[str, FollowUpSource], None]


class FollowUpPanel(QWidget):
    def __init__(self, ask: Ask, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpPanel")
        self._ask = ask
        self._muted = muted_text_colour(self).name()
        layout = titled_card(self, "Follow-up probes")
        explain = QLabel("Ask one when the answer stays vague; press Ask so it is saved with the answer.")
        explain.setWordWrap(True)
        explain.setStyleSheet(f"color: {self._muted}")
        layout.addWidget(explain)
        self._own_host = QWidget()
        self._own = QVBoxLayout(self._own_host)
        self._own.setContentsMargins(0, 0, 0, 0)
        self._own.setSpacing(4)
        layout.addWidget(self._own_host)

        self.red_flag_label = QLabel("If the answer touches a red flag, probe it (★: close to this question):")
        layout.addWidget(self.red_flag_label)
        red_row = QHBoxLayout()
        self.red_flags = QComboBox()
        self.red_flags.setObjectName("redFlagProbeCombo")
        self.red_flags.setAccessibleName("Red-flag probe")
        self.red_flags.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.red_flags.setMinimumContentsLength(24)
        red_row.addWidget(self.red_flags, 1)
        self.ask_red_flag = QPushButton("Ask")
        self.ask_red_flag.setObjectName("askRedFlagButton")
        self.ask_red_flag.setAccessibleName("Ask the red-flag probe")
        self.ask_red_flag.clicked.connect(self._ask_red_flag)
        red_row.addWidget(self.ask_red_flag)
        layout.addLayout(red_row)

        custom_row = QHBoxLayout()
        self.custom = QLineEdit()
        self.custom.setObjectName("customFollowUpEdit")
        self.custom.setAccessibleName("Your own follow-up")
        self.custom.setPlaceholderText("Your own follow-up…")
        self.custom.setMaxLength(500)
        self.custom.returnPressed.connect(self.ask_custom)
        custom_row.addWidget(self.custom, 1)
        ask_custom = QPushButton("Ask")
        ask_custom.setObjectName("askCustomFollowUpButton")
        ask_custom.setAccessibleName("Ask your own follow-up")
        ask_custom.clicked.connect(self.ask_custom)
        custom_row.addWidget(ask_custom)
        layout.addLayout(custom_row)

        self.asked = QLabel()
        self.asked.setObjectName("askedFollowUps")
        self.asked.setWordWrap(True)
        self.asked.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.asked)
        self.ask_buttons: list[QPushButton] = []
        self.show_asked([])

    def show_probes(self, own: list[str], red_flag_question: bool, probes: list[Probe]) -> None:
        clear_layout(self._own)
        self.ask_buttons = []
        source: FollowUpSource = "red_flag" if red_flag_question else "bank"
        for index, text in enumerate(own):
            row = QWidget()
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            label = QLabel(text)
            label.setWordWrap(True)
            row_layout.addWidget(label, 1)
            button = QPushButton("Ask")
            button.setObjectName(f"askFollowUp{index + 1}")
            button.setAccessibleName(f"Ask: {text}")
            button.clicked.connect(lambda _checked=False, t=text: self._ask(t, source))
            row_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self._own.addWidget(row)
            self.ask_buttons.append(button)
        if not own:
            none = QLabel("This question has no written follow-ups; use a red-flag probe or your own.")
            none.setWordWrap(True)
            none.setStyleSheet(f"color: {self._muted}")
            self._own.addWidget(none)
        self.red_flags.clear()
        for probe in probes:
            marker = "★ " if probe.related else ""
            self.red_flags.addItem(f"{marker}{probe.topic}: {probe.text}", probe.text)
        for widget in (self.red_flag_label, self.red_flags, self.ask_red_flag):
            widget.setVisible(bool(probes))

    def show_asked(self, asked: list[FollowUpRecord]) -> None:
        if not asked:
            self.asked.setText(f"<span style='color:{self._muted}'>No follow-up asked yet.</span>")
            return
        self.asked.setText("<b>Asked:</b><br>" + "<br>".join(asked_lines(asked)))

    def _ask_red_flag(self) -> None:
        text = self.red_flags.currentData()
        if text:
            self._ask(str(text), "red_flag")

    def ask_custom(self) -> None:
        text = self.custom.text().strip()
        if text:
            self._ask(text, "custom")
            self.custom.clear()


def asked_lines(asked: list[FollowUpRecord]) -> list[str]:
    """Each follow-up as rich text with when it was asked: "at 0:42 · Why then?" (escaped)."""
    return [f"{_when(record.asked_at_seconds)} \N{MIDDLE DOT} {html.escape(record.text)}" for record in asked]


def _when(seconds: float | None) -> str:
    return "after the answer" if seconds is None else f"at {clock_text(seconds)}"
