"""Review packs driven as the two people would: the candidate sends a session from History, a friend scores
it in the reviewer window of their own copy, and the candidate imports the scores file from the File menu."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext, build_context, create_application
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage import settings_keys
from interview_coach.storage.database import open_database
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.review_pack import (
    export_review_pack,
    load_draft,
    open_review_pack,
    remembered_name,
    write_scores_file,
)
from interview_coach.ui.history.history_page import HistoryPage
from interview_coach.ui.review_pack.actions import ReviewActions
from interview_coach.ui.review_pack.reviewer_window import ReviewerWindow

pytestmark = pytest.mark.audio

LEVELS = ["Poor.", "Weak.", "Fair.", "Good.", "Excellent."]
RUBRIC = {"id": "default", "title": "Standard rubric", "criteria": [
    {"id": "specific-story", "name": "Specific story", "summary": "A real example.", "levels": LEVELS},
    {"id": "fit", "name": "Fit with the role", "summary": "Ties it to the role.", "levels": LEVELS},
    {"id": "eye-contact", "name": "Eye contact", "summary": "Looks at you.", "levels": LEVELS, "in_person": True},
]}  # fmt: skip
QUESTIONS = ("Tell me about a time you disagreed with your manager.", "Why is there a gap on your CV?")


def fill(root: Path) -> int:
    """One finished session of two recorded answers, scored by the candidate; returns its id."""
    layout = DataLayout(root)
    layout.ensure()
    db = open_database(layout.database)
    start = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    ticks = iter(range(1000))
    repo = PracticeRepository(db, lambda: start + timedelta(seconds=next(ticks)))
    session = repo.create_session("solo", {"rubric": "default"})
    for position, text in enumerate(QUESTIONS, start=1):
        snapshot = {"bank_id": "core", "id": f"q{position}", "key": f"core/q{position}", "text": text,
                    "category": "behavioural" if position == 1 else "red-flag", "tags": [], "think_seconds": 30,
                    "answer_seconds": 120, "strong_answer": "A specific story with a result.",
                    "follow_ups": ["What would you do differently?"],
                    "criteria": ["specific-story", "fit", "eye-contact"],
                    "handling": "Brief and honest." if position == 2 else "",
                    **({"improper": "Asking about caring duties is unfair."} if position == 2 else {})}  # fmt: skip
        answer = repo.add_answer(
            session.id,
            position,
            QuestionSnapshot.from_json(snapshot),
            RubricSnapshot.from_json(RUBRIC),
            AnswerTimings(30, 120),
        )
        relative = f"recordings/{session.id}/{position:02d}-take.flac"
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        t = np.arange(16_000 * 2) / 16_000
        sf.write(root / relative, (0.4 * np.sin(2 * np.pi * 200 * position * t)).astype(np.float32), 16_000)
        repo.update_answer(answer.id, status="recorded", recording_path=relative,
                           timings=AnswerTimings(30, 120, 4.0, 2.0, 0.1, False))  # fmt: skip
        repo.add_scores(answer.id, SELF, {"specific-story": 3, "fit": 3})
    repo.end_session(session.id)
    db.close()
    return session.id


def start(qtbot: QtBot, folder: Path) -> AppContext:
    create_application()
    context = build_context(folder)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    return context


@pytest.fixture
def candidate(qtbot: QtBot, data_dir: Path) -> Iterator[tuple[AppContext, int]]:
    session_id = fill(data_dir)
    context = start(qtbot, data_dir)
    yield context, session_id
    context.window.close()
    context.close()


def action(context: AppContext, name: str) -> QAction:
    found = context.window.findChild(QAction, name)
    assert found is not None, name
    return found


def banner(context: AppContext) -> str:
    return context.window.banners.visible_texts().get("review", "")


def pack_from_another_folder(tmp_path: Path) -> Path:
    """A review pack made by the candidate's own copy of the app, in a folder of their own."""
    root = tmp_path / "candidate"
    session_id = fill(root)
    db = open_database(root / "interview-coach.sqlite3")
    try:
        export_review_pack(db, root, session_id, tmp_path / "alex.icreview", candidate_name="Alex")
    finally:
        db.close()
    return tmp_path / "alex.icreview"


def open_reviewer(qtbot: QtBot, context: AppContext, pack: Path) -> ReviewerWindow:
    actions = context.review_actions
    actions.choose_open = lambda *_: str(pack)
    action(context, "openReviewPackAction").trigger()
    qtbot.waitUntil(lambda: any(w.isVisible() for w in actions.windows.values()), timeout=10_000)
    (window,) = [w for w in actions.windows.values() if w.isVisible()]
    return window


# The friend's side


def test_a_friend_scores_a_pack_in_the_reviewer_window_and_saves_a_scores_file(
    qtbot: QtBot, app_context: AppContext, tmp_path: Path
) -> None:
    pack = pack_from_another_folder(tmp_path)
    window = open_reviewer(qtbot, app_context, pack)
    controller = window.controller
    assert window.windowTitle().startswith("Review of Alex")
    assert window.findChild(type(window.question), "reviewerTitle").text() == "Review Alex's answers"
    assert window.progress_label.text() == "0 of 2 answers scored"
    assert window.question.text() == QUESTIONS[0]
    assert "A specific story with a result." in window.guide.text()
    assert "should not ask" not in window.guide.text()  # a fair question carries no notice
    assert [r.criterion.id for r in window.sheet.rows] == ["specific-story", "fit"]  # no eye contact: audio only
    qtbot.waitUntil(window.player.play_button.isEnabled, timeout=10_000)
    assert window.player.waveform.duration == pytest.approx(2.0, abs=0.05)
    audio, source = app_context.audio, window.player._source
    qtbot.keyClick(window.sheet.rows[0], Qt.Key.Key_Space)  # Space plays and pauses
    qtbot.waitUntil(lambda: audio.playback(source)[1] > 0.2, timeout=10_000)
    assert window.player.play_button.text() == "Pause"
    qtbot.keyClick(window.sheet.rows[0], Qt.Key.Key_Space)
    assert audio.playback(source)[0] == "paused"
    window.player.stop()

    # Keys score the focused criterion and move on; a click scores too.
    qtbot.keyClick(window.sheet.rows[0], Qt.Key.Key_4)
    assert controller.draft.review("01").scores == {"specific-story": 4}
    assert controller.status("01") == "partly scored"
    button = window.findChild(QPushButton, "score-fit-5")
    with qtbot.waitSignal(controller.draft_saved, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.progress_label.text() == "1 of 2 answers scored"
    assert "\N{CHECK MARK} scored" in window.answers.item(0).text()

    # Next answer: Alt+Down, then a note and the friend's name, saved as they type.
    qtbot.keyClick(window.notes, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_key == "02" and window.question.text() == QUESTIONS[1]
    assert "Brief and honest." in window.guide.text()
    assert "An interviewer should not ask this." in window.guide.text() and "caring duties" in window.guide.text()
    qtbot.keyClick(window.sheet.rows[1], Qt.Key.Key_2)
    qtbot.keyClicks(window.notes, "Too long on the gap; say it once.")
    qtbot.keyClicks(window.name, "Sam")
    qtbot.waitUntil(
        lambda: "Too long" in (Path(controller.pack.folder or "") / "draft.json").read_text(), timeout=10_000
    )
    qtbot.waitUntil(lambda: remembered_name(app_context.database, settings_keys.REVIEWER_NAME) == "Sam", timeout=10_000)

    target = tmp_path / "outbox" / "for-alex"
    target.parent.mkdir()
    app_context.review_actions.choose_save = lambda *_: str(target)
    # The file exists (written on a worker) a moment before the window hears it is saved: wait for that.
    with qtbot.waitSignal(controller.scores_saved, timeout=10_000):
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_name("for-alex.icscores")
    assert saved.exists()
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["reviewer_name"] == "Sam"
    assert document["answers"] == {
        "01": {"scores": {"specific-story": 4, "fit": 5}, "note": ""},
        "02": {"scores": {"fit": 2}, "note": "Too long on the gap; say it once."},
    }
    assert "Send this file back to Alex" in window.banners.visible_texts()["review"]
    assert "1 answer not fully scored" in window.banners.visible_texts()["review"]

    # Closing keeps everything: the pack opens again on the same scores.
    window.close()
    again = open_reviewer(qtbot, app_context, pack)
    assert again is not window
    assert again.controller.draft.review("02").note == "Too long on the gap; say it once."
    assert again.name.text() == "Sam" and again.progress_label.text() == "1 of 2 answers scored"
    assert [r.value() for r in again.sheet.rows] == [4, 5]


def test_saving_without_a_name_asks_for_it_first(qtbot: QtBot, app_context: AppContext, tmp_path: Path) -> None:
    window = open_reviewer(qtbot, app_context, pack_from_another_folder(tmp_path))
    asked: list[Any] = []
    app_context.review_actions.choose_save = lambda *args: asked.append(args) or ""
    qtbot.keyClick(window.sheet.rows[0], Qt.Key.Key_3)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked == []
    assert "Type your name first, so Alex knows" in window.banners.visible_texts()["review"]
    window.close()


def test_a_file_that_is_not_a_review_pack_is_refused_with_a_message(
    qtbot: QtBot, app_context: AppContext, tmp_path: Path
) -> None:
    fake = tmp_path / "holiday.icreview"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    app_context.review_actions.choose_open = lambda *_: str(fake)
    action(app_context, "openReviewPackAction").trigger()
    qtbot.waitUntil(lambda: "cannot be opened" in banner(app_context), timeout=10_000)
    assert "holiday.icreview is not an Interview Coach review pack, or it is damaged" in banner(app_context)
    assert not app_context.review_actions.windows
    assert not (app_context.layout.root / "review_packs").exists() or not any(
        (app_context.layout.root / "review_packs").iterdir()
    )


# The candidate's side


def open_session_in_history(qtbot: QtBot, context: AppContext, session_id: int) -> HistoryPage:
    context.window.show_page("history")
    page = context.window.page("history")
    assert isinstance(page, HistoryPage)
    qtbot.waitUntil(lambda: page.list.model.rowCount() > 0, timeout=10_000)
    page.open_session(session_id)
    qtbot.waitUntil(lambda: page.review.subject is not None and page.review.subject.session_id == session_id)
    return page


def test_the_candidate_sends_a_session_from_history_and_imports_the_friends_scores(
    qtbot: QtBot, candidate: tuple[AppContext, int], tmp_path: Path
) -> None:
    context, session_id = candidate
    actions = context.review_actions
    assert isinstance(actions, ReviewActions)

    action(context, "sendForReviewAction").trigger()  # nothing chosen in History yet
    assert "Choose a session in History first" in banner(context)

    page = open_session_in_history(qtbot, context, session_id)
    send = page.review.findChild(QPushButton, "reviewSendForReview")
    assert send is not None and send.isVisible()
    pack = tmp_path / "for-sam.icreview"
    explained: list[str] = []
    actions.ask_name = lambda _parent, text, remembered: explained.append(text) or "Alex"
    actions.choose_save = lambda *_: str(pack)
    qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved the review pack" in banner(context), timeout=10_000)
    assert "Your own scores and notes are not included" in explained[0]
    assert "2 answers" in banner(context)

    # The friend, in a data folder of their own.
    friend_pack = open_review_pack(pack, tmp_path / "friend")
    assert friend_pack.candidate_name == "Alex"
    draft = load_draft(friend_pack)
    draft.reviewer_name = "Sam"
    draft.set_score("01", "specific-story", 5)
    draft.set_score("02", "fit", 1)
    draft.set_note("02", "Say it once and move on.")
    scores = write_scores_file(friend_pack, draft, tmp_path / "from-sam.icscores")

    actions.choose_open = lambda *_: str(scores)
    action(context, "importScoresAction").trigger()
    qtbot.waitUntil(lambda: banner(context).startswith("Imported"), timeout=10_000)
    assert "Imported Sam's scores for 2 answers of the session of 01 Nov 2026" in banner(context)
    # Review, open on this session, reads it again after the import.
    qtbot.waitUntil(
        lambda: (
            page.review.subject is not None and any(a.friend_scores.get("Sam") for a in page.review.subject.answers)
        ),
        timeout=10_000,
    )
    repo = PracticeRepository(context.database)
    ids = [a.id for a in repo.answers_for_session(session_id)]
    assert {s.scorer: s.values for s in repo.current_scores(ids[0])} == {
        SELF: {"specific-story": 3, "fit": 3},
        Scorer("friend", "Sam"): {"specific-story": 5},
    }
    assert [n.body for n in repo.notes(ids[1]) if n.author == Scorer("friend", "Sam")] == ["Say it once and move on."]
    # History, open on this session, shows Sam's score beside the candidate's own.
    page.review.answers.setCurrentRow(0)
    panel = page.review.panel
    qtbot.waitUntil(lambda: panel.detail is not None and len(panel.detail.sheets) == 2, timeout=10_000)
    assert [panel.scores.horizontalHeaderItem(c).text() for c in range(panel.scores.columnCount())] == ["You", "Sam"]

    action(context, "importScoresAction").trigger()  # the same file again
    qtbot.waitUntil(lambda: "already imported" in banner(context), timeout=10_000)
    assert "nothing changed" in banner(context)
    assert len(repo.score_history(ids[0])) == 3  # two of the candidate's, one of Sam's
