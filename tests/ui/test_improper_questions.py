"""A question an interviewer should not ask is marked as such wherever it is shown, then and later."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.ui.history.history_page import HistoryPage
from interview_coach.ui.improper_notice import HEADING
from interview_coach.ui.practice.practice_page import PracticePage
from tests.support.virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio
IMPROPER, FAIR = "improper-questions/age", "opening/tell-me-about-yourself"


def test_the_notice_shows_in_practice_and_again_in_history(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio
) -> None:
    app_context.window.show_page("practice")
    page = app_context.window.page("practice")
    assert isinstance(page, PracticePage)
    setup = PracticeSetup(question_keys=(IMPROPER, FAIR), question_count=2, order="in_order", read_aloud=False,
                          think_seconds=0, answer_seconds=30)  # fmt: skip
    page.start(setup)
    controller, view = page.controller, page.session_view
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=15_000)
    assert controller.current is not None and controller.current.question.key == IMPROPER
    notice = view.improper_notice
    assert notice.isVisible() and HEADING in notice.text() and "Equality Act" in notice.text()
    qtbot.keyClick(view, Qt.Key.Key_Space)  # stop: the answer is saved with its snapshot
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=15_000)
    controller.next_question()
    qtbot.waitUntil(lambda: controller.current is not None and controller.current.position == 2, timeout=10_000)
    assert not notice.isVisible()  # a fair question carries no notice
    controller.end_session()

    db = sqlite3.connect(app_context.layout.database)
    (session_id,) = db.execute("SELECT id FROM sessions").fetchone()
    db.close()
    app_context.window.show_page("history")
    history = app_context.window.page("history")
    assert isinstance(history, HistoryPage)
    qtbot.waitUntil(lambda: history.list.model.rowCount() > 0, timeout=10_000)
    history.open_session(session_id)
    history.review.answers.setCurrentRow(0)
    panel = history.review.panel
    qtbot.waitUntil(lambda: panel.detail is not None, timeout=10_000)
    assert panel.detail is not None and panel.detail.answer.question_key == IMPROPER
    assert panel.improper_notice.isVisible() and HEADING in panel.improper_notice.text()
