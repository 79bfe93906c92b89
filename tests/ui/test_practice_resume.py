"""Killing the app mid-session loses nothing: answers 1-2 are kept, the take of 3 comes back on resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf
from pytestqt.qtbot import QtBot

from interview_coach.app import build_context, create_application
from interview_coach.ui.practice.practice_page import PracticePage
from tests.support.speech import rms
from tests.support.virtual_audio import VirtualAudio

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.audio


def test_a_killed_session_is_resumed_with_its_interrupted_take(
    qtbot: QtBot, data_dir: Path, virtual_audio: VirtualAudio, speech_wav: Path
) -> None:
    feeder = virtual_audio.play_into_microphone(speech_wav)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.practice_driver", str(data_dir), "2"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "recording", child.stderr.read() if child.stderr else ""
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    feeder.terminate()
    feeder.wait()

    db = sqlite3.connect(data_dir / "interview-coach.sqlite3")
    statuses = [r[0] for r in db.execute("SELECT status FROM answers ORDER BY position")]
    db.close()
    assert statuses == ["recorded", "recorded", "recording"]

    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    try:
        context.start()
        context.window.show_page("practice")
        page = context.window.page("practice")
        assert isinstance(page, PracticePage)
        qtbot.waitUntil(lambda: any(k.startswith("unfinished-") for k in page.banners.visible_texts()), timeout=10_000)
        ((key, text),) = page.banners.visible_texts().items()
        assert "2 of 3 questions answered" in text
        banner = page.banners.banner(key)
        assert banner is not None
        qtbot.waitUntil(lambda: context.library.library is not None, timeout=10_000)
        banner._action.click()  # Resume
        controller = page.controller
        qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=15_000)
        assert controller.current is not None and controller.current.position == 3
        assert 2.0 < controller.current.answer_seconds < 4.5
        assert "recovered" not in context.window.banners.visible_texts()  # the session offers it, not a banner
        for criterion in controller.current.criteria:
            controller.set_score(criterion.id, 4)
        controller.next_question()
        qtbot.waitUntil(lambda: controller.phase == "summary", timeout=15_000)
    finally:
        context.window.close()
        context.close()

    db = sqlite3.connect(data_dir / "interview-coach.sqlite3")
    db.row_factory = sqlite3.Row
    answers = db.execute("SELECT * FROM answers ORDER BY position").fetchall()
    assert [a["status"] for a in answers] == ["recorded"] * 3
    take = data_dir / answers[2]["recording_path"]
    samples, rate = sf.read(take, dtype="float32")
    assert rms(samples) > 0.02 and len(samples) / rate == pytest.approx(answers[2]["answer_seconds"], abs=0.01)
    assert db.execute("SELECT status FROM sessions").fetchone()[0] == "finished"
    assert db.execute("SELECT count(*) FROM scores WHERE value = 4").fetchone()[0] >= 1
    db.close()
