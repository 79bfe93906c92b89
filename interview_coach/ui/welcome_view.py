"""The first screen: what the app does, the idea behind it, and where to begin."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_coach.ui.layout_helpers import scrolling_page
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_card, style_primary

if TYPE_CHECKING:
    from interview_coach.domain.library import Library

STEPS = (
    (
        "1",
        "Hear the question",
        "Common questions and the hard red-flag prompts (a gap, being let go, salary) are read aloud, "
        "as an interviewer would ask them.",
    ),
    (
        "2",
        "Answer out loud",
        "Take a moment to think, then answer against a visible timer. Your answer is recorded so you can listen back.",
    ),
    (
        "3",
        "Score and improve",
        "Score the answer on a clear checklist (a specific story, enthusiasm, fit), alone or with a "
        "friend, and watch the scores rise over the weeks.",
    ),
)


# Nothing here touches the `Qt` namespace: its first use costs ~14 ms in PySide6, and this screen is
# on the start-up path (see bench/startup.py).


class WelcomeView(QWidget):
    browse_requested = Signal()
    practise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        _outer, layout = scrolling_page(self, margins=40, spacing=18)
        self._build_intro(layout)
        self._build_begin(layout)
        layout.addStretch(1)
        privacy = QLabel(f"Your sessions and recordings are kept only in <b>{data_dir}</b>, readable by you alone.")
        privacy.setObjectName("welcomeDataFolder")
        privacy.setWordWrap(True)
        privacy.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        layout.addWidget(privacy)

    def _build_intro(self, layout: QVBoxLayout) -> None:
        """The title, what the app does, its three steps and the idea behind it."""
        title = QLabel("Welcome to Interview Coach")
        title.setObjectName("welcomeTitle")
        title.setFont(scaled_font(self, 2.0, bold=True))
        title.setWordWrap(True)
        layout.addWidget(title)

        lead = QLabel(
            "Practise job interviews out loud, on your own or with a friend playing the interviewer. "
            "Everything stays on this computer: no account, no internet."
        )
        lead.setFont(scaled_font(self, 1.2))
        lead.setWordWrap(True)
        layout.addWidget(lead)

        steps = QGridLayout()
        steps.setSpacing(14)
        for column, (number, heading, body) in enumerate(STEPS):
            steps.addWidget(self._step_card(number, heading, body), 0, column)
            steps.setColumnStretch(column, 1)
        layout.addLayout(steps)

        idea = QLabel(
            "<b>A rejection is feedback.</b> Find what to improve (specific stories, fit with the role, "
            "enthusiasm, how you handle the awkward questions), practise exactly that, and track the "
            "improvement. The Journal keeps what each employer said and turns it into a session aimed at it."
        )
        idea.setWordWrap(True)
        layout.addWidget(idea)

    def _build_begin(self, layout: QVBoxLayout) -> None:
        """How to begin, with the buttons that do it."""
        begin_heading = QLabel("How to begin")
        begin_heading.setFont(scaled_font(self, 1.3, bold=True))
        layout.addWidget(begin_heading)
        self._begin_text = QLabel("Loading the question banks…")
        self._begin_text.setObjectName("welcomeBeginText")
        self._begin_text.setWordWrap(True)
        layout.addWidget(self._begin_text)

        row = QHBoxLayout()
        self.practise_button = QPushButton("Start practising")
        self.practise_button.setObjectName("startPractisingButton")
        self.practise_button.setAccessibleName("Start practising")
        style_primary(self.practise_button)
        self.practise_button.clicked.connect(self.practise_requested)
        row.addWidget(self.practise_button)
        self.browse_button = QPushButton("Browse the questions")
        self.browse_button.setObjectName("browseQuestionsButton")
        self.browse_button.setAccessibleName("Browse the questions")
        self.browse_button.setEnabled(False)
        self.browse_button.clicked.connect(self.browse_requested)
        row.addWidget(self.browse_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_library(self, library: Library) -> None:
        questions = library.catalogue.questions()
        red_flags = sum(1 for q in questions if q.is_red_flag)
        self._begin_text.setText(
            f"There are {len(questions)} questions in {len(library.catalogue.banks)} banks, including "
            f"{red_flags} red-flag prompts with advice on handling each. Start with a Quick 5 to get the "
            "feel, or pick exactly what to work on (say, red flags only). Browse the questions to see what "
            "a strong answer shows and which follow-ups to expect."
        )
        self.browse_button.setEnabled(True)

    def _step_card(self, number: str, heading: str, body: str) -> QFrame:
        card = QFrame()
        style_card(card)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 14, 16, 16)
        badge = QLabel(number)
        badge.setFont(scaled_font(self, 1.6, bold=True))
        layout.addWidget(badge)
        title = QLabel(heading)
        title.setFont(scaled_font(self, 1.15, bold=True))
        layout.addWidget(title)
        text = QLabel(body)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addStretch(1)
        return card
