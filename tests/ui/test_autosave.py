"""Typed text survives a pause, leaving the screen and quitting (issue 13, "Lost work").

Each test types as a user does, pauses longer than the save delay (the moment the old code lost the text:
its debounce saved only "if the timer is still running", and a single-shot timer has stopped by the time
its own timeout runs), then leaves the screen and quits the app as a user does. The text is then read from
the database opened afresh, or from the app started again on the same data folder.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext, build_context, create_application
from interview_coach.controllers.autosave import Autosave, flush_all
from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.records import SELF
from interview_coach.storage import settings_keys
from interview_coach.storage.database import open_database
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.review_pack import load_draft, remembered_name
from interview_coach.storage.settings_repository import SettingsRepository
from interview_coach.ui.history.history_page import HistoryPage
from interview_coach.ui.journal.action_plan import TEXT
from interview_coach.ui.journal.journal_page import JournalPage
from interview_coach.ui.journal.templates_view import TemplatesView
from tests.ui.test_journal_page import click, open_journal
from tests.ui.test_review_pack_window import fill, open_reviewer, pack_from_another_folder

T = TypeVar("T")

# The longest pause before typed text is handed on for saving: the Journal, its templates, Review notes
# (600 ms each); the reviewer window hands a note to its controller after 300 ms, which saves 500 ms later.
PAUSE_MS = 600 + 400
REVIEWER_PAUSE_MS = 300 + 500 + 400


class Apps:
    """Starts the app on the test's data folder and quits it as a user does; teardown quits any left open."""

    def __init__(self, qtbot: QtBot, data_dir: Path) -> None:
        self._qtbot = qtbot
        self.data_dir = data_dir
        self._open: list[AppContext] = []

    def start(self) -> AppContext:
        create_application()
        context = build_context(self.data_dir)
        self._qtbot.addWidget(context.window)
        with self._qtbot.waitSignal(context.library.loaded, timeout=10_000):
            context.start()
        self._open.append(context)
        return context

    def quit(self, context: AppContext) -> None:
        """File > Quit: the window closes, then the app shuts its services and the database down."""
        self._open.remove(context)
        context.window.close()
        context.close()

    def quit_all(self) -> None:
        for context in list(self._open):
            self.quit(context)

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Reads the data folder's database opened afresh, as the next start of the app would."""
        connection = open_database(DataLayout(self.data_dir).database)
        try:
            return work(connection)
        finally:
            connection.close()


@pytest.fixture
def apps(qtbot: QtBot, data_dir: Path) -> Iterator[Apps]:
    apps = Apps(qtbot, data_dir)
    yield apps
    apps.quit_all()


def journal_entries(connection: sqlite3.Connection) -> list[JournalEntry]:
    return JournalRepository(connection).entries()


def add_first_entry(qtbot: QtBot, context: AppContext) -> JournalPage:
    page = open_journal(qtbot, context)
    click(qtbot, page.first_button)
    qtbot.waitUntil(lambda: page.list.count() == 1 and page.entries_stack.currentIndex() == 2, timeout=10_000)
    return page


def type_at_end(qtbot: QtBot, edit: QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, line)


# The shared debounce every screen saves through

SHORT_MS = 50


def counting_autosave(parent: QObject | None = None) -> tuple[Autosave, list[int]]:
    saves: list[int] = []
    return Autosave(lambda: saves.append(len(saves) + 1), SHORT_MS, parent), saves


def test_the_pause_always_saves_and_a_later_flush_does_not_save_again(qtbot: QtBot) -> None:
    autosave, saves = counting_autosave()
    autosave.changed()
    autosave.changed()
    assert saves == [] and autosave.pending
    qtbot.wait(SHORT_MS + 400)
    assert saves == [1] and not autosave.pending  # the old code's timeout saved nothing here
    autosave.flush()
    assert saves == [1]


def test_a_flush_before_the_pause_saves_once(qtbot: QtBot) -> None:
    autosave, saves = counting_autosave()
    autosave.changed()
    autosave.flush()
    assert saves == [1]
    qtbot.wait(SHORT_MS + 400)
    assert saves == [1]


def test_discarded_changes_and_a_failed_save_are_handled(qtbot: QtBot) -> None:
    autosave, saves = counting_autosave()
    autosave.changed()
    autosave.discard()
    qtbot.wait(SHORT_MS + 400)
    autosave.flush()
    assert saves == []
    autosave.keep_pending()  # a failed save: not retried in a loop, but by the next flush
    qtbot.wait(SHORT_MS + 400)
    assert saves == []
    autosave.flush()
    assert saves == [1]


def test_flush_all_saves_everything_pending_under_a_widget(qtbot: QtBot) -> None:
    screen = QWidget()
    qtbot.addWidget(screen)
    inner = QWidget(screen)
    first, first_saves = counting_autosave(screen)
    second, second_saves = counting_autosave(inner)
    _idle, idle_saves = counting_autosave(inner)
    first.changed()
    second.changed()
    flush_all(screen)
    assert (first_saves, second_saves, idle_saves) == ([1], [1], [])


# The Journal's entry editor: every tab saves through the page's one debounce.


def test_a_company_typed_then_left_after_a_pause_is_there_when_the_app_opens_again(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    page = add_first_entry(qtbot, context)
    qtbot.keyClicks(page.editor.company, "Lumen Health")
    qtbot.wait(PAUSE_MS)
    context.window.show_page("history")
    apps.quit(context)

    (entry,) = apps.read(journal_entries)
    assert entry.company == "Lumen Health"
    again = apps.start()
    page = open_journal(qtbot, again)
    qtbot.waitUntil(lambda: page.entries_stack.currentIndex() == 2, timeout=10_000)
    assert page.list.item(0).text() == "Lumen Health" and page.editor.company.text() == "Lumen Health"


def test_a_reflection_typed_then_paused_over_is_saved_when_the_app_quits(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    page = add_first_entry(qtbot, context)
    page.editor.tabs.setCurrentIndex(1)
    prompt_id, edit = next((pid, e) for pid, e in page.editor.reflection_edits.items() if e.isVisible())
    type_at_end(qtbot, edit, "I rushed the ending.")
    qtbot.wait(PAUSE_MS)
    apps.quit(context)

    (entry,) = apps.read(journal_entries)
    assert entry.reflections == {prompt_id: "I rushed the ending."}


def test_an_action_step_typed_then_paused_over_is_saved_when_the_screen_is_left(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    page = add_first_entry(qtbot, context)
    page.editor.tabs.setCurrentIndex(2)
    click(qtbot, page.editor.add_step)
    step = page.editor.action_table.cellWidget(0, TEXT)
    assert isinstance(step, QLineEdit)
    qtbot.keyClicks(step, "Write a two-sentence answer about the gap")
    qtbot.wait(PAUSE_MS)
    context.window.show_page("progress")
    apps.quit(context)

    (entry,) = apps.read(journal_entries)
    assert [a.action for a in entry.actions] == ["Write a two-sentence answer about the gap"]


def test_feedback_typed_while_switching_to_the_patterns_tab_is_saved(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    page = add_first_entry(qtbot, context)
    qtbot.keyClicks(page.editor.company, "Contoso")
    qtbot.wait(PAUSE_MS)
    type_at_end(qtbot, page.editor.feedback, "Too vague about results.")
    page.tabs.setCurrentIndex(1)  # Patterns, at once: leaving the entry saves it
    qtbot.wait(PAUSE_MS)
    apps.quit(context)

    (entry,) = apps.read(journal_entries)
    assert (entry.company, entry.feedback) == ("Contoso", "Too vague about results.")


def test_an_entry_typed_and_quit_at_once_before_the_pause_is_saved(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    page = add_first_entry(qtbot, context)
    qtbot.keyClicks(page.editor.company, "Fabrikam")
    qtbot.wait(PAUSE_MS)
    qtbot.keyClicks(page.editor.role, "Analyst")
    apps.quit(context)  # well within the pause after the last keystroke

    (entry,) = apps.read(journal_entries)
    assert (entry.company, entry.role) == ("Fabrikam", "Analyst")


def test_typing_survives_the_journal_being_read_again_in_the_background(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    page = add_first_entry(qtbot, context)
    qtbot.keyClicks(page.editor.company, "Northwind")
    with qtbot.waitSignal(page.controller.loaded, timeout=10_000):
        page.controller.load()  # as when the question banks are reloaded
    assert page.editor.company.text() == "Northwind"
    qtbot.wait(PAUSE_MS)
    apps.quit(context)

    (entry,) = apps.read(journal_entries)
    assert entry.company == "Northwind"


# The Journal's message templates


def open_templates(qtbot: QtBot, context: AppContext) -> TemplatesView:
    page = open_journal(qtbot, context)
    page.tabs.setCurrentIndex(2)
    view = page.templates
    qtbot.waitUntil(lambda: view.list.count() == 5, timeout=10_000)
    view.list.setCurrentRow(0)  # asking for feedback after a rejection
    view.tabs.setCurrentIndex(1)  # Edit the template
    return view


def template_edits(connection: sqlite3.Connection) -> dict[str, Any]:
    return JournalRepository(connection).template_edits()


def test_an_edited_template_paused_over_then_left_is_kept(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    view = open_templates(qtbot, context)
    type_at_end(qtbot, view.body, "\nThanks again, {your_name}")
    qtbot.wait(PAUSE_MS)
    context.window.show_page("history")
    apps.quit(context)

    edits = apps.read(template_edits)
    assert edits["feedback-request"].body.endswith("\nThanks again, {your_name}")
    again = apps.start()
    view = open_templates(qtbot, again)
    assert view.body.toPlainText().endswith("\nThanks again, {your_name}")
    assert view.reset_button.isEnabled()


def test_a_template_edited_then_another_chosen_keeps_the_edit_where_it_was_made(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    view = open_templates(qtbot, context)
    view.subject.setFocus()
    view.subject.end(False)
    qtbot.keyClicks(view.subject, " (a quick question)")
    view.list.setCurrentRow(1)  # before the pause is over
    qtbot.wait(PAUSE_MS)
    apps.quit(context)

    edits = apps.read(template_edits)
    assert list(edits) == ["feedback-request"]
    assert edits["feedback-request"].subject.endswith(" (a quick question)")


def test_a_template_typed_and_quit_at_once_is_kept(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    view = open_templates(qtbot, context)
    type_at_end(qtbot, view.body, "\nP.S. Good luck with the launch.")
    apps.quit(context)

    assert apps.read(template_edits)["feedback-request"].body.endswith("\nP.S. Good luck with the launch.")


def test_your_name_for_templates_paused_over_then_left_is_kept(qtbot: QtBot, apps: Apps) -> None:
    context = apps.start()
    view = open_templates(qtbot, context)
    view.tabs.setCurrentIndex(0)
    qtbot.keyClicks(view.your_name, "Alex Kim")
    qtbot.wait(PAUSE_MS)
    context.window.show_page("welcome")
    apps.quit(context)

    assert apps.read(lambda db: SettingsRepository(db).get(settings_keys.YOUR_NAME)) == "Alex Kim"


# Notes in Review (History)


def open_review(qtbot: QtBot, context: AppContext, session_id: int) -> HistoryPage:
    context.window.show_page("history")
    page = context.window.page("history")
    assert isinstance(page, HistoryPage)
    qtbot.waitUntil(lambda: page.list.model.rowCount() > 0, timeout=10_000)
    page.open_session(session_id)
    qtbot.waitUntil(lambda: page.review.panel.detail is not None, timeout=10_000)
    return page


def own_notes(answer_id: int) -> Callable[[sqlite3.Connection], list[str]]:
    return lambda db: [n.body for n in PracticeRepository(db).notes(answer_id) if n.author == SELF]


def test_a_review_note_paused_over_then_left_is_kept(qtbot: QtBot, apps: Apps) -> None:
    session_id = fill(apps.data_dir)
    context = apps.start()
    panel = open_review(qtbot, context, session_id).review.panel
    assert panel.detail is not None
    answer_id = panel.detail.answer.id
    type_at_end(qtbot, panel.notes, "Open with the result, then the story.")
    qtbot.wait(PAUSE_MS)
    context.window.show_page("journal")
    apps.quit(context)

    assert apps.read(own_notes(answer_id)) == ["Open with the result, then the story."]


def test_a_review_note_typed_as_the_next_answer_opens_stays_with_its_answer(qtbot: QtBot, apps: Apps) -> None:
    session_id = fill(apps.data_dir)
    context = apps.start()
    page = open_review(qtbot, context, session_id)
    panel = page.review.panel
    assert panel.detail is not None
    first = panel.detail.answer.id
    page.review.answers.setCurrentRow(1)
    type_at_end(qtbot, panel.notes, "Shorter.")  # still the first answer's notes: the second is on its way
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.answer.id != first, timeout=10_000)
    assert panel.detail is not None
    second = panel.detail.answer.id
    type_at_end(qtbot, panel.notes, "Name the gap once.")
    apps.quit(context)

    assert apps.read(own_notes(first)) == ["Shorter."]
    assert apps.read(own_notes(second)) == ["Name the gap once."]


# The friend's review of a pack (its own window)


def test_a_reviewers_note_and_name_paused_over_are_kept_when_the_app_quits(
    qtbot: QtBot, apps: Apps, tmp_path: Path
) -> None:
    context = apps.start()
    window = open_reviewer(qtbot, context, pack_from_another_folder(tmp_path))
    pack = window.controller.pack
    qtbot.keyClicks(window.notes, "Too long on the gap; say it once.")
    qtbot.keyClicks(window.name, "Sam")
    qtbot.wait(REVIEWER_PAUSE_MS)
    qtbot.keyClick(window.notes, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the next answer
    type_at_end(qtbot, window.notes, "Good story.")
    apps.quit(context)  # at once: the second note is still within its pause

    draft = load_draft(pack)
    assert draft.review("01").note == "Too long on the gap; say it once."
    assert draft.review("02").note == "Good story."
    assert draft.reviewer_name == "Sam"
    assert apps.read(lambda db: remembered_name(db, settings_keys.REVIEWER_NAME)) == "Sam"
