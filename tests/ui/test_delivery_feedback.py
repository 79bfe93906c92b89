"""Delivery feedback on the scoring screen: a real take through the virtual microphone is transcribed in
the worker process, and the figures, transcript and evidence line appear beside the score sheet; a
failed analysis is a message that never stops practice and never touches the recording."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.audio.delivery_analyser import AnalysisError, DeliveryAnalyser
from interview_coach.domain.analysis_settings import AnalysisSettings
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.ui.practice.practice_page import PracticePage
from tests.support.answers import make_answer
from tests.support.virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio
SETUP = PracticeSetup(categories=("opening",), question_count=2, order="in_order", think_seconds=1, answer_seconds=60)
PARTS: list[str | float] = [
    0.8,
    "Um, in my last role I led a team of five engineers.",
    2.6,
    "Uh, we shipped the billing migration two weeks early.",
    0.5,
]


@pytest.fixture(scope="module")
def spoken_answer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_answer(tmp_path_factory.mktemp("answer") / "answer.wav", PARTS).path


def answer_once(qtbot: QtBot, context: AppContext, audio: VirtualAudio, wav: Path) -> PracticePage:
    window = context.window
    window.activateWindow()
    window.show_page("practice")
    page = window.page("practice")
    assert isinstance(page, PracticePage)
    qtbot.waitUntil(lambda: page.setup_view.banks.count() > 0, timeout=10_000)
    page.setup_view.apply_setup(SETUP)
    qtbot.mouseClick(page.setup_view.start_button, Qt.MouseButton.LeftButton)
    controller = page.controller
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=30_000)
    feeder = audio.play_into_microphone(wav)
    feeder.wait(timeout=30)
    qtbot.wait(500)
    qtbot.keyClick(page.session_view, Qt.Key.Key_Space)  # stop
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=15_000)
    return page


def test_the_scoring_screen_shows_the_transcript_figures_and_evidence(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, spoken_answer: Path
) -> None:
    page = answer_once(qtbot, app_context, virtual_audio, spoken_answer)
    view = page.session_view
    qtbot.waitUntil(lambda: view.delivery_view.shown is not None, timeout=90_000)
    assert app_context.delivery.follow_steps >= 1  # transcribed while it was being recorded
    assert "faster_whisper" not in sys.modules and "ctranslate2" not in sys.modules  # never in the GUI process
    figures = view.delivery_view.shown
    assert figures is not None
    assert "engineers" in figures.transcript.lower() and "migration" in figures.transcript.lower()
    assert figures.fillers.get("um", 0) + figures.fillers.get("uh", 0) >= 1
    assert len(figures.long_pauses) == 1
    assert "engineers" in view.delivery_view.transcript.text()
    delivery = view.sheet.row("delivery")
    assert delivery is not None and delivery.evidence.isVisible()
    page.controller.set_score("delivery", 4)
    qtbot.waitUntil(lambda: "You gave Delivery 4; " in delivery.evidence.text(), timeout=5_000)
    assert "1 long pause" in delivery.evidence.text()
    structure = view.sheet.row("structure")
    assert structure is not None and "against a 1 min limit" in structure.evidence.text()
    view.grab().save("/tmp/delivery-scoring.png")
    db = sqlite3.connect(app_context.layout.database)
    try:
        row = db.execute("SELECT transcript, long_pauses, model FROM answer_analyses").fetchone()
    finally:
        db.close()
    assert row[0] == figures.transcript and row[1] == 1 and row[2] == "tiny.en"


class BrokenAnalyser(DeliveryAnalyser):
    def analyse(self, path: Path, **_: object):  # type: ignore[no-untyped-def, override]
        raise AnalysisError("The speech-recognition model is damaged (its checksum differs).", "model")


def test_a_failed_analysis_is_a_message_and_practice_goes_on(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, spoken_answer: Path
) -> None:
    app_context.delivery._factory = BrokenAnalyser
    page = answer_once(qtbot, app_context, virtual_audio, spoken_answer)
    view = page.session_view
    qtbot.waitUntil(lambda: "damaged" in view.delivery_view.status.text(), timeout=30_000)
    assert "Your recording is kept" in view.delivery_view.status.text()
    current = page.controller.current
    assert current is not None and current.recording_path is not None
    assert (app_context.layout.root / current.recording_path).stat().st_size > 10_000
    qtbot.keyClick(view, Qt.Key.Key_Return)  # on to the next question
    qtbot.waitUntil(lambda: page.controller.current is not None and page.controller.current.position == 2)


def test_with_analysis_off_nothing_is_analysed(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, spoken_answer: Path
) -> None:
    app_context.delivery.set_settings(AnalysisSettings(enabled=False))
    page = answer_once(qtbot, app_context, virtual_audio, spoken_answer)
    view = page.session_view
    qtbot.waitUntil(lambda: "analysis is off" in view.delivery_view.status.text(), timeout=10_000)
    assert app_context.delivery._analyser is None  # the worker was never started
