"""History, Review and Progress driven as a user would, on a realistic data folder and the real audio stack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QPushButton
from pytestqt.qtbot import QtBot

from bench.demo_data import generate
from interview_coach.app import AppContext, build_context, create_application
from interview_coach.domain.history import HistoryData
from interview_coach.domain.records import SELF
from interview_coach.storage.database import open_database
from interview_coach.storage.history_repository import load_history
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.ui.history.history_page import HistoryPage
from interview_coach.ui.progress.progress_page import ProgressPage

pytestmark = pytest.mark.audio

END = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)


@pytest.fixture
def filled(qtbot: QtBot, data_dir: Path) -> Iterator[AppContext]:
    layout = DataLayout(data_dir)
    layout.ensure()
    connection = open_database(layout.database)
    generate(connection, sessions=12, answers=70, months=2, end=END, recordings_root=data_dir, recordings=2)
    connection.close()
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    yield context
    context.window.close()
    context.close()


def open_history(qtbot: QtBot, context: AppContext) -> HistoryPage:
    context.window.show_page("history")
    page = context.window.page("history")
    assert isinstance(page, HistoryPage)
    qtbot.waitUntil(lambda: page.list.model.rowCount() > 0, timeout=10_000)
    return page


def everything(context: AppContext) -> HistoryData:
    """Every session in full, read straight from the database (the screens read pages and summaries)."""
    return load_history(context.database)


def open_review(qtbot: QtBot, page: HistoryPage, session_id: int) -> None:
    page.open_session(session_id)
    qtbot.waitUntil(
        lambda: page.review.subject is not None and page.review.subject.session_id == session_id, timeout=10_000
    )


def db_count(context: AppContext, table: str) -> int:
    return int(context.database.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_history_lists_sessions_newest_first_and_filters_narrow_them(qtbot: QtBot, filled: AppContext) -> None:
    page = open_history(qtbot, filled)
    sessions = page.list.model.sessions
    assert len(sessions) == 12
    assert [s.started_at for s in sessions] == sorted((s.started_at for s in sessions), reverse=True)
    assert page.list.count.text() == "12 sessions"
    page.list.mode.setCurrentIndex(page.list.mode.findData("friend"))  # filters run in the database
    qtbot.waitUntil(lambda: page.list.model.rowCount() < 12, timeout=5_000)
    friends = page.list.model.rowCount()
    assert 0 < friends < 12 and all(s.mode == "friend" for s in page.list.model.sessions)
    assert page.list.count.text() == f"{friends} of 12 sessions"
    page.list.mode.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 12, timeout=5_000)
    full = {s.id: s for s in everything(filled).sessions}
    note = next(a.note_text for s in full.values() for a in s.answers if a.note_text)
    word = max(note.split(), key=len).strip("?.,!")
    qtbot.keyClicks(page.list.search, word)
    qtbot.waitUntil(lambda: page.list.model.rowCount() < 12, timeout=5_000)
    assert page.list.model.rowCount() >= 1

    def mentions(session) -> bool:  # type: ignore[no-untyped-def]
        text = " ".join(a.question_text + " " + a.note_text for a in full[session.id].answers)
        return word.casefold() in text.casefold()

    assert all(mentions(s) for s in page.list.model.sessions)
    page.list.search.clear()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 12)


def test_deleting_a_session_asks_then_removes_rows_and_recordings_and_undo_brings_them_back(
    qtbot: QtBot, filled: AppContext
) -> None:
    page = open_history(qtbot, filled)
    recorded = next(a for a in everything(filled).answers() if a.recording_path)
    recording = filled.layout.root / recorded.recording_path
    assert recording.exists()
    page.list.select_session(recorded.session_id)
    asked: list[str] = []
    page.confirm = lambda _parent, _title, text: asked.append(text) or False
    qtbot.mouseClick(page.list.delete_button, Qt.MouseButton.LeftButton)
    assert asked and "undo" in asked[0] and page.list.model.rowCount() == 12  # refused: nothing changed

    page.confirm = lambda *_: True
    answers_before = db_count(filled, "answers")
    qtbot.mouseClick(page.list.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 11, timeout=10_000)
    assert not recording.exists() and db_count(filled, "answers") < answers_before
    banner = filled.window.banners.banner("undo")
    assert banner is not None and "Deleted the session" in filled.window.banners.visible_texts()["undo"]
    assert filled.window.undo_action.isEnabled()

    filled.window.undo_action.trigger()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 12, timeout=10_000)
    assert recording.exists() and db_count(filled, "answers") == answers_before
    assert not filled.window.undo_action.isEnabled()


def test_a_deletion_becomes_final_when_the_app_closes(qtbot: QtBot, filled: AppContext) -> None:
    page = open_history(qtbot, filled)
    recorded = next(a for a in everything(filled).answers() if a.recording_path)
    open_review(qtbot, page, recorded.session_id)
    page.confirm = lambda *_: True
    page.delete_answer(recorded.answer_id)
    qtbot.waitUntil(lambda: filled.history.can_undo, timeout=10_000)
    trash = filled.layout.root / "trash"
    assert any(trash.rglob("*.flac"))
    filled.history.shutdown()
    assert not trash.exists()


def test_review_plays_the_recording_with_a_clickable_waveform_and_speed(qtbot: QtBot, filled: AppContext) -> None:
    page = open_history(qtbot, filled)
    recorded = next(a for a in everything(filled).answers() if a.recording_path)
    open_review(qtbot, page, recorded.session_id)
    ids = [a.answer_id for a in page.review.subject.answers]
    page.review.answers.setCurrentRow(ids.index(recorded.answer_id))
    qtbot.waitUntil(lambda: page.player.play_button.isEnabled(), timeout=10_000)
    waveform = page.player.waveform
    assert waveform.duration > 1.0 and np.abs(waveform._peaks).max() > 0.5
    assert page.review.panel.question.text() == recorded.question_text

    qtbot.mouseClick(page.player.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: filled.audio.playback(page.player._source)[1] > 0.3, timeout=10_000)
    assert page.player.play_button.text() == "Pause"
    middle = QPoint(waveform.width() // 2, waveform.height() // 2)
    qtbot.mouseClick(waveform, Qt.MouseButton.LeftButton, pos=middle)
    state, position = filled.audio.playback(page.player._source)
    assert state == "playing" and position == pytest.approx(waveform.duration / 2, abs=0.3)
    page.player.speed.setCurrentIndex(page.player.speed.findData(2.0))
    qtbot.waitUntil(lambda: filled.audio.player.speed == 2.0, timeout=10_000)
    qtbot.mouseClick(page.player.play_button, Qt.MouseButton.LeftButton)
    assert filled.audio.playback(page.player._source)[0] == "paused"
    page.player.stop()


def test_rescoring_keeps_history_and_notes_are_saved(qtbot: QtBot, filled: AppContext) -> None:
    page = open_history(qtbot, filled)
    page.open_session(page.list.model.sessions[-1].id)
    panel = page.review.panel
    qtbot.waitUntil(lambda: panel.detail is not None, timeout=10_000)
    detail = panel.detail
    answer_id = detail.answer.id
    rounds_before = len({(r.scored_at, r.scorer) for r in detail.history})
    criterion = detail.answer.rubric.criteria[0].id
    new_value = 1 if detail.sheets and detail.sheets[0].values.get(criterion) != 1 else 5
    panel.rescore_requested.emit(answer_id, {criterion: new_value})
    # The answer is shown again with the new round (a load asked for before the re-score may land first).
    qtbot.waitUntil(
        lambda: (
            panel.detail.answer.id == answer_id
            and bool(panel.detail.sheets)
            and panel.detail.sheets[0].values.get(criterion) == new_value
        ),
        timeout=10_000,
    )
    repo = PracticeRepository(filled.database)
    assert repo.current_scores(answer_id)[0].values[criterion] == new_value
    assert len({(r.scored_at, r.scorer) for r in repo.score_history(answer_id)}) == rounds_before + 1
    assert panel.scores.item(0, 0).text() == str(new_value)

    panel.notes.setPlainText("Open with the result, then the story.")
    qtbot.waitUntil(
        lambda: any(n.body == "Open with the result, then the story." for n in repo.notes(answer_id)), timeout=5_000
    )
    assert [n.author for n in repo.notes(answer_id)].count(SELF) == 1


def test_all_attempts_and_practise_again_start_a_session_on_that_question(qtbot: QtBot, filled: AppContext) -> None:
    page = open_history(qtbot, filled)
    keys: dict[str, int] = {}
    for answer in everything(filled).answers():
        keys[answer.question_key] = keys.get(answer.question_key, 0) + 1
    key = max(keys, key=lambda k: keys[k])
    assert keys[key] > 1
    page.open_attempts(key)
    qtbot.waitUntil(lambda: page.review.answers.count() == keys[key], timeout=10_000)
    assert page.review.panel.compare.isVisible() and page.review.panel.compare.columnCount() == keys[key]
    qtbot.waitUntil(lambda: page.review.panel.detail is not None, timeout=10_000)
    with qtbot.waitSignal(filled.practice_controller.session_started, timeout=15_000):
        qtbot.mouseClick(page.review.panel.practise_button, Qt.MouseButton.LeftButton)
    assert filled.window.current_page() == "practice"
    assert [q.key for q in filled.practice_controller.plan] == [key]
    filled.practice_controller.end_session()
    qtbot.waitUntil(lambda: filled.practice_controller.phase == "summary", timeout=15_000)


def test_progress_shows_trends_calendar_and_a_button_to_practise_the_weakest(qtbot: QtBot, filled: AppContext) -> None:
    filled.window.show_page("progress")
    page = filled.window.page("progress")
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    report = page.report
    assert report.session_count == 12 and report.weakest_criteria
    assert page.headline.text().startswith("12 sessions")
    assert len(page.trend_view.chart().series()) == 2 and page.trend_view.chart().series()[0].count() >= 10
    assert page.category_view.chart().series()
    # The calendar opens on this month if you practised in it, else on the month you last practised.
    today, last = date.today(), max(report.practice_days)
    practised_now = any((d.year, d.month) == (today.year, today.month) for d in report.practice_days)
    expected = (today.year, today.month) if practised_now else (last.year, last.month)
    assert (page.calendar.yearShown(), page.calendar.monthShown()) == expected
    shown = {(d.year(), d.month(), d.day()) for d in page.calendar._marked}
    days = {(d.year, d.month, d.day) for d in report.practice_days if (d.year, d.month) == expected}
    assert days and days <= shown  # every practice day of the month shown is shaded
    page.criterion.setCurrentIndex(1)  # one criterion's line, read when asked for
    qtbot.waitUntil(
        lambda: page.trend_view.chart().series()[0].name().startswith(report.name(report.criteria[0])), timeout=10_000
    )
    page.range.setCurrentIndex(page.range.findData(30))
    qtbot.waitUntil(lambda: page.report is not report, timeout=10_000)
    weakest = page.report.weakest_criteria[0][0] if page.report.weakest_criteria else report.weakest_criteria[0][0]
    # The button for the earlier range may still await deletion (hidden); the newest is for the range chosen.
    practise = page.findChildren(QPushButton, "practiseWeakestCriterion")[-1]
    with qtbot.waitSignal(filled.practice_controller.session_started, timeout=15_000):
        practise.click()
    assert filled.practice_controller.setup.focus_criterion == weakest
    filled.practice_controller.end_session()
    qtbot.waitUntil(lambda: filled.practice_controller.phase == "summary", timeout=15_000)


def test_history_is_empty_with_a_way_to_start(qtbot: QtBot, app_context: AppContext) -> None:
    app_context.window.show_page("history")
    page = app_context.window.page("history")
    assert isinstance(page, HistoryPage)
    qtbot.waitUntil(lambda: page.list.page is not None and page.list.empty.isVisible(), timeout=10_000)
    assert "No sessions yet" in page.list.empty.text() and page.list.empty_button.isVisible()
    qtbot.mouseClick(page.list.empty_button, Qt.MouseButton.LeftButton)
    assert app_context.window.current_page() == "practice"


def test_preferences_turn_recordings_off_and_delete_them_all(qtbot: QtBot, filled: AppContext) -> None:
    from interview_coach.storage.app_settings import keeps_recordings
    from interview_coach.ui.settings_dialog import SettingsDialog

    filled.show_preferences()
    dialog = filled.window.findChild(SettingsDialog)
    assert dialog is not None and dialog.recordings is not None
    group = dialog.recordings
    qtbot.waitUntil(lambda: group.usage.text().startswith("2 recording"), timeout=10_000)
    group.keep.setChecked(False)
    qtbot.waitUntil(lambda: not keeps_recordings(filled.database), timeout=5_000)
    group.confirm = lambda *_: True
    group.delete_all()
    qtbot.waitUntil(lambda: group.usage.text().startswith("Deleted 2 recording"), timeout=10_000)
    assert not any((filled.layout.recordings).rglob("*.flac"))
    assert db_count(filled, "scores") > 0
    assert filled.database.execute("SELECT COUNT(*) FROM answers WHERE recording_path IS NOT NULL").fetchone()[0] == 0
    dialog.reject()


def test_with_recordings_off_closing_a_session_deletes_its_takes_but_keeps_scores(
    qtbot: QtBot, filled: AppContext
) -> None:
    from interview_coach.storage.app_settings import set_keeps_recordings

    open_history(qtbot, filled)
    recorded = next(a for a in everything(filled).answers() if a.recording_path)
    set_keeps_recordings(filled.database, False)
    # Closing ends once the files are gone too (rows first, then files): wait for the whole task, not the row.
    with qtbot.waitSignal(filled.practice_controller.unfinished_found, timeout=10_000):
        filled.practice_controller.close_session(recorded.session_id)
    repo = PracticeRepository(filled.database)
    assert repo.answer(recorded.answer_id).recording_path is None
    assert not (filled.layout.root / recorded.recording_path).exists()
    assert repo.answer(recorded.answer_id).timings.answer_seconds == recorded.answer_seconds


def _visible_in(view: QAbstractItemView, rect: QRect) -> bool:
    return view.viewport().rect().contains(rect.center())


def test_back_returns_to_the_session_and_answer_all_attempts_came_from(qtbot: QtBot, filled: AppContext) -> None:
    """ "← History" used to drop the session you came from; the sidebar's History did not leave All attempts."""
    window = filled.window
    window.resize(900, 520)  # the smallest window: the list and the answers scroll
    page = open_history(qtbot, filled)
    history = everything(filled)
    counts: dict[str, int] = {}
    for answer in history.answers():
        counts[answer.question_key] = counts.get(answer.question_key, 0) + 1
    # An old session (far down the list), at its last answer to a question asked more than once.
    session, answer = next(
        (s, a)
        for s in sorted(history.sessions, key=lambda s: (s.started_at, -len(s.answers)))
        for a in reversed(s.answers[3:])
        if counts[a.question_key] > 1 and a.answered
    )
    page.list.select_session(session.id)
    qtbot.mouseClick(page.list.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.review.subject is not None and page.review.subject.session_id == session.id)
    page.review.answers.setCurrentRow([a.answer_id for a in page.review.subject.answers].index(answer.answer_id))
    panel = page.review.panel
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.answer.id == answer.answer_id)
    qtbot.mouseClick(panel.attempts_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.review.subject.session_id is None)
    assert page.review.subject.question_key == answer.question_key
    assert page.review.back_button.text() == "\N{LEFTWARDS ARROW} Session"

    # Back: the same session, on the same answer, in view.
    qtbot.mouseClick(page.review.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.review.subject.session_id == session.id)
    assert page.stack.currentWidget() is page.review
    assert page.review.chosen_answer() == answer.answer_id
    current = page.review.answers.currentItem()
    assert page.review.answers.verticalScrollBar().value() > 0
    assert _visible_in(page.review.answers, page.review.answers.visualItemRect(current))
    assert page.review.back_button.text() == "\N{LEFTWARDS ARROW} History"

    # Back again: the list, on that session, scrolled to it.
    page.list.table.scrollToTop()
    qtbot.mouseClick(page.review.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list
    selected = page.list.selected()
    assert selected is not None and selected.id == session.id
    row = [s.id for s in page.list.model.sessions].index(session.id)
    assert page.list.table.verticalScrollBar().value() > 0
    assert _visible_in(page.list.table, page.list.table.visualRect(page.list.model.index(row, 0)))

    # The sidebar's History, clicked in All attempts, goes back to the list (on the session).
    page.list.select_session(history.sessions[0].id)
    page.open_session(session.id, select=answer.answer_id)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.review)  # read in the background
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.answer.id == answer.answer_id)
    qtbot.mouseClick(panel.attempts_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.review.subject.session_id is None)
    nav = window.navigation
    rect = nav.visualItemRect(nav.item(window.page_keys().index("history")))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.stack.currentWidget() is page.list and window.current_page() == "history"
    assert page.list.selected() is not None and page.list.selected().id == session.id

    # Coming back to History from another screen keeps what was open; the View menu's History resets it too.
    page.open_session(session.id)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.review)
    progress = nav.visualItemRect(nav.item(window.page_keys().index("progress")))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=progress.center())
    assert window.current_page() == "progress"
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page() == "history" and page.stack.currentWidget() is page.review
    window.choose_page("history")
    assert page.stack.currentWidget() is page.list
