"""The self-score sheet: one row per criterion, 1-5 with the meaning of each level in view.

Keyboard: 1-5 score the focused criterion and move to the next; Up/Down move between criteria.
"""

from __future__ import annotations

import html
from functools import partial

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.delivery_norms import evidence_line
from interview_coach.domain.rubric import SCORE_MAX, SCORE_MIN, Criterion
from interview_coach.ui.theme import accent, muted_text_colour, scaled_font


class CriterionRow(QFrame):
    scored = Signal(str, int)
    step_requested = Signal(int)  # -1 up, +1 down

    def __init__(self, criterion: Criterion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self.setObjectName(f"criterion-{criterion.id}")
        self.setAccessibleName(f"{criterion.name}: score 1 to 5")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        top = QHBoxLayout()
        title = QLabel(criterion.name)
        title.setFont(scaled_font(self, 1.05, bold=True))
        title.setToolTip(criterion.summary)
        top.addWidget(title, 1)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.setProperty("criterionRow", True)
        for value in range(SCORE_MIN, SCORE_MAX + 1):
            button = QPushButton(str(value))
            button.setObjectName(f"score-{criterion.id}-{value}")
            button.setAccessibleName(f"{criterion.name} {value}")
            button.setCheckable(True)
            button.setFixedWidth(36)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(criterion.level_text(value))
            self.group.addButton(button, value)
            top.addWidget(button)
        layout.addLayout(top)
        self.description = QLabel(criterion.summary)
        self.description.setObjectName(f"level-{criterion.id}")
        self.description.setWordWrap(True)
        layout.addWidget(self.description)
        # What the delivery analysis measured, for the criteria a measure speaks to (Delivery, Structure).
        self.evidence = QLabel()
        self.evidence.setObjectName(f"evidence-{criterion.id}")
        self.evidence.setWordWrap(True)
        self.evidence.hide()
        layout.addWidget(self.evidence)
        self.group.idClicked.connect(partial(self.scored.emit, criterion.id))
        self._muted = muted_text_colour(self).name()
        self.show_value(None)

    def show_value(self, value: int | None) -> None:
        if value is None:
            checked = self.group.checkedButton()
            if checked is not None:
                self.group.setExclusive(False)
                checked.setChecked(False)
                self.group.setExclusive(True)
            self.description.setText(f"<span style='color:{self._muted}'>{self.criterion.summary}</span>")
            return
        button = self.group.button(value)
        if button is not None:
            button.setChecked(True)
        self.description.setText(f"<b>{value}</b> — {self.criterion.level_text(value)}")

    def show_evidence(self, figures: DeliveryFigures | None) -> None:
        line = evidence_line(self.criterion.id, self.criterion.name, self.value(), figures) if figures else None
        self.evidence.setText(
            f"<span style='color:{accent().name()}'>Measured: {html.escape(line)}</span>" if line else ""
        )
        self.evidence.setVisible(bool(line))

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked >= SCORE_MIN else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.scored.emit(self.criterion.id, key - Qt.Key.Key_0)
            self.step_requested.emit(1)
        elif key == Qt.Key.Key_Down:
            self.step_requested.emit(1)
        elif key == Qt.Key.Key_Up:
            self.step_requested.emit(-1)
        else:
            super().keyPressEvent(event)


class ScoreSheet(QWidget):
    scored = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreSheet")
        self.setAccessibleName("Score sheet")
        # One style sheet for every row, parsed once: per-widget sheets on rows that come and go with
        # each question made memory grow question after question.
        tint = accent().name()
        self.setStyleSheet(
            f'QFrame[criterionRow="true"]:focus {{ border: 2px solid {tint}; border-radius: 6px; }}'
            f"QPushButton:checked {{ background: {tint}; color: white; border: 1px solid {tint};"
            " border-radius: 4px; font-weight: bold; }"
        )
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.rows: list[CriterionRow] = []
        self._figures: DeliveryFigures | None = None

    def set_criteria(self, criteria: list[Criterion]) -> None:
        for row in self.rows:
            # Deleted now, not with deleteLater(): that waits for the main loop, which a modal dialog
            # or a test harness may not return to for a while. Deleting the C++ object also drops
            # the row's connections, which hold the Python wrapper and would otherwise keep it alive.
            self._layout.removeWidget(row)
            shiboken6.delete(row)
        self.rows = []
        for criterion in criteria:
            row = CriterionRow(criterion, self)
            row.scored.connect(self.scored)
            row.step_requested.connect(partial(self._move, row))
            self._layout.addWidget(row)
            self.rows.append(row)
        self._figures = None

    def show_scores(self, scores: dict[str, int]) -> None:
        for row in self.rows:
            row.show_value(scores.get(row.criterion.id))
            row.show_evidence(self._figures)

    def show_figures(self, figures: DeliveryFigures | None) -> None:
        """The measured evidence beside Delivery and Structure ("You gave Delivery 4; 9 fillers a minute")."""
        self._figures = figures
        for row in self.rows:
            row.show_evidence(figures)

    def focus_first_unscored(self) -> None:
        target = next((r for r in self.rows if r.value() is None), self.rows[0] if self.rows else None)
        if target is not None:
            target.setFocus()

    def row(self, criterion_id: str) -> CriterionRow | None:
        return next((r for r in self.rows if r.criterion.id == criterion_id), None)

    def _move(self, row: CriterionRow, step: int) -> None:
        index = self.rows.index(row) + step
        if 0 <= index < len(self.rows):
            self.rows[index].setFocus()
