"""Both score sheets side by side, once both are in: where the candidate and the friend agree and differ."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from interview_coach.domain.calibration import ComparedScore, agreement_line
from interview_coach.ui.layout_helpers import clear_layout, titled_card
from interview_coach.ui.theme import muted_text_colour, scaled_font

# Readable on light and dark palettes alike: tinted backgrounds with dark text.
_VERDICTS = {
    "agree": ("Same", "#d8f0dc"),
    "close": ("1 apart", "#fdf1c7"),
    "apart": ("Talk about this", "#f8d4d0"),
    "only_self": ("Only you", "#e4e4e4"),
    "only_friend": ("In person: only {friend}", "#e4e4e4"),
}


class ComparisonView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonView")
        self.setAccessibleName("Both scores side by side")
        layout = titled_card(self, "Both scores are in")
        self.summary = QLabel()
        self.summary.setObjectName("comparisonSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 6, 0, 0)
        self._grid.setHorizontalSpacing(18)
        self._grid.setVerticalSpacing(6)
        layout.addWidget(self._grid_host)
        self.rows: list[ComparedScore] = []

    def show_comparison(self, rows: list[ComparedScore], friend_name: str) -> None:
        self.rows = list(rows)
        clear_layout(self._grid)
        muted = muted_text_colour(self).name()
        for column, text in enumerate(("", "You", friend_name, "")):
            label = QLabel(text)
            label.setStyleSheet(f"color: {muted}; font-weight: bold")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter if column in (1, 2) else Qt.AlignmentFlag.AlignLeft)
            self._grid.addWidget(label, 0, column)
        for index, row in enumerate(rows, start=1):
            self._grid.addWidget(QLabel(row.name), index, 0)
            for column, value in ((1, row.self_score), (2, row.friend_score)):
                cell = QLabel("–" if value is None else str(value))
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setFont(scaled_font(self, 1.05, bold=True))
                cell.setObjectName(f"compare-{row.criterion_id}-{'self' if column == 1 else 'friend'}")
                self._grid.addWidget(cell, index, column)
            text, colour = _VERDICTS[row.agreement]
            verdict = QLabel(text.format(friend=friend_name))
            verdict.setObjectName(f"compare-{row.criterion_id}-verdict")
            verdict.setStyleSheet(f"background: {colour}; color: #202020; border-radius: 4px; padding: 2px 8px")
            self._grid.addWidget(verdict, index, 3, Qt.AlignmentFlag.AlignLeft)
        self._grid.setColumnStretch(0, 1)
        self.summary.setText(agreement_line(rows))
