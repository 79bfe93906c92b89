"""The main window as a new user meets it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenuBar, QMessageBox, QPushButton, QTextBrowser
from pytestqt.qtbot import QtBot

from interview_coach import app as app_module
from interview_coach.app import AppContext, StartupError, build_context, run_gui
from interview_coach.storage.migrations import LATEST_VERSION
from interview_coach.ui.improper_notice import HEADING
from interview_coach.ui.library_view import LibraryView
from tests.support.factories import bank_data, question, write_bank


def menu_titles(bar: QMenuBar) -> dict[str, list[str]]:
    return {
        m.title().replace("&", ""): [a.text().replace("&", "") for a in m.actions() if a.text()]
        for m in (a.menu() for a in bar.actions())
        if m is not None
    }


def test_first_run_shows_the_welcome_with_real_counts(app_context: AppContext) -> None:
    window = app_context.window
    assert window.isVisible() and window.current_page() == "welcome"
    text = window.findChild(QLabel, "welcomeBeginText").text()
    questions = len(app_context.library.library.catalogue.questions())
    assert f"There are {questions} questions" in text and "red-flag prompts" in text
    assert str(app_context.layout.root) in window.findChild(QLabel, "welcomeDataFolder").text()


def test_browse_button_opens_the_library_on_a_question(qtbot: QtBot, app_context: AppContext) -> None:
    window = app_context.window
    button = window.findChild(QPushButton, "browseQuestionsButton")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "library"
    detail = window.findChild(QTextBrowser, "questionDetail")
    assert detail.isVisible() and "A strong answer" in detail.toPlainText()


def test_search_and_category_filter_the_library(qtbot: QtBot, app_context: AppContext) -> None:
    window = app_context.window
    window.show_page("library")
    view = window.page("library")
    assert isinstance(view, LibraryView) and view.isVisible()
    everything = len(view.visible_question_keys())
    view.category.setCurrentIndex(view.category.findData("red-flag"))
    red_flags = view.visible_question_keys()
    assert 30 <= len(red_flags) < everything
    categories = {q.key: q.category for q in app_context.library.library.catalogue.questions()}
    assert {categories[k] for k in red_flags} == {"red-flag"}
    qtbot.keyClicks(view.search, "salary")
    salary = view.visible_question_keys()
    assert 0 < len(salary) < len(red_flags)
    assert view.count.text() == f"{len(salary)} of {everything} questions"
    assert view.select_question(salary[0])
    detail = view.detail.toPlainText()
    assert "How to handle it" in detail and "Follow-up questions to expect" in detail


def test_the_library_marks_a_question_an_interviewer_should_not_ask(app_context: AppContext) -> None:
    window = app_context.window
    window.show_page("library")
    view = window.page("library")
    assert isinstance(view, LibraryView)
    assert view.select_question("red-flags/caregiving-availability")
    assert HEADING in view.detail.toPlainText() and "discrimination" in view.detail.toPlainText()
    assert view.select_question("red-flags/salary-expectations")
    assert HEADING not in view.detail.toPlainText()


def test_keyboard_shortcuts_switch_screens(qtbot: QtBot, app_context: AppContext) -> None:
    window = app_context.window
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "library"
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "journal"
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "progress"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "history"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "practice"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "welcome"


def test_menus_follow_desktop_conventions(app_context: AppContext) -> None:
    menus = menu_titles(app_context.window.menuBar())
    assert list(menus) == ["File", "Edit", "View", "Help"]
    assert menus["Edit"] == ["Undo Delete", "Preferences…"]
    assert "Back Up Everything…" in menus["File"] and "Restore From Backup…" in menus["File"]
    assert menus["File"][-1] == "Quit"
    assert menus["View"] == ["Welcome", "Practice", "History", "Progress", "Journal", "Question library"]
    assert "About Interview Coach" in menus["Help"]


def test_a_broken_user_bank_is_reported_and_the_rest_load(qtbot: QtBot, data_dir: Path) -> None:
    write_bank(data_dir / "question_banks", "mine.toml", bank_data("mine", [question(category="closing")]))
    (data_dir / "question_banks" / "broken.toml").write_text("not = [valid", encoding="utf-8")
    app_module.create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    try:
        with qtbot.waitSignal(context.library.loaded, timeout=10_000):
            context.start()
        texts = context.window.banners.visible_texts()
        assert "1 problem in 1 question bank" in texts["content"]
        library = context.library.library
        assert library.catalogue.bank("mine") is not None and library.catalogue.bank("red-flags") is not None
    finally:
        context.window.close()
        context.close()


def test_a_database_from_a_newer_version_stops_start_up_with_a_message(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    raw = sqlite3.connect(data_dir / "interview-coach.sqlite3")
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    raw.close()
    with pytest.raises(StartupError, match="newer version"):
        build_context(data_dir)


def test_an_unusable_data_folder_exits_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert run_gui(blocker / "data") == 1
    assert shown and "Cannot use the data folder" in shown[0]
    assert "Cannot use the data folder" in capsys.readouterr().err
