"""A friend-mode session through the real audio stack: the interviewer's window paces it, both score."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import soundfile as sf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext, build_context, create_application
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.domain.records import AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.library import load_library
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.ui.friend.interviewer_window import InterviewerWindow
from interview_coach.ui.practice.practice_page import PracticePage
from tests.support.speech import rms
from tests.support.virtual_audio import VirtualAudio
from tests.ui.test_practice_session import open_practice

pytestmark = pytest.mark.audio
SETUP = PracticeSetup(
    categories=("behavioural",),
    question_count=2,
    order="in_order",
    think_seconds=1,
    answer_seconds=60,
    read_aloud=False,
    mode="friend",
    friend_name="Sam",
)


def start_friend_session(qtbot: QtBot, context: AppContext) -> tuple[PracticePage, InterviewerWindow]:
    page = open_practice(qtbot, context)
    page.setup_view.apply_setup(SETUP)
    assert page.setup_view.friend_mode.isChecked() and page.setup_view.friend_name.currentText() == "Sam"
    qtbot.mouseClick(page.setup_view.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.interviewer is not None and page.interviewer.isVisible(), timeout=10_000)
    assert page.interviewer is not None
    return page, page.interviewer


def press(qtbot: QtBot, window: QWidget, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, key)


def score_with_keys(qtbot: QtBot, sheet_rows: list[QWidget], values: list[int]) -> None:
    for row, value in zip(sheet_rows, values, strict=False):
        row.setFocus()
        qtbot.keyClick(row, Qt.Key(Qt.Key.Key_0 + value))


def test_the_interviewer_paces_a_session_and_both_sheets_stay_blind_until_both_are_in(
    qtbot: QtBot, app_context: AppContext, virtual_audio: VirtualAudio, speech_wav: Path
) -> None:
    page, interviewer = start_friend_session(qtbot, app_context)
    controller = page.controller
    view = page.session_view
    question = controller.plan[0]

    # The friend sees the question, what a strong answer shows and probes; the candidate does not.
    assert interviewer.question_text.text() == question.text
    assert question.strong_answer in interviewer.strong_answer.text()
    assert len(interviewer.follow_ups.ask_buttons) == len(question.follow_ups) > 0
    assert interviewer.follow_ups.red_flags.count() > 0
    assert view.question_text.text() == "Listen to Sam."
    assert not view.record_button.isVisible() and not view.hint_button.isVisible()
    interviewer.show_question.setChecked(True)  # the friend chooses to show the text
    assert view.question_text.text() == question.text
    interviewer.show_timer.setChecked(False)
    assert not view.timer.isVisible()

    # The interviewer starts the recording; the candidate's Space does nothing in friend mode.
    qtbot.waitUntil(lambda: controller.phase == "thinking", timeout=10_000)
    press(qtbot, page.window(), Qt.Key.Key_Space)
    assert controller.phase == "thinking"
    press(qtbot, interviewer, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: controller.phase == "answering", timeout=15_000)
    feeder = virtual_audio.play_into_microphone(speech_wav)
    qtbot.wait(1500)
    qtbot.mouseClick(interviewer.follow_ups.ask_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Asked:" in interviewer.follow_ups.asked.text(), timeout=5000)
    interviewer.follow_ups.custom.setText("And what would you do differently?")
    qtbot.mouseClick(interviewer.findChild(QWidget, "askCustomFollowUpButton"), Qt.MouseButton.LeftButton)
    qtbot.wait(1500)
    press(qtbot, interviewer, Qt.Key.Key_Space)
    feeder.terminate()
    feeder.wait()
    qtbot.waitUntil(lambda: controller.phase == "scoring", timeout=15_000)

    # Both score; neither sees the other's sheet until both are complete.
    own = [row for row in view.sheet.rows]
    theirs = [row for row in interviewer.sheet.rows]
    assert {r.criterion.id for r in theirs} > {r.criterion.id for r in own}  # in-person criteria: friend only
    assert {"eye-contact", "posture"} <= {r.criterion.id for r in theirs}
    score_with_keys(qtbot, own, [4] * len(own))
    assert not view.comparison.isVisible() and "Sam is still scoring (0 of" in view.friend_status.text()
    score_with_keys(qtbot, theirs[:-1], [2] * (len(theirs) - 1))
    assert not view.comparison.isVisible() and not interviewer.comparison.isVisible()
    score_with_keys(qtbot, theirs[-1:], [3])
    qtbot.waitUntil(view.comparison.isVisible, timeout=5000)
    assert interviewer.comparison.isVisible()
    assert "You agree exactly on 0 of" in view.comparison.summary.text()
    first_id = own[0].criterion.id
    assert view.comparison.findChild(QWidget, f"compare-{first_id}-verdict").text() == "Talk about this"
    interviewer.notes.setPlainText("Good energy; the result came late.")

    press(qtbot, interviewer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.current is not None and controller.current.position == 2, timeout=10_000)
    assert not view.comparison.isVisible()
    controller.end_session()
    qtbot.waitUntil(lambda: controller.phase == "summary", timeout=10_000)
    qtbot.waitUntil(lambda: page.interviewer is None, timeout=5000)  # the friend's window closes with the session
    assert "Sam's average: 2.1 (yours 4.0)" in page.summary_view.facts.text()

    db = sqlite3.connect(app_context.layout.database)
    db.row_factory = sqlite3.Row
    session = db.execute("SELECT * FROM sessions").fetchone()
    assert session["mode"] == "friend"
    answer = db.execute("SELECT * FROM answers WHERE position = 1").fetchone()
    samples, rate = sf.read(app_context.layout.root / answer["recording_path"], dtype="float32")
    assert rms(samples) > 0.02 and len(samples) / rate > 2.5
    rows = db.execute("SELECT * FROM scores WHERE answer_id = ? ORDER BY id", (answer["id"],)).fetchall()
    self_scores = {r["criterion_id"]: r["value"] for r in rows if r["scorer_kind"] == "self"}
    friend_scores = {r["criterion_id"]: r["value"] for r in rows if r["scorer_kind"] == "friend"}
    assert set(self_scores.values()) == {4} and len(self_scores) == len(own)
    assert friend_scores.pop(theirs[-1].criterion.id) == 3 and set(friend_scores.values()) == {2}
    assert {r["scorer_name"] for r in rows if r["scorer_kind"] == "friend"} == {"Sam"}
    follow_ups = db.execute("SELECT * FROM follow_ups WHERE answer_id = ? ORDER BY id", (answer["id"],)).fetchall()
    assert [f["text"] for f in follow_ups] == [question.follow_ups[0], "And what would you do differently?"]
    assert [f["source"] for f in follow_ups] == ["bank", "custom"]
    assert all(0 < f["asked_at_seconds"] < 6 for f in follow_ups)
    note = db.execute("SELECT * FROM notes WHERE answer_id = ? AND author_kind = 'friend'", (answer["id"],)).fetchone()
    assert note["author_name"] == "Sam" and note["body"] == "Good energy; the result came late."
    assert db.execute("SELECT value_json FROM settings WHERE key = 'friend.names'").fetchone()[0] == '["Sam"]'
    db.close()


def test_the_friend_name_is_remembered_for_the_next_session(qtbot: QtBot, app_context: AppContext) -> None:
    page, _interviewer = start_friend_session(qtbot, app_context)
    page.controller.end_session()
    qtbot.waitUntil(lambda: page.controller.phase == "summary", timeout=10_000)
    qtbot.mouseClick(page.summary_view.new_button, Qt.MouseButton.LeftButton)
    # The names are read off the GUI thread, a moment after the set-up screen shows.
    qtbot.waitUntil(lambda: page.setup_view.friend_name.count() > 0, timeout=5_000)
    names = [page.setup_view.friend_name.itemText(i) for i in range(page.setup_view.friend_name.count())]
    assert names == ["Sam"]
    assert page.setup_view.friend_name.currentText() == "Sam" and page.setup_view.friend_mode.isChecked()


def test_closing_the_interviewer_window_mid_session_can_be_undone_from_the_candidate_view(
    qtbot: QtBot, app_context: AppContext
) -> None:
    page, interviewer = start_friend_session(qtbot, app_context)
    controls = [
        w
        for kind in (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit)
        for w in interviewer.findChildren(kind)
        if not w.objectName().startswith("qt_")
    ]
    assert [w for w in controls if not (w.accessibleName() or getattr(w, "text", lambda: "")())] == []
    interviewer.close()
    qtbot.waitUntil(lambda: page.interviewer is None, timeout=5000)
    assert page.session_view.interviewer_button.isVisible()
    qtbot.mouseClick(page.session_view.interviewer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.interviewer is not None and page.interviewer.isVisible(), timeout=5000)
    reopened = page.interviewer
    assert reopened is not None
    assert reopened.question_text.text() == page.controller.plan[0].text
    # Enter in the follow-up box asks it; it does not also skip the question.
    qtbot.waitUntil(lambda: page.controller.phase == "thinking", timeout=10_000)
    reopened.activateWindow()
    qtbot.waitUntil(reopened.isActiveWindow, timeout=5000)
    reopened.follow_ups.custom.setFocus()
    qtbot.keyClicks(reopened.follow_ups.custom, "Why that example?")
    qtbot.keyClick(reopened.follow_ups.custom, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Why that example?" in reopened.follow_ups.asked.text(), timeout=5000)
    assert page.controller.phase == "thinking" and page.controller.current.position == 1
    page.controller.end_session()
    qtbot.waitUntil(lambda: page.controller.phase == "summary", timeout=10_000)


def test_an_interrupted_friend_session_resumes_with_both_sheets_and_the_interviewers_window(
    qtbot: QtBot, data_dir: Path
) -> None:
    # A friend session that stopped after answer 1 was recorded: Sam had scored one point, nobody else.
    layout = DataLayout(data_dir)
    layout.ensure()
    connection = open_database(layout.database)
    create_application()
    library = load_library(None)
    plan = [QuestionSnapshot.of(q) for q in library.catalogue.questions() if q.category == "behavioural"][:2]
    repo = PracticeRepository(connection)
    setup = PracticeSetup(mode="friend", friend_name="Sam", read_aloud=False)
    session = repo.create_session(
        "friend", {"setup": setup.to_dict(), "plan": [q.to_json() for q in plan], "rubric": "default"}
    )
    criteria = library.default_rubric.applicable(plan[0].criteria, include_in_person=True)
    answer = repo.add_answer(session.id, 1, plan[0], RubricSnapshot.of(library.default_rubric, criteria))
    repo.update_answer(answer.id, status="recorded", timings=AnswerTimings(20, 120, 3.0, 45.0))
    repo.add_scores(answer.id, Scorer("friend", "Sam"), {criteria[0].id: 2})
    repo.add_follow_up(answer.id, "Why then?", "custom", 12.0)
    connection.close()

    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    try:
        with qtbot.waitSignal(context.library.loaded, timeout=10_000):
            context.start()
        context.window.show_page("practice")
        page = context.window.page("practice")
        assert isinstance(page, PracticePage)
        qtbot.waitUntil(lambda: bool(page.banners.visible_texts()), timeout=10_000)
        page.controller.resume_unfinished(session.id)
        qtbot.waitUntil(lambda: page.controller.phase == "scoring" and page.interviewer is not None, timeout=10_000)
        interviewer = page.interviewer
        assert interviewer is not None and page.controller.friend_mode
        assert [r.criterion.id for r in interviewer.sheet.rows] == [c.id for c in criteria]
        assert interviewer.sheet.rows[0].value() == 2  # Sam's score came back, on Sam's sheet only
        assert all(row.value() is None for row in page.session_view.sheet.rows)
        assert "Why then?" in interviewer.follow_ups.asked.text()
        page.controller.end_session()
        qtbot.waitUntil(lambda: page.controller.phase == "summary", timeout=10_000)
    finally:
        context.window.close()
        context.close()
