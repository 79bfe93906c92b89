"""Practice set-up as a new user meets it: the job first, presets that show they were chosen, details
behind "More", and nothing moving under the pointer when the mode changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.domain.practice_setup import is_role_pack, matching_questions
from interview_coach.ui.practice.practice_page import PracticePage


def open_setup(qtbot: QtBot, context: AppContext) -> PracticePage:
    context.window.show_page("practice")
    page = context.window.page("practice")
    assert isinstance(page, PracticePage)
    qtbot.waitUntil(lambda: page.setup_view.role.count() > 1, timeout=10_000)
    return page


def test_the_role_decides_which_role_pack_joins_the_general_questions(qtbot: QtBot, app_context: AppContext) -> None:
    view = open_setup(qtbot, app_context).setup_view
    catalogue = app_context.library.library.catalogue
    assert view.role.currentData() == ""
    banks = {q.bank_id for q in matching_questions(catalogue, view.current_setup())}
    assert banks and not any(is_role_pack(b) for b in banks)  # no customer-support question for a developer
    view.role.setCurrentIndex(view.role.findData("role-software"))
    setup = view.current_setup()
    assert setup.target_role == "role-software" and setup.bank_ids == ()
    assert {q.bank_id for q in matching_questions(catalogue, setup)} == banks | {"role-software"}
    assert "Software engineering" in view.match_count.text()
    assert view.role.itemText(view.role.findData("role-software")) == "Software engineering"  # no "Role pack:"


def test_choosing_a_preset_marks_it_and_says_what_it_will_ask(qtbot: QtBot, app_context: AppContext) -> None:
    view = open_setup(qtbot, app_context).setup_view
    quick, red = view.preset_buttons["quick-5"], view.preset_buttons["red-flags"]
    qtbot.mouseClick(red, Qt.MouseButton.LeftButton)
    assert red.isChecked() and not quick.isChecked()
    assert view.match_count.text().startswith("Red flags only: 6 of")
    qtbot.mouseClick(quick, Qt.MouseButton.LeftButton)
    assert quick.isChecked() and not red.isChecked()  # Quick 5 visibly does something
    assert view.match_count.text().startswith("Quick 5: 5 of")
    view.count.setValue(7)  # editing a detail leaves the preset
    assert not any(b.isChecked() for b in view.preset_buttons.values())
    assert view.match_count.text().startswith("Your choice: 7 of")


def test_details_wait_behind_more_and_modes_do_not_move_the_layout(qtbot: QtBot, app_context: AppContext) -> None:
    page = open_setup(qtbot, app_context)
    view = page.setup_view
    page.resize(1280, 720)
    page.show()
    assert not view.details.isVisible() and not view.banks.isVisible()
    qtbot.mouseClick(view.more_button, Qt.MouseButton.LeftButton)
    assert view.details.isVisible() and view.banks.isVisible() and view.rubric.isVisible()
    qtbot.mouseClick(view.more_button, Qt.MouseButton.LeftButton)
    assert not view.details.isVisible()
    preset = view.preset_buttons["quick-5"]
    before = preset.mapTo(view, preset.rect().topLeft())
    view.friend_mode.setChecked(True)
    qtbot.wait(50)
    assert preset.mapTo(view, preset.rect().topLeft()) == before
    assert view.friend_name.isEnabled() and "own window" in view.friend_hint.text()
