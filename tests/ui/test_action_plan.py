"""The action plan's columns read in full, however and whenever its steps arrive (issue 17 item 5)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from interview_coach.domain.journal import ActionItem, Area
from interview_coach.ui.journal.action_plan import AREA, DUE, FITTED, STATUS, TEXT, ActionTable
from interview_coach.ui.journal.tags_tab import TagsTab

AREAS = [
    Area("specific", "Specific story", "", True, "Write down one story with numbers."),
    Area("red-flags", "Handling of red flags", "", True, "Rehearse the short, honest account of the gap."),
    Area("follow-up", "Follow-up", "", False, "Ask for one thing to do better."),
]


def shown_tab(qtbot: QtBot, width: int) -> TagsTab:
    tab = TagsTab()
    qtbot.addWidget(tab)
    tab.set_areas(AREAS)
    tab.resize(width, 600)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def assert_every_cell_fits(table: ActionTable) -> None:
    for row in range(table.rowCount()):
        for column in FITTED:
            widget = table.cellWidget(row, column)
            assert table.columnWidth(column) >= widget.sizeHint().width(), (row, column)


def test_suggested_steps_added_to_a_shown_empty_plan_read_in_full(qtbot: QtBot) -> None:
    """The trial's case: an empty plan on screen, then "Suggest steps" (the header alone had sized the
    columns, so they read "Sp", "1" and "To c")."""
    tab = shown_tab(qtbot, 760)  # the editor's width in a 1280x720 window
    for box in tab.tag_boxes.values():
        box.setChecked(True)
    tab.add_suggested_steps()
    table = tab.action_table
    assert table.rowCount() == 3
    assert_every_cell_fits(table)
    area = table.cellWidget(1, AREA)
    assert isinstance(area, QComboBox) and area.currentText() == "Handling of red flags"
    assert table.columnWidth(AREA) >= area.fontMetrics().horizontalAdvance("Handling of red flags")
    assert table.columnWidth(TEXT) >= 300  # the step itself keeps the most room
    status = table.cellWidget(0, STATUS)
    assert isinstance(status, QComboBox) and status.currentText() == "To do"


def test_steps_filled_added_or_removed_on_a_shown_plan_read_in_full(qtbot: QtBot) -> None:
    tab = shown_tab(qtbot, 1100)
    table = tab.action_table
    table.fill([])
    table.fill([ActionItem("follow-up", "Ask Dana", date(2026, 12, 28), "doing")])
    assert_every_cell_fits(table)
    tab.add_step.click()  # a new, empty step
    assert table.rowCount() == 2
    assert_every_cell_fits(table)
    table.cellWidget(0, 4).click()  # remove the first
    assert table.rowCount() == 1
    assert_every_cell_fits(table)
    assert table.columnWidth(TEXT) >= 500


def test_a_narrow_plan_cuts_the_area_first_and_says_it_in_full_on_hover(qtbot: QtBot) -> None:
    table = ActionTable()
    qtbot.addWidget(table)
    table.set_areas(AREAS)
    table.resize(420, 200)
    table.show()
    qtbot.waitExposed(table)
    table.fill([ActionItem("red-flags", "Rehearse the gap", None)])
    area = table.cellWidget(0, AREA)
    assert table.columnWidth(AREA) < area.sizeHint().width()
    assert table.columnWidth(TEXT) >= 60
    assert area.toolTip() == "Handling of red flags"
    area.setCurrentIndex(area.findData("specific"))
    assert area.toolTip() == "Specific story"
    for column in (DUE, STATUS):
        assert table.columnWidth(column) >= table.cellWidget(0, column).sizeHint().width()
    table.resize(1000, 200)
    assert_every_cell_fits(table)


def test_three_steps_stay_in_view_however_small_the_window(qtbot: QtBot) -> None:
    tab = shown_tab(qtbot, 760)
    table = tab.action_table
    table.fill([ActionItem("follow-up", f"Step {n}", None) for n in range(6)])
    header = table.horizontalHeader().height()
    assert table.minimumHeight() >= header + sum(table.rowHeight(r) for r in range(3))
