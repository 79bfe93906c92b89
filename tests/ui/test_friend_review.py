"""After a friend-mode session: Review keeps the friend's scores blind until the candidate has scored, shows
the follow-ups asked, and Progress tells how far self-scores sit from friends' scores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext, build_context, create_application
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.ui.history.answer_panel import RescoreDialog
from interview_coach.ui.history.history_page import HistoryPage
from interview_coach.ui.progress.progress_page import ProgressPage

SAM = Scorer("friend", "Sam")
CRITERIA = [
    {"id": "enthusiasm", "name": "Enthusiasm", "summary": "", "levels": ["1", "2", "3", "4", "5"], "in_person": False},
    {"id": "fit", "name": "Fit with the role", "summary": "", "levels": ["1", "2", "3", "4", "5"], "in_person": False},
    {"id": "eye-contact", "name": "Eye contact", "summary": "", "levels": ["1", "2", "3", "4", "5"], "in_person": True},
]


def question(n: int) -> dict:
    return {"key": f"motivation/q{n}", "bank_id": "motivation", "id": f"q{n}", "category": "motivation",
            "text": f"Why this role, take {n}?", "criteria": ["enthusiasm", "fit", "eye-contact"]}  # fmt: skip


@pytest.fixture
def friend_session(qtbot: QtBot, data_dir: Path) -> Iterator[tuple[AppContext, list[int]]]:
    layout = DataLayout(data_dir)
    layout.ensure()
    connection = open_database(layout.database)
    repo = PracticeRepository(connection)
    session = repo.create_session("friend", {"setup": {"mode": "friend", "friend_name": "Sam"}})
    ids = []
    for n in range(1, 5):
        answer = repo.add_answer(session.id, n, QuestionSnapshot.from_json(question(n)),
                                 RubricSnapshot.from_json({"id": "default", "criteria": CRITERIA}),
                                 AnswerTimings(60, 120, 5, 70))  # fmt: skip
        repo.update_answer(answer.id, status="recorded")
        repo.add_scores(answer.id, SAM, {"enthusiasm": 3, "fit": 3, "eye-contact": 4})
        if n > 1:  # the first answer is not self-scored yet
            repo.add_scores(answer.id, SELF, {"enthusiasm": 5, "fit": 3})
        ids.append(answer.id)
    repo.add_follow_up(ids[1], "What would your first month look like?", "bank", 41.0)
    repo.set_note(ids[0], SAM, "Sounded rehearsed.")
    repo.end_session(session.id)
    connection.close()
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    yield context, ids
    context.window.close()
    context.close()


def open_answer(qtbot: QtBot, context: AppContext, index: int) -> HistoryPage:
    context.window.show_page("history")
    page = context.window.page("history")
    assert isinstance(page, HistoryPage)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=10_000)
    page.open_session(page.list.model.sessions[0].id)
    qtbot.waitUntil(lambda: page.review.subject is not None, timeout=10_000)
    page.review.answers.setCurrentRow(index)
    wanted = page.review.subject.answers[index].answer_id
    qtbot.waitUntil(lambda: page.review.panel.detail is not None and page.review.panel.detail.answer.id == wanted,
                    timeout=10_000)  # fmt: skip
    return page


def headers(page: HistoryPage) -> list[str]:
    table = page.review.panel.scores
    return [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]


def test_a_friends_scores_and_notes_stay_hidden_until_the_candidate_has_scored(
    qtbot: QtBot, friend_session: tuple[AppContext, list[int]]
) -> None:
    context, ids = friend_session
    page = open_answer(qtbot, context, 0)
    panel = page.review.panel
    assert headers(page) == ["You"]
    assert panel.hidden_friends.isVisible() and "Sam scored this answer too" in panel.hidden_friends.text()
    assert not panel.other_notes.isVisible() and "Sam" not in panel.history.text()

    with qtbot.waitSignal(context.history.detail_ready, timeout=10_000):
        panel.rescore_requested.emit(ids[0], {"enthusiasm": 4, "fit": 2})
    qtbot.waitUntil(lambda: headers(page) == ["You", "Sam"], timeout=10_000)
    assert not panel.hidden_friends.isVisible()
    assert panel.other_notes.isVisible() and "Sounded rehearsed." in panel.other_notes.text()
    eye_row = [c["id"] for c in CRITERIA].index("eye-contact")
    assert panel.scores.item(eye_row, 0).text() == "–" and panel.scores.item(eye_row, 1).text() == "4"


def test_review_lists_the_follow_ups_asked_with_their_time(
    qtbot: QtBot, friend_session: tuple[AppContext, list[int]]
) -> None:
    context, _ids = friend_session
    panel = open_answer(qtbot, context, 1).review.panel
    assert panel.follow_ups.isVisible()
    assert "at 0:41" in panel.follow_ups.text() and "What would your first month look like?" in panel.follow_ups.text()
    assert headers(open_answer(qtbot, context, 1)) == ["You", "Sam"]


def test_progress_says_how_far_self_scores_sit_from_friends(
    qtbot: QtBot, friend_session: tuple[AppContext, list[int]]
) -> None:
    context, _ids = friend_session
    context.window.show_page("progress")
    page = context.window.page("progress")
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.report is not None and bool(page.calibration_text.text()), timeout=10_000)
    # Three answers scored by both: enthusiasm 5 against Sam's 3 each time; fit the same.
    assert "You rate your enthusiasm 2.0 points higher than your friends do." in page.calibration_text.text()
    assert page.calibration_text.text().count("You rate") == 1  # fit: no gap, so nothing to call out
    assert page.calibration_view.isVisible()
    series = page.calibration_view.chart().series()
    assert len(series) == 1
    values = sorted(series[0].barSets()[0].at(i) for i in range(series[0].barSets()[0].count()))
    assert values == [0.0, 2.0]


def test_a_friend_or_coach_can_score_an_answer_later_in_review(
    qtbot: QtBot, friend_session: tuple[AppContext, list[int]]
) -> None:
    context, ids = friend_session
    page = open_answer(qtbot, context, 1)
    panel = page.review.panel
    seen: list[list[str]] = []

    def score_in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RescoreDialog)
        seen.append([row.criterion.id for row in dialog.sheet.rows])
        dialog.who.setEditText("Coach Ana")  # someone listening with the candidate
        seen.append([row.criterion.id for row in dialog.sheet.rows])
        for row, value in zip(dialog.sheet.rows, (2, 3, 4), strict=True):
            row.setFocus()
            qtbot.keyClick(row, Qt.Key(Qt.Key.Key_0 + value))
        dialog.accept()

    QTimer.singleShot(0, score_in_dialog)
    with qtbot.waitSignal(context.history.detail_ready, timeout=10_000):
        qtbot.mouseClick(panel.rescore_button, Qt.MouseButton.LeftButton)
    assert seen == [["enthusiasm", "fit"], ["enthusiasm", "fit", "eye-contact"]]  # in person: not for yourself
    qtbot.waitUntil(lambda: "Coach Ana" in headers(page), timeout=10_000)
    sheets = {s.scorer: s.values for s in PracticeRepository(context.database).current_scores(ids[1])}
    assert sheets[Scorer("friend", "Coach Ana")] == {"enthusiasm": 2, "fit": 3, "eye-contact": 4}
    assert sheets[SELF] == {"enthusiasm": 5, "fit": 3} and sheets[SAM]["enthusiasm"] == 3  # others untouched
