"""A whole practice session through the real audio stack, driven from the keyboard as a user would."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import soundfile as sf
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.ui.practice.practice_page import PracticePage
from tests.support.speech import active_span, rms
from tests.support.virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio
SETUP = PracticeSetup(categories=("opening",), question_count=3, order="in_order", think_seconds=1, answer_seconds=30)


def open_practice(qtbot: QtBot, context: AppContext) -> PracticePage:
    window = context.window
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5000)
    window.show_page("practice")
    page = window.page("practice")
    assert isinstance(page, PracticePage)
    qtbot.waitUntil(lambda: page.setup_view.banks.count() > 0, timeout=10_000)
    return page


def answer_question(
    qtbot: QtBot, page: PracticePage, audio: VirtualAudio, speech: Path, scores: list[int], *, replay: bool = False
) -> None:
    controller = page.controller
    view = page.session_view
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=30_000)  # read aloud, thought, cue played
    feeder = audio.play_into_microphone(speech)
    qtbot.wait(3000)
    qtbot.keyClick(view, Qt.Key.Key_Space)  # stop
    feeder.terminate()
    feeder.wait()
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=15_000)
    if replay:
        qtbot.waitUntil(lambda: view.replay_button.isEnabled(), timeout=5_000)
        with qtbot.waitSignal(controller._audio.playback_finished, timeout=15_000) as played:
            qtbot.mouseClick(view.replay_button, Qt.MouseButton.LeftButton)
        assert played.args == ["ended"]
        page.session_view.sheet.focus_first_unscored()  # the click took the focus
    focused = page.window().focusWidget()
    for value in scores[: len(page.session_view.sheet.rows)]:
        qtbot.keyClick(page.window().focusWidget() or focused, Qt.Key(Qt.Key.Key_0 + value))
    qtbot.keyClick(view, Qt.Key.Key_Return)


def test_a_three_question_session_is_saved_with_recordings_timings_and_scores(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, speech_wav: Path
) -> None:
    page = open_practice(qtbot, app_context)
    page.setup_view.apply_setup(SETUP)
    qtbot.mouseClick(page.setup_view.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.session_view, timeout=10_000)
    controller = page.controller
    assert page.session_view.question_text.text() == controller.plan[0].text

    answer_question(qtbot, page, virtual_audio, speech_wav, [4, 3, 5, 2, 4, 3], replay=True)
    qtbot.waitUntil(lambda: controller.current is not None and controller.current.position == 2, timeout=10_000)
    answer_question(qtbot, page, virtual_audio, speech_wav, [2, 2, 2, 2, 2, 2])
    qtbot.waitUntil(lambda: controller.current is not None and controller.current.position == 3, timeout=10_000)
    answer_question(qtbot, page, virtual_audio, speech_wav, [5, 5, 5, 5, 5, 5])
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.summary_view, timeout=15_000)
    assert "You answered 3 of 3 questions" in page.summary_view.facts.text()
    assert page.summary_view.title.text() == "Session complete"
    cards = page.summary_view.cards
    assert [c.card.position for c in cards] == [1, 2, 3]
    assert "Best:" in cards[0].points.text() and "Work on:" in cards[0].points.text()
    assert "Work on:" not in cards[1].points.text()  # every point scored 2: nothing singled out
    with qtbot.waitSignal(controller.playback_finished, timeout=20_000):
        qtbot.mouseClick(cards[1].replay, Qt.MouseButton.LeftButton)
        assert cards[1].replay.text() == "Stop" and cards[1].replay.isChecked()
    qtbot.waitUntil(lambda: cards[1].replay.text() == "Replay", timeout=5_000)

    db = sqlite3.connect(app_context.layout.database)
    db.row_factory = sqlite3.Row
    session = db.execute("SELECT * FROM sessions").fetchone()
    assert session["status"] == "finished" and session["mode"] == "solo"
    answers = db.execute("SELECT * FROM answers ORDER BY position").fetchall()
    assert [a["position"] for a in answers] == [1, 2, 3]
    assert [a["question_key"] for a in answers] == [q.key for q in controller.plan]
    for answer in answers:
        assert answer["status"] == "recorded"
        path = app_context.layout.root / answer["recording_path"]
        assert path.suffix == ".flac" and path.exists() and not path.with_suffix(".wav").exists()
        samples, rate = sf.read(path, dtype="float32")
        assert rms(samples) > 0.02
        assert answer["answer_seconds"] == pytest.approx(len(samples) / rate, abs=0.01)
        assert 2.5 < answer["answer_seconds"] < 5
        assert 0.9 < answer["think_seconds"] < 3 and answer["think_limit_seconds"] == 1
        assert answer["speech_onset_seconds"] is not None and answer["speech_onset_seconds"] < 1.0
        assert answer["over_limit"] == 0
    scores = db.execute(
        "SELECT a.position, s.criterion_id, s.value FROM scores s JOIN answers a ON a.id = s.answer_id "
        "ORDER BY a.position, s.id"
    ).fetchall()
    first = [r["value"] for r in scores if r["position"] == 1]
    assert first == [4, 3, 5, 2, 4, 3][: len(first)] and first
    assert {r["value"] for r in scores if r["position"] == 2} == {2}
    saved_setup = db.execute("SELECT value_json FROM settings WHERE key = 'practice.setup'").fetchone()[0]
    assert PracticeSetup.from_dict(json.loads(saved_setup)) == SETUP  # remembered for next time
    db.close()

    # The summary's suggestion starts a short session on the weakest point.
    weakest = page.summary_view._focus
    assert weakest is not None and page.summary_view.focus_button.isVisible()
    qtbot.mouseClick(page.summary_view.focus_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.session_id is not None and controller.setup.focus_criterion == weakest,
                    timeout=10_000)  # fmt: skip
    assert all(weakest in q.criteria for q in controller.plan)
    controller.end_session()
    qtbot.waitUntil(lambda: controller.phase == "summary", timeout=10_000)
    planned = len(controller.plan)
    assert page.summary_view.title.text() == f"Session ended: 0 of {planned} questions answered"
    assert page.summary_view.cards == []


def test_words_begun_as_space_is_pressed_are_all_kept_behind_a_slow_output_device(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, speech_wav: Path
) -> None:
    fed, fed_rate = sf.read(speech_wav, dtype="float32")
    fed_start, fed_end = active_span(fed, fed_rate)
    page = open_practice(qtbot, app_context)
    controller, view = page.controller, page.session_view
    controller.start(PracticeSetup(categories=("opening",), question_count=1, order="in_order", think_seconds=60,
                                   answer_seconds=60, read_aloud=False))  # fmt: skip
    qtbot.waitUntil(lambda: controller.phase == "thinking" and app_context.audio.microphone_open, timeout=15_000)
    with virtual_audio.slow_speaker():
        feeder = virtual_audio.play_into_microphone(speech_wav)
        qtbot.keyClick(view, Qt.Key.Key_Space)  # "I'm ready", already speaking
        assert controller.phase == "answering" and view.phase_label.text().startswith("Recording")
        assert feeder.wait(timeout=60) == 0
        qtbot.wait(500)
        qtbot.keyClick(view, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=15_000)
    db = sqlite3.connect(app_context.layout.database)
    db.row_factory = sqlite3.Row
    answer = db.execute("SELECT * FROM answers").fetchone()
    db.close()
    recorded, rate = sf.read(app_context.layout.root / answer["recording_path"], dtype="float32")
    start, end = active_span(recorded, rate)
    assert end - start == pytest.approx(fed_end - fed_start, abs=0.2)  # the first words are there
    assert answer["cue_end_seconds"] > 0.2  # the cue is inside the take; its end is known
    assert answer["speech_onset_seconds"] == pytest.approx(0.0, abs=0.2)  # they began before the cue ended
    assert "you started speaking after 0.0 s" in view.answer_facts.text()
    controller.end_session()
    qtbot.waitUntil(lambda: controller.phase == "summary", timeout=10_000)
