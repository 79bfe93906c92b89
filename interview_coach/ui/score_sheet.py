"""The self-score sheet: one row per criterion, 1-5 with the meaning of each level in view.

The row being scored (the focused one, else the first unscored) lists what each of 1-5 means, as Anki
labels its answer buttons, so the choice is made reading the levels; the other rows stay one line.
Keyboard: 1-5 score the focused criterion and move to the next; Up/Down move between criteria.
"""

from __future__ import annotations

import html
from functools import partial

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.delivery_norms import evidence_line
from interview_coach.domain.rubric import SCORE_MAX, SCORE_MIN, Criterion
from interview_coach.ui.theme import accent, muted_text_colour, primary_fill, scaled_font


class LevelChoice(QFrame):
    """One level of a criterion, "3  A real example, but the result is missing...": click to choose it."""

    chosen = Signal(int)

    def __init__(self, value: int, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self.setProperty("levelChoice", True)
        self.setProperty("chosen", False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        number = QLabel(f"<b>{value}</b>")
        number.setFixedWidth(16)
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout.addWidget(number, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.setAccessibleName(f"Score {self.value}: {text}")
        self.text.setText(text)

    def set_chosen(self, chosen: bool) -> None:
        if self.property("chosen") is chosen:
            return  # restyling costs a style pass per widget: each new question clears every level
        self.setProperty("chosen", chosen)
        self.style().unpolish(self)
        self.style().polish(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # so the release comes here too

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.chosen.emit(self.value)
        event.accept()


class CriterionRow(QFrame):
    scored = Signal(str, int)
    step_requested = Signal(int)  # -1 up, +1 down
    focused = Signal()

    def __init__(self, criterion: Criterion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setFont(scaled_font(self, 1.05, bold=True))
        top.addWidget(self.title, 1)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.setProperty("criterionRow", True)
        for value in range(SCORE_MIN, SCORE_MAX + 1):
            button = QPushButton(str(value))
            button.setCheckable(True)
            button.setFixedWidth(36)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.group.addButton(button, value)
            top.addWidget(button)
        layout.addLayout(top)
        self.description = QLabel()
        self.description.setWordWrap(True)
        layout.addWidget(self.description)
        # What the delivery analysis measured, for the criteria a measure speaks to (Delivery, Structure).
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.hide()
        layout.addWidget(self.evidence)
        self.levels = QWidget()
        levels_layout = QVBoxLayout(self.levels)
        levels_layout.setContentsMargins(0, 2, 0, 0)
        levels_layout.setSpacing(0)
        self.choices: list[LevelChoice] = []
        for value in range(SCORE_MIN, SCORE_MAX + 1):
            choice = LevelChoice(value, "", self.levels)  # its text comes with the criterion
            choice.chosen.connect(self._choose)
            levels_layout.addWidget(choice)
            self.choices.append(choice)
        self.levels.hide()
        layout.addWidget(self.levels)
        self.group.idClicked.connect(self._clicked)
        self._muted = muted_text_colour(self).name()
        self.show_criterion(criterion)

    def show_criterion(self, criterion: Criterion) -> None:
        """This row for `criterion`, unscored: a new question's row reuses the last one's widgets."""
        self.criterion = criterion
        self.setObjectName(f"criterion-{criterion.id}")
        self.setAccessibleName(f"{criterion.name}: score 1 to 5")
        self.title.setText(criterion.name)
        self.title.setToolTip(criterion.summary)
        for value in range(SCORE_MIN, SCORE_MAX + 1):
            button = self.group.button(value)
            button.setObjectName(f"score-{criterion.id}-{value}")
            button.setAccessibleName(f"{criterion.name} {value}")
            button.setToolTip(criterion.level_text(value))
        self.description.setObjectName(f"level-{criterion.id}")
        self.evidence.setObjectName(f"evidence-{criterion.id}")
        self.levels.setObjectName(f"levels-{criterion.id}")
        for choice in self.choices:
            choice.set_text(criterion.level_text(choice.value))
        self.show_value(None)
        self.show_evidence(None)

    def set_expanded(self, expanded: bool) -> None:
        """The current row lists all five levels; its one-line description would repeat one of them."""
        self.levels.setVisible(expanded)
        self.description.setVisible(not expanded)

    def is_expanded(self) -> bool:
        return not self.levels.isHidden()

    def _clicked(self, value: int) -> None:
        self.scored.emit(self.criterion.id, value)

    def _choose(self, value: int) -> None:
        self.scored.emit(self.criterion.id, value)
        self.step_requested.emit(1)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def show_value(self, value: int | None) -> None:
        if value is None:
            checked = self.group.checkedButton()
            if checked is not None:
                self.group.setExclusive(False)
                checked.setChecked(False)
                self.group.setExclusive(True)
            self.description.setText(f"<span style='color:{self._muted}'>{self.criterion.summary}</span>")
            for choice in self.choices:
                choice.set_chosen(False)
            return
        button = self.group.button(value)
        if button is not None:
            button.setChecked(True)
        for choice in self.choices:
            choice.set_chosen(choice.value == value)
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
        tint, fill = accent().name(), primary_fill().name()
        self.setStyleSheet(
            f'QFrame[criterionRow="true"]:focus {{ border: 2px solid {tint}; border-radius: 6px; }}'
            f"QPushButton:checked {{ background: {fill}; color: white; border: 1px solid {fill};"
            " border-radius: 4px; font-weight: bold; }"
            'QFrame[levelChoice="true"] { border-radius: 4px; }'
            'QFrame[levelChoice="true"]:hover { background: palette(alternate-base); }'
            f'QFrame[levelChoice="true"][chosen="true"] {{ border: 1px solid {tint}; }}'
        )
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.rows: list[CriterionRow] = []
        self._figures: DeliveryFigures | None = None

    def set_criteria(self, criteria: list[Criterion]) -> None:
        """Rows for `criteria`, none scored. The last question's rows are shown again for the new
        criteria, and only the missing ones built: building a row is ~2.5 ms of the GUI thread's "Next"."""
        self._figures = None
        for row, criterion in zip(self.rows, criteria, strict=False):
            row.show_criterion(criterion)
        for row in self.rows[len(criteria) :]:
            # Deleted now, not with deleteLater(): that waits for the main loop, which a modal dialog
            # or a test harness may not return to for a while. Deleting the C++ object also drops
            # the row's connections, which hold the Python wrapper and would otherwise keep it alive.
            self._layout.removeWidget(row)
            shiboken6.delete(row)
        del self.rows[len(criteria) :]
        for criterion in criteria[len(self.rows) :]:
            row = CriterionRow(criterion, self)
            row.scored.connect(self.scored)
            row.step_requested.connect(partial(self._move, row))
            row.focused.connect(partial(self.set_current, row))
            self._layout.addWidget(row)
            self.rows.append(row)
        self._expand_first_unscored()

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
        target = self._first_unscored()
        if target is not None:
            self.set_current(target)
            target.setFocus()

    def set_current(self, current: CriterionRow | None) -> None:
        """Lists the levels of `current` only: the sheet stays short enough to see every point."""
        for row in self.rows:
            row.set_expanded(row is current)

    def current(self) -> CriterionRow | None:
        return next((r for r in self.rows if r.is_expanded()), None)

    def _first_unscored(self) -> CriterionRow | None:
        return next((r for r in self.rows if r.value() is None), self.rows[0] if self.rows else None)

    def _expand_first_unscored(self) -> None:
        self.set_current(self._first_unscored())

    def row(self, criterion_id: str) -> CriterionRow | None:
        return next((r for r in self.rows if r.criterion.id == criterion_id), None)

    def _move(self, row: CriterionRow, step: int) -> None:
        index = self.rows.index(row) + step
        if 0 <= index < len(self.rows):
            self.set_current(self.rows[index])
            self.rows[index].setFocus()
        else:
            self.set_current(None)  # the last point is scored: every row back to one line
