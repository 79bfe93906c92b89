"""What the Journal shows before it has any entries: what it is for, how it is used, and a button to add
the first one. The page connects the button; this card only explains."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from interview_coach.ui.theme import muted_text_colour, scaled_font, style_card, style_primary


class FirstRunPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalFirstRun")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        card = QFrame()
        style_card(card)
        card.setMaximumWidth(640)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        heading = QLabel("Turn each rejection into your next practice session")
        heading.setObjectName("journalEmptyTitle")
        heading.setFont(scaled_font(self, 1.35, bold=True))
        heading.setWordWrap(True)
        inner.addWidget(heading)
        points = QLabel(
            "<p>Add an entry for each application: the company, the role, how far it got, and what they said, "
            "word for word.</p>"
            "<ul style='margin-left: -20px'>"
            "<li>Reflect with a few prompts while it is fresh.</li>"
            "<li>Tag what the feedback points to (the journal suggests tags from their words) and plan the next "
            "steps.</li>"
            "<li>Press <b>Practise from this feedback</b> for a session aimed at exactly that.</li>"
            "<li>After a few entries, <b>Patterns</b> shows where your applications tend to stop, and why.</li>"
            "</ul>"
        )
        points.setObjectName("journalEmptyText")
        points.setWordWrap(True)
        points.setTextFormat(Qt.TextFormat.RichText)
        inner.addWidget(points)
        row = QHBoxLayout()
        self.add_button = QPushButton("Add your first entry")
        self.add_button.setObjectName("addFirstEntryButton")
        style_primary(self.add_button)
        row.addWidget(self.add_button)
        private = QLabel("Everything stays on this computer.")
        private.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        row.addWidget(private, 1)
        inner.addLayout(row)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 4)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
