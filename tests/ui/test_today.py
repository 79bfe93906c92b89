"""Today: a returning user lands on what is due and starts it with one key; the welcome is for the first run."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFrame
from pytestqt.qtbot import QtBot

from bench.demo_data import generate
from bench.demo_journal import generate_journal
from interview_coach.app import AppContext, build_context, create_application
from interview_coach.domain.review_queue import SESSION_LIMIT
from interview_coach.storage.database import open_database
from interview_coach.storage.locations import DataLayout
from interview_coach.ui.journal.details_tab import DetailsTab
from interview_coach.ui.library_view import LibraryView
from interview_coach.ui.practice.practice_page import PracticePage
from interview_coach.ui.today.today_page import TodayPage

pytestmark = pytest.mark.audio


@pytest.fixture
def returning(qtbot: QtBot, data_dir: Path) -> Iterator[AppContext]:
    """Six weeks of practice up to an hour ago, and the demo journal (an interview in five days)."""
    layout = DataLayout(data_dir)
    layout.ensure()
    connection = open_database(layout.database)
    generate(connection, sessions=30, answers=220, months=2, end=datetime.now(timezone.utc) - timedelta(hours=1))
    generate_journal(connection)
    connection.close()
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    qtbot.waitUntil(lambda: context.today.data is not None, timeout=15_000)
    yield context
    context.window.close()
    context.close()


def today_page(context: AppContext) -> TodayPage:
    page = context.window.page("today")
    assert isinstance(page, TodayPage)
    return page


def test_a_returning_user_starts_on_today_and_practises_the_due_questions_with_one_key(
    qtbot: QtBot, returning: AppContext
) -> None:
    window = returning.window
    assert window.current_page() == "today"
    assert "welcome" not in window._page_keys  # the first-run welcome is gone for good
    page = today_page(returning)
    data = returning.today.data
    assert data is not None and data.due
    count = min(len(data.due), SESSION_LIMIT)
    plural = "s" if count != 1 else ""
    assert page.start_button.text() == f"Practise {count} due question{plural} (about {3 * count} minutes)"
    assert page.start_button.isEnabled()
    rows = page.findChildren(QFrame, "dueRow")
    assert len(rows) == min(len(data.due), 10)
    assert page.since.text().startswith("Since last week: ")
    assert re.search(r"\d+ days? in a row|start a streak", page.streak.text())
    assert "Northwind Logistics" in page.interview.text()  # the journal's next interview
    interview_keys = [i.question_key for i in data.due if i.source == "interview"]
    assert interview_keys and [i.question_key for i in data.due[: len(interview_keys)]] == interview_keys
    last = max(data.minutes_by_day)
    assert page.calendar.dateTextFormat(QDate(last.year, last.month, last.day)).background().color().alpha() > 0
    if data.leeches:  # called out with what to try instead
        assert not page.leech_card.isHidden()
    # Enter starts the due session only from Today: elsewhere it keeps its own meaning.
    window.activateWindow()
    emitted: list[object] = []
    page.practise.connect(emitted.append)
    window.show_page("library")
    library_view = window.page("library")
    library_view.setFocus()
    qtbot.keyClick(library_view, Qt.Key.Key_Return)
    assert emitted == [] and window.current_page() == "library"
    window.show_page("today")
    page.setFocus()
    with qtbot.waitSignal(returning.practice_controller.session_started, timeout=15_000):
        qtbot.keyClick(page, Qt.Key.Key_Return)
    assert window.current_page() == "practice"
    assert [q.key for q in returning.practice_controller.plan] == [i.question_key for i in data.due[:count]]
    returning.practice_controller.end_session()
    qtbot.waitUntil(lambda: returning.practice_controller.phase == "summary", timeout=15_000)


def test_today_loaded_while_another_screen_is_shown_is_filled_in_when_it_is_shown(returning: AppContext) -> None:
    """Filling a hidden Today would take the interpreter from the screen the user went to."""
    page = today_page(returning)
    assert returning.today.data is not None
    returning.window.show_page("history")
    fresh = replace(returning.today.data, since_last_week="4 more answers than the week before")
    returning.today.loaded.emit(fresh)
    assert "4 more answers" not in page.since.text()
    returning.window.show_page("today")
    assert page.since.text() == "Since last week: 4 more answers than the week before"


def test_an_unfinished_session_is_offered_on_today_and_resumes(qtbot: QtBot, returning: AppContext) -> None:
    page = today_page(returning)
    data = returning.today.data
    assert data is not None and data.unfinished
    assert not page.resume_card.isHidden() and "questions answered" in page.resume_text.text()
    with qtbot.waitSignal(returning.practice_controller.session_started, timeout=15_000) as started:
        qtbot.mouseClick(page.resume_button, Qt.MouseButton.LeftButton)
    assert started.args == [data.unfinished[0].session_id]
    returning.practice_controller.end_session()
    qtbot.waitUntil(lambda: returning.practice_controller.phase == "summary", timeout=15_000)


def test_the_first_run_keeps_the_welcome(app_context: AppContext) -> None:
    assert app_context.window.current_page() == "welcome"
    assert "today" not in app_context.window._page_keys


def test_the_library_shows_each_questions_state_and_practises_one(qtbot: QtBot, returning: AppContext) -> None:
    returning.window.show_page("library")
    view = returning.window.page("library")
    assert isinstance(view, LibraryView)
    data = returning.today.data
    assert data is not None
    answered = next(iter(data.cards))
    qtbot.waitUntil(lambda: view.question_state(answered) != "", timeout=10_000)
    assert re.fullmatch(
        r"(Learning|Review|Leech), (due today|overdue|due tomorrow|due on .+)", view.question_state(answered)
    )
    library = returning.library.library
    assert library is not None
    never = next(q.key for q in library.catalogue.questions() if q.key not in data.cards)
    assert view.question_state(never) == "New"
    assert view.select_question(answered)
    assert "scored attempt" in view.schedule_text.text()
    with qtbot.waitSignal(returning.practice_controller.session_started, timeout=15_000):
        qtbot.mouseClick(view.practise_button, Qt.MouseButton.LeftButton)
    assert [q.key for q in returning.practice_controller.plan] == [answered]
    returning.practice_controller.end_session()
    qtbot.waitUntil(lambda: returning.practice_controller.phase == "summary", timeout=15_000)


def test_practice_set_up_offers_due_today_and_the_summary_says_when_questions_come_back(
    qtbot: QtBot, returning: AppContext
) -> None:
    returning.window.show_page("practice")
    page = returning.window.page("practice")
    assert isinstance(page, PracticePage)
    data = returning.today.data
    assert data is not None
    setup = page.setup_view
    qtbot.waitUntil(lambda: not setup.due_card.isHidden(), timeout=10_000)
    count = min(len(data.due), SESSION_LIMIT)
    expected = f"The first {count} of {len(data.due)} questions" if len(data.due) > count else f"{count} question"
    assert setup.due_text.text().startswith(expected)
    session_id = int(returning.database.execute("SELECT MAX(session_id) FROM answers").fetchone()[0])
    found: list[list[tuple[str, str]]] = []
    returning.today.comes_back(session_id, found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=10_000)
    assert found[0] and all(re.fullmatch(r"today|tomorrow|in \d+ days", when) for _text, when in found[0])
    page.summary_view.show_comes_back(found[0])
    assert not page.summary_view.comes_back.isHidden()
    assert found[0][0][0].split("&")[0][:20] in page.summary_view.comes_back.text()
    with qtbot.waitSignal(returning.practice_controller.session_started, timeout=15_000):
        qtbot.mouseClick(setup.preset_buttons["due-today"], Qt.MouseButton.LeftButton)
    assert [q.key for q in returning.practice_controller.plan] == [i.question_key for i in data.due[:SESSION_LIMIT]]
    returning.practice_controller.end_session()
    qtbot.waitUntil(lambda: returning.practice_controller.phase == "summary", timeout=15_000)


def test_a_journal_entrys_interview_date_is_edited_on_its_details(qtbot: QtBot) -> None:
    from interview_coach.domain.journal import JournalEntry

    tab = DetailsTab()
    qtbot.addWidget(tab)
    day = date.today() + timedelta(days=9)
    tab.fill(JournalEntry("Orbit", interview_on=day))
    assert tab.collect(JournalEntry()).interview_on == day
    with qtbot.waitSignal(tab.edited, timeout=1000):
        tab.interview_on.setDate(QDate(day.year, day.month, day.day).addDays(1))
    assert tab.collect(JournalEntry()).interview_on == day + timedelta(days=1)


def test_a_first_session_cut_short_by_a_crash_is_offered_on_the_home_screen(
    qtbot: QtBot, app_context: AppContext
) -> None:
    """Crash in the very first session: the next start greets with the resume offer, not a blank welcome."""
    controller = app_context.practice_controller
    app_context.window.show_page("practice")
    qtbot.waitUntil(lambda: app_context.library.library is not None, timeout=10_000)
    from interview_coach.domain.practice_setup import PracticeSetup

    controller.start(PracticeSetup(categories=("closing",), question_count=3, read_aloud=False))
    qtbot.waitUntil(lambda: controller.session_id is not None, timeout=10_000)
    data_dir = app_context.layout.root
    app_context.window.close()
    app_context.close()  # as after a crash: the session was never finished
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    try:
        qtbot.waitUntil(lambda: context.today.data is not None, timeout=15_000)
        assert context.window.current_page() == "today"
        page = today_page(context)
        qtbot.waitUntil(lambda: not page.resume_card.isHidden(), timeout=10_000)
        assert "questions answered" in page.resume_text.text()
    finally:
        context.window.close()
        context.close()
