"""The score sheet: keyboard scoring, level descriptions, and no widgets left behind between questions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from interview_coach.storage.library import load_library
from interview_coach.ui.score_sheet import ScoreSheet


def test_keys_score_the_focused_criterion_and_move_on(qtbot: QtBot) -> None:
    rubric = load_library(None).default_rubric
    sheet = ScoreSheet()
    qtbot.addWidget(sheet)
    sheet.set_criteria(list(rubric.criteria[:3]))
    sheet.show()
    sheet.activateWindow()
    scored: list[tuple[str, int]] = []
    sheet.scored.connect(lambda criterion, value: scored.append((criterion, value)))
    sheet.scored.connect(lambda criterion, value: sheet.show_scores(dict([*scored])))
    sheet.focus_first_unscored()
    qtbot.waitUntil(lambda: sheet.rows[0].hasFocus())
    qtbot.keyClick(sheet.rows[0], Qt.Key.Key_4)
    assert sheet.rows[1].hasFocus()
    qtbot.keyClick(sheet.rows[1], Qt.Key.Key_2)
    qtbot.keyClick(sheet.rows[2], Qt.Key.Key_Up)
    assert sheet.rows[1].hasFocus()
    assert scored == [(rubric.criteria[0].id, 4), (rubric.criteria[1].id, 2)]
    assert sheet.rows[0].value() == 4
    assert rubric.criteria[0].level_text(4) in sheet.rows[0].description.text()


def test_changing_questions_leaves_no_widgets_behind(qtbot: QtBot) -> None:
    rubric = load_library(None).default_rubric
    sheet = ScoreSheet()
    qtbot.addWidget(sheet)
    sheet.set_criteria(list(rubric.criteria))
    before = len(QApplication.allWidgets())
    for _ in range(10):
        sheet.set_criteria(list(rubric.criteria))
    assert len(QApplication.allWidgets()) == before


def test_the_row_being_scored_lists_every_level_and_a_click_on_one_scores_it(qtbot: QtBot) -> None:
    rubric = load_library(None).default_rubric
    criteria = list(rubric.criteria[:3])
    sheet = ScoreSheet()
    qtbot.addWidget(sheet)
    sheet.set_criteria(criteria)
    sheet.show()
    first, second, third = sheet.rows
    assert sheet.current() is first
    assert first.levels.isVisible() and not second.levels.isVisible() and not third.levels.isVisible()
    shown = [choice.text.text() for choice in first.choices]
    assert shown == [criteria[0].level_text(v) for v in range(1, 6)]  # all five meanings, in view
    scored: list[tuple[str, int]] = []
    sheet.scored.connect(lambda criterion, value: scored.append((criterion, value)))
    qtbot.mouseClick(first.choices[3], Qt.MouseButton.LeftButton)
    assert scored == [(criteria[0].id, 4)]
    assert sheet.current() is second and second.levels.isVisible() and not first.levels.isVisible()
    sheet.show_scores({criteria[0].id: 4})
    assert first.choices[3].property("chosen") is True and first.choices[2].property("chosen") is False
    qtbot.mouseClick(second.choices[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(third.choices[4], Qt.MouseButton.LeftButton)
    assert sheet.current() is None  # all scored: every row is one line again
    assert scored[1:] == [(criteria[1].id, 1), (criteria[2].id, 5)]


def test_a_sheet_already_scored_opens_on_the_first_point_left(qtbot: QtBot) -> None:
    rubric = load_library(None).default_rubric
    sheet = ScoreSheet()
    qtbot.addWidget(sheet)
    sheet.set_criteria(list(rubric.criteria[:3]))
    sheet.show_scores({rubric.criteria[0].id: 3})
    sheet.focus_first_unscored()
    assert sheet.current() is sheet.rows[1]
