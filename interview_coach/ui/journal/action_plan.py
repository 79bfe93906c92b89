"""The action plan of a journal entry as an editable table: one row a step, with its area, what to do,
when by, how far along it is, and a button to remove it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableWidget,
    QToolButton,
    QWidget,
)

from interview_coach.domain.journal import ACTION_STATUS_LABELS, ACTION_STATUSES, ActionItem, Area
from interview_coach.ui.journal.editor_widgets import from_qdate, muted, optional_date_edit, to_qdate

GENERAL_AREA = ""
AREA, TEXT, DUE, STATUS, REMOVE = range(5)
FITTED = (AREA, DUE, STATUS, REMOVE)  # as wide as their widest cell; the step's text takes the rest
ROW_HEIGHT = 34
ROWS_IN_VIEW = 3.5  # the half row says there is more below
AREA_SHARE = 0.35  # a long area name is cut (its tooltip says it all) before the step's text is


class ActionTable(QTableWidget):
    """Emits `edited` when the user changes, adds (with focus) or removes a step.

    Each row keeps the ActionItem it was made from, so the step's id and anything the table does not show
    survive the edits. `empty_note` stands in for the table when there are no steps; the owner lays it out.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self._areas: list[Area] = []
        self._items: list[ActionItem] = []  # one a row, in row order
        self.setObjectName("actionTable")
        self.setAccessibleName("Action plan")
        self.setHorizontalHeaderLabels(["Area", "What you will do", "Due", "Status", ""])
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        header = self.horizontalHeader()
        # The header's ResizeToContents never looks again at cell widgets added once the table is shown (a
        # plan filled by "Suggest steps" read "Sp", "1", "To c"): the narrow columns are fitted by hand.
        for column in FITTED:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        # Three steps in view however small the window (the tab scrolls to it rather than squeezing it).
        header_height = self.horizontalHeader().sizeHint().height()
        self.setMinimumHeight(header_height + int(ROWS_IN_VIEW * ROW_HEIGHT) + 2 * self.frameWidth())
        # Take the room there is rather than asking for more: a preferred height would make the tab scroll.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.empty_note = muted(QLabel("No steps yet. Add one, or let the tags suggest a first step for each."))
        self.empty_note.setObjectName("noActionsText")

    def set_areas(self, areas: Sequence[Area]) -> None:
        """The areas a step can be for; rows made from now on offer them."""
        self._areas = list(areas)

    def fill(self, actions: Sequence[ActionItem]) -> None:
        self.setRowCount(0)
        self._items = []
        for action in actions:
            self.add_row(action)
        self._fit_columns()
        self._update_empty_note()

    def add_row(self, action: ActionItem, *, focus: bool = False) -> None:
        """Adds a row for `action`; with `focus`, the user is adding it: the text takes the focus and it counts
        as an edit."""
        row = self.rowCount()
        self.insertRow(row)
        self._items.append(action)
        area = QComboBox()
        area.setObjectName("actionArea")
        area.setAccessibleName("Area of this step")
        area.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        area.addItem("General", GENERAL_AREA)
        for known in self._areas:
            area.addItem(known.name, known.id)
        if action.area and area.findData(action.area) < 0:
            area.addItem(action.area, action.area)
        area.setCurrentIndex(max(0, area.findData(action.area)))
        area.setToolTip(area.currentText())
        area.currentTextChanged.connect(area.setToolTip)
        text = QLineEdit(action.action)
        text.setObjectName("actionText")
        text.setAccessibleName("What you will do")
        text.setPlaceholderText("One concrete step")
        text.setFrame(False)
        text.setCursorPosition(0)
        text.setToolTip(action.action)
        text.textChanged.connect(text.setToolTip)
        due = optional_date_edit("actionDue", "Due date", "No date")
        due.setDate(to_qdate(action.due_on))
        status = QComboBox()
        status.setObjectName("actionStatus")
        status.setAccessibleName("Status")
        for value in ACTION_STATUSES:
            status.addItem(ACTION_STATUS_LABELS[value], value)
        status.setCurrentIndex(max(0, status.findData(action.status)))
        remove = QToolButton()
        remove.setObjectName("removeActionButton")
        remove.setText("\N{MULTIPLICATION SIGN}")
        remove.setAccessibleName("Remove this step")
        remove.setToolTip("Remove this step")
        remove.setAutoRaise(True)
        for column, widget in enumerate((area, text, due, status, remove)):
            self.setCellWidget(row, column, widget)
        self.setRowHeight(row, max(ROW_HEIGHT, text.sizeHint().height() + 8))
        self._fit_columns()
        area.currentIndexChanged.connect(self.edited)
        text.textEdited.connect(self.edited)
        due.dateChanged.connect(self.edited)
        status.currentIndexChanged.connect(self.edited)
        remove.clicked.connect(partial(self._remove_row, remove))
        self._update_empty_note()
        if focus:
            text.setFocus()
            self.edited.emit()

    def _remove_row(self, button: QToolButton) -> None:
        for row in range(self.rowCount()):
            if self.cellWidget(row, REMOVE) is button:
                self.removeRow(row)
                del self._items[row]
                break
        self._fit_columns()
        self._update_empty_note()
        self.edited.emit()

    def steps(self, entry_id: int | None = None) -> list[ActionItem]:
        """The steps as now on screen, for the entry `entry_id`."""
        found = []
        for row in range(self.rowCount()):
            area, text, due, status = (self.cellWidget(row, c) for c in (AREA, TEXT, DUE, STATUS))
            assert isinstance(area, QComboBox) and isinstance(text, QLineEdit)
            assert isinstance(due, QDateEdit) and isinstance(status, QComboBox)
            base = self._items[row] if row < len(self._items) else ActionItem("", "")
            found.append(
                replace(
                    base,
                    area=str(area.currentData() or ""),
                    action=text.text(),
                    due_on=from_qdate(due.date()),
                    status=status.currentData(),
                    entry_id=entry_id,
                )
            )
        return found

    def keep_ids(self, ids: Sequence[int | None]) -> None:
        """Gives the rows the ids the save gave their steps (row for row), leaving what is on screen alone."""
        for row, action_id in enumerate(ids[: self.rowCount()]):
            if row < len(self._items):
                self._items[row] = replace(self._items[row], id=action_id)

    def _fit_columns(self) -> None:
        """Each narrow column as wide as its header and its widest cell, so every area, date and status
        reads in full; the area column gives way first if the table is narrow."""
        header = self.horizontalHeader()
        for column in FITTED:
            widths = [header.sectionSizeHint(column)]
            widths += [w.sizeHint().width() for r in range(self.rowCount()) if (w := self.cellWidget(r, column))]
            width = max(widths)
            if column == AREA:
                width = min(width, max(header.sectionSizeHint(column), int(self.viewport().width() * AREA_SHARE)))
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _update_empty_note(self) -> None:
        self.empty_note.setVisible(self.rowCount() == 0)
