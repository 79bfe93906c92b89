"""The controls of a session: the limit and its gentle stop, keep going, pause, redo, skip, silence."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.controllers.practice_controller import PracticeController
from interview_coach.domain.answer_clock import GRACE_SECONDS
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.ui.practice.practice_page import PracticePage
from tests.support.virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio


def start(qtbot: QtBot, context: AppContext, **choices) -> tuple[PracticePage, PracticeController]:  # type: ignore[no-untyped-def]
    context.window.show_page("practice")
    page = context.window.page("practice")
    assert isinstance(page, PracticePage)
    qtbot.waitUntil(lambda: context.library.library is not None, timeout=10_000)
    setup = PracticeSetup(categories=("closing",), order="in_order", read_aloud=False, think_seconds=0,
                          answer_seconds=30, question_count=2)  # fmt: skip
    for name, value in choices.items():
        setup = PracticeSetup(**{**setup.to_dict(), name: value})
    page.start(setup)
    return page, page.controller


def rows(context: AppContext, query: str) -> list[sqlite3.Row]:
    db = sqlite3.connect(context.layout.database)
    db.row_factory = sqlite3.Row
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def test_the_limit_warns_then_stops_gently(qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio) -> None:
    page, controller = start(qtbot, app_context, answer_seconds=10)
    warnings: list[float] = []
    controller.limit_warning.connect(warnings.append)
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=10_000)
    qtbot.waitUntil(lambda: controller.phase == "time_up", timeout=15_000)
    assert warnings and 0 < warnings[0] <= 2.5  # a quarter of a 10 s limit
    assert page.session_view.keep_going_button.isVisible()
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=20_000)
    answer = rows(app_context, "SELECT * FROM answers")[0]
    assert answer["over_limit"] == 1
    assert answer["answer_seconds"] == pytest.approx(10 + GRACE_SECONDS, abs=0.6)


def test_keep_going_lets_the_answer_run_past_the_limit(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio
) -> None:
    page, controller = start(qtbot, app_context, answer_seconds=10)
    qtbot.waitUntil(lambda: controller.phase == "time_up", timeout=20_000)
    qtbot.mouseClick(page.session_view.keep_going_button, Qt.MouseButton.LeftButton)
    assert controller.phase == "answering"
    qtbot.wait(int((GRACE_SECONDS + 1) * 1000))
    assert controller.phase == "answering"
    controller.stop_answer()
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=10_000)
    assert controller.current is not None and controller.current.answer_seconds > 10 + GRACE_SECONDS


def test_a_pause_stops_the_clock_and_the_recording(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio
) -> None:
    page, controller = start(qtbot, app_context)
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=10_000)
    qtbot.wait(1500)
    qtbot.keyClick(page.session_view, Qt.Key.Key_Escape)
    assert controller.paused and page.session_view.paused_banner.isVisible()
    qtbot.wait(2500)
    qtbot.keyClick(page.session_view, Qt.Key.Key_Escape)
    assert not controller.paused
    qtbot.wait(1000)
    controller.stop_answer()
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=10_000)
    answer = rows(app_context, "SELECT * FROM answers")[0]
    assert answer["answer_seconds"] == pytest.approx(2.5, abs=0.4)  # the 2.5 s pause is left out


def test_redo_keeps_both_attempts_and_skip_marks_the_question(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio
) -> None:
    page, controller = start(qtbot, app_context, think_seconds=30)
    qtbot.waitUntil(lambda: controller.phase == "thinking", timeout=10_000)
    qtbot.keyClick(page.session_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=10_000)
    qtbot.wait(1000)
    qtbot.keyClick(page.session_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=10_000)
    qtbot.mouseClick(page.session_view.redo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.phase == "thinking", timeout=10_000)
    qtbot.keyClick(page.session_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=10_000)
    qtbot.wait(1000)
    controller.stop_answer()
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=10_000)
    qtbot.keyClick(page.session_view, Qt.Key.Key_Return)  # to question 2
    qtbot.waitUntil(lambda: controller.current is not None and controller.current.position == 2, timeout=10_000)
    focus = QApplication.focusWidget()  # the keys must keep working without a click
    assert focus is page.session_view or page.session_view.isAncestorOf(focus)
    qtbot.keyClick(page.session_view, Qt.Key.Key_Return)  # skip it: the session ends
    qtbot.waitUntil(lambda: controller.phase == "summary", timeout=10_000)
    answers = rows(app_context, "SELECT position, attempt, status, recording_path FROM answers ORDER BY id")
    assert [(a["position"], a["attempt"], a["status"]) for a in answers] == [
        (1, 1, "recorded"), (1, 2, "recorded"), (2, 1, "skipped"),
    ]  # fmt: skip
    assert answers[0]["recording_path"] != answers[1]["recording_path"]
    assert all((app_context.layout.root / a["recording_path"]).exists() for a in answers[:2])


def test_silence_is_pointed_out_after_five_seconds(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, speech_wav: Path
) -> None:
    page, controller = start(qtbot, app_context)
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=10_000)
    with qtbot.waitSignal(controller.silence_warning, timeout=8_000) as warned:
        pass
    alert = page.session_view.clock_panel.alert
    assert warned.args == [True] and "heard nothing" in alert.text() and alert.isVisibleTo(page)
    timer = page.session_view.clock_panel.timer
    assert alert.parent() is timer.parent()  # said beside the clock the candidate is watching
    feeder = virtual_audio.play_into_microphone(speech_wav)
    with qtbot.waitSignal(controller.silence_warning, timeout=5_000) as cleared:
        pass
    feeder.terminate()
    feeder.wait()
    assert cleared.args == [False] and not alert.isVisibleTo(page)
    controller.end_session()
    qtbot.waitUntil(lambda: controller.phase == "summary", timeout=10_000)


def test_without_a_microphone_the_answer_is_timed_not_recorded(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, monkeypatch: pytest.MonkeyPatch
) -> None:
    audio = app_context.audio
    monkeypatch.setattr(audio, "open_microphone", lambda: None)  # as if no input device were found
    page, controller = start(qtbot, app_context)
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=10_000)
    assert "timed but not recorded" in page.session_view.status.text()
    qtbot.wait(1200)
    controller.stop_answer()
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=10_000)
    answer = rows(app_context, "SELECT * FROM answers")[0]
    assert answer["status"] == "recorded" and answer["recording_path"] is None
    assert answer["answer_seconds"] == pytest.approx(1.2, abs=0.3)
    assert not page.session_view.replay_button.isEnabled()


def test_ending_the_session_mid_answer_saves_that_answer_first(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio
) -> None:
    page, controller = start(qtbot, app_context)
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=10_000)
    qtbot.wait(1200)
    asked: list[str] = []
    page.session_view.confirm = lambda _parent, _title, text: asked.append(text) or False
    qtbot.mouseClick(page.session_view.end_button, Qt.MouseButton.LeftButton)
    assert "2 questions of 2 still to go" in asked[0] and controller.phase == "answering"  # asked, declined
    page.session_view.confirm = lambda *_args: True
    qtbot.mouseClick(page.session_view.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.phase == "summary", timeout=10_000)
    answer = rows(app_context, "SELECT * FROM answers")[0]
    assert answer["status"] == "recorded" and answer["recording_path"].endswith(".flac")
    assert (app_context.layout.root / answer["recording_path"]).exists()
    assert rows(app_context, "SELECT status FROM sessions")[0]["status"] == "finished"
