"""The score sheet: keyboard scoring, level descriptions, and no widgets left behind between questions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.delivery_norms import DELIVERY_CRITERION
from interview_coach.domain.rubric import Criterion
from interview_coach.storage.library import load_library
from interview_coach.ui.score_sheet import CriterionRow, ScoreSheet
from interview_coach.ui.theme import muted_text_colour


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


def test_the_next_questions_rows_show_its_criteria_unscored_whatever_the_last_one_had(qtbot: QtBot) -> None:
    rubric = load_library(None).default_rubric
    criteria = list(rubric.criteria)
    delivery = next(c for c in criteria if c.id == DELIVERY_CRITERION)
    sheet = ScoreSheet()
    qtbot.addWidget(sheet)
    sheet.set_criteria(criteria)
    sheet.show()
    kept = list(sheet.rows)
    sheet.show_scores({c.id: 4 for c in criteria})
    sheet.show_figures(_figures())
    assert sheet.row(delivery.id) is not None and sheet.row(delivery.id).evidence.isVisible()  # type: ignore[union-attr]
    sheet.set_current(sheet.rows[2])  # the user went back to a later point

    sheet.set_criteria(list(criteria))  # the next question, same rubric: the same rows, cleared
    assert sheet.rows == kept
    _assert_shows(sheet, criteria)

    scored: list[tuple[str, int]] = []
    sheet.scored.connect(lambda criterion, value: scored.append((criterion, value)))
    for others in (criteria[2:] + criteria[:1], criteria[::-1], criteria[:2]):  # fewer, more, fewer again
        sheet.show_scores({c.id: 2 for c in criteria})
        sheet.set_criteria(others)
        _assert_shows(sheet, others)
        qtbot.mouseClick(sheet.rows[0].group.button(3), Qt.MouseButton.LeftButton)
        assert scored[-1] == (others[0].id, 3)  # a kept row scores the criterion it shows now
    assert len(sheet.findChildren(CriterionRow)) == 2  # the rows no question needs are gone


def _assert_shows(sheet: ScoreSheet, criteria: list[Criterion]) -> None:
    assert [row.criterion for row in sheet.rows] == criteria
    for row, criterion in zip(sheet.rows, criteria, strict=True):
        assert row.objectName() == f"criterion-{criterion.id}" and row.title.text() == criterion.name
        assert [row.group.button(v).toolTip() for v in range(1, 6)] == [criterion.level_text(v) for v in range(1, 6)]
        assert [c.text.text() for c in row.choices] == [criterion.level_text(v) for v in range(1, 6)]
    _assert_unscored(sheet, criteria)


def _assert_unscored(sheet: ScoreSheet, criteria: list[Criterion]) -> None:
    assert all(row.value() is None for row in sheet.rows)
    assert not any(choice.property("chosen") for row in sheet.rows for choice in row.choices)
    assert not any(row.evidence.isVisible() or row.evidence.text() for row in sheet.rows)
    assert [row.description.text() for row in sheet.rows] == [
        f"<span style='color:{muted_text_colour(sheet).name()}'>{c.summary}</span>" for c in criteria
    ]
    assert sheet.current() is sheet.rows[0]  # the first point is the one to score


def _figures() -> DeliveryFigures:
    return DeliveryFigures(
        transcript="um so we shipped it",
        words=(),
        speaking_seconds=50.0,
        time_to_first_word=1.0,
        wpm=140.0,
        fillers={"um": 6},
        filler_count=6,
        fillers_per_minute=7.2,
        pauses=(),
        long_pauses=(),
        hedges=(),
        answer_seconds=50.0,
        limit_seconds=60.0,
    )
