"""Notes typed during practice (the candidate's, and the friend's in the interviewer's window) survive a
pause, leaving the screen and quitting (issue 13, "Lost work"). Answers are timed without a microphone,
so a note can be written within seconds; the rest of the audio stack is the real one."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.controllers.practice_controller import PracticeController
from interview_coach.ui.friend.interviewer_window import InterviewerWindow
from interview_coach.ui.practice.practice_page import PracticePage
from tests.support.virtual_audio import VirtualAudio
from tests.ui.test_autosave import Apps
from tests.ui.test_friend_session import SETUP as FRIEND_SETUP
from tests.ui.test_practice_controls import start
from tests.ui.test_practice_session import open_practice

pytestmark = pytest.mark.audio

NOTE_PAUSE_MS = 600 + 400  # the practice screen saves a note 600 ms after the last keystroke


@pytest.fixture
def apps(qtbot: QtBot, data_dir: Path) -> Iterator[Apps]:
    apps = Apps(qtbot, data_dir)
    yield apps
    apps.quit_all()


def without_microphone(context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context.audio, "open_microphone", lambda: None)


def type_note(qtbot: QtBot, edit: QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    edit.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(edit, text)


def start_friend_session(qtbot: QtBot, context: AppContext) -> tuple[PracticePage, InterviewerWindow]:
    """Sam interviews; the question stays up until the interviewer starts the answer."""
    page = open_practice(qtbot, context)
    page.setup_view.apply_setup(replace(FRIEND_SETUP, think_seconds=60))
    qtbot.mouseClick(page.setup_view.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.interviewer is not None and page.interviewer.isVisible(), timeout=10_000)
    assert page.interviewer is not None
    qtbot.waitUntil(lambda: page.controller.phase == "thinking", timeout=15_000)
    page.controller.start_answer()  # the interviewer's Space
    return page, page.interviewer


def to_scoring(qtbot: QtBot, controller: PracticeController) -> None:
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=15_000)
    qtbot.wait(300)
    controller.stop_answer()
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=15_000)


def notes_by(apps: Apps, author_kind: str) -> list[tuple[int, str, str]]:
    """(question position, author's name, note) for every note of that kind of author, read afresh."""

    def read(db: sqlite3.Connection) -> list[tuple[int, str, str]]:
        rows = db.execute(
            "SELECT answers.position, notes.author_name, notes.body FROM notes "
            "JOIN answers ON answers.id = notes.answer_id WHERE notes.author_kind = ? ORDER BY answers.position",
            (author_kind,),
        )
        return [(int(p), str(n or ""), str(b)) for p, n, b in rows]

    return apps.read(read)


def test_the_candidates_note_paused_over_then_left_is_kept_when_the_app_quits(
    qtbot: QtBot, apps: Apps, virtual_audio: VirtualAudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = apps.start()
    without_microphone(context, monkeypatch)
    page, controller = start(qtbot, context)
    to_scoring(qtbot, controller)
    type_note(qtbot, page.session_view.notes, "Lead with the result.")
    qtbot.wait(NOTE_PAUSE_MS)
    context.window.show_page("history")
    apps.quit(context)

    assert notes_by(apps, "self") == [(1, "", "Lead with the result.")]


def test_the_candidates_note_typed_and_quit_at_once_is_kept(
    qtbot: QtBot, apps: Apps, virtual_audio: VirtualAudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = apps.start()
    without_microphone(context, monkeypatch)
    page, controller = start(qtbot, context)
    to_scoring(qtbot, controller)
    type_note(qtbot, page.session_view.notes, "Fewer fillers.")
    apps.quit(context)

    assert notes_by(apps, "self") == [(1, "", "Fewer fillers.")]


def test_the_friends_note_paused_over_is_kept_when_the_app_quits(
    qtbot: QtBot, apps: Apps, virtual_audio: VirtualAudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = apps.start()
    without_microphone(context, monkeypatch)
    page, interviewer = start_friend_session(qtbot, context)
    to_scoring(qtbot, page.controller)
    type_note(qtbot, interviewer.notes, "Good energy; the result came late.")
    qtbot.wait(NOTE_PAUSE_MS)
    type_note(qtbot, page.session_view.notes, "Say the result first.")
    apps.quit(context)  # the candidate's note is still within its pause

    assert notes_by(apps, "friend") == [(1, "Sam", "Good energy; the result came late.")]
    assert notes_by(apps, "self") == [(1, "", "Say the result first.")]


def test_a_note_survives_the_interviewer_closing_their_window(
    qtbot: QtBot, apps: Apps, virtual_audio: VirtualAudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = apps.start()
    without_microphone(context, monkeypatch)
    page, interviewer = start_friend_session(qtbot, context)
    to_scoring(qtbot, page.controller)
    type_note(qtbot, interviewer.notes, "Eye contact dropped at the end.")
    interviewer.close()
    qtbot.waitUntil(lambda: page.interviewer is None, timeout=5_000)
    apps.quit(context)

    assert notes_by(apps, "friend") == [(1, "Sam", "Eye contact dropped at the end.")]
