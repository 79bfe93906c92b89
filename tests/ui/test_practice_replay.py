"""Replay on the scoring screen is a play/stop toggle that shows how far it has got and never talks over
the next question (issue 17 item 7), through the real audio stack."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.ui.practice.session_view import REPLAY_TEXT, STOP_TEXT
from tests.support.virtual_audio import VirtualAudio
from tests.ui.test_practice_session import open_practice

pytestmark = pytest.mark.audio
SETUP = PracticeSetup(
    categories=("opening",), question_count=2, order="in_order", think_seconds=1, answer_seconds=30, read_aloud=False
)
SHOWN = re.compile(r"Playing… (\d+):(\d\d) / (\d+):(\d\d)")


def seconds_shown(text: str) -> tuple[int, int]:
    found = SHOWN.fullmatch(text)
    assert found, text
    minutes, seconds, total_minutes, total_seconds = map(int, found.groups())
    return minutes * 60 + seconds, total_minutes * 60 + total_seconds


def test_replay_toggles_shows_its_time_and_stops_for_the_next_question(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, speech_wav: Path
) -> None:
    page = open_practice(qtbot, app_context)
    page.start(SETUP)
    controller, view = page.controller, page.session_view
    qtbot.waitUntil(lambda: controller.phase == "thinking", timeout=10_000)
    controller.start_answer()
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=10_000)
    feeder = virtual_audio.play_into_microphone(speech_wav)
    qtbot.wait(4000)
    controller.stop_answer()
    feeder.terminate()
    feeder.wait()
    qtbot.waitUntil(lambda: controller.phase == "scoring" and view.replay_button.isEnabled(), timeout=15_000)
    button = view.replay_button
    assert button.text() == REPLAY_TEXT and view.replay_time.text() == ""

    # Play: the button offers to stop, and the time counts up towards the answer's length.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.text() == STOP_TEXT
    played, length = seconds_shown(view.replay_time.text())
    assert played == 0 and 3 <= length <= 5
    qtbot.waitUntil(lambda: seconds_shown(view.replay_time.text())[0] >= 1, timeout=5_000)
    assert button.width() >= button.sizeHint().width()  # "Stop the replay" reads in full

    # Clicking again stops it, rather than starting it over.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.text() == REPLAY_TEXT and view.replay_time.text() == ""
    assert controller.replay_progress() is None
    assert app_context.audio.player.state == "stopped"

    # Played to its end, it comes back to "Replay" by itself.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: button.text() == REPLAY_TEXT, timeout=10_000)
    assert view.replay_time.text() == ""

    # Playing when the next question comes: the replay stops before it is asked.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.text() == STOP_TEXT
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.current is not None and controller.current.position == 2, timeout=10_000)
    assert button.text() == REPLAY_TEXT and view.replay_time.text() == ""
    assert controller.replay_progress() is None
    assert app_context.audio.player.state == "stopped"
    controller.end_session()
    qtbot.waitUntil(lambda: controller.phase == "summary", timeout=10_000)
