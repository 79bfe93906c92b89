"""The app itself, running on a database whose recording paths lead out of the data folder (however they
got there): deleting a session, deleting an answer, closing the app, ending a session with recordings off,
and opening an answer's detail never touch, move, chmod or play a file outside the data folder."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext, build_context, create_application
from interview_coach.domain.records import SELF, AnswerTimings
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.app_settings import set_keeps_recordings
from interview_coach.storage.database import open_database
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository

QUESTION = {"bank_id": "opening", "id": "about", "key": "opening/about", "text": "Tell me about yourself.",
            "category": "opening", "tags": [], "think_seconds": 30, "answer_seconds": 120, "strong_answer": "",
            "follow_ups": [], "criteria": ["fit"], "handling": ""}  # fmt: skip
RUBRIC = {"id": "default", "title": "Rubric", "criteria": [{"id": "fit", "name": "Fit with the role"}]}


@dataclass
class Victim:
    folder: Path
    file: Path

    def state(self) -> tuple[bytes, int, int]:
        return self.file.read_bytes(), stat.S_IMODE(self.file.stat().st_mode), stat.S_IMODE(self.folder.stat().st_mode)


@dataclass
class Running:
    context: AppContext
    victim: Victim
    session_id: int
    answer_ids: list[int]


@pytest.fixture
def running(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> Iterator[Running]:
    folder = tmp_path / "someone-elses"
    folder.mkdir()
    folder.chmod(0o755)
    victim = Victim(folder, folder / "victim.txt")
    victim.file.write_text("precious", encoding="utf-8")
    victim.file.chmod(0o644)

    layout = DataLayout(data_dir)
    layout.ensure()
    connection = open_database(layout.database)
    repo = PracticeRepository(connection)
    session = repo.create_session("solo", {})
    hostile = [os.path.relpath(victim.file, data_dir), str(victim.file), "recordings/../../someone-elses/victim.txt"]
    answer_ids = []
    for position, path in enumerate(hostile, start=1):
        answer = repo.add_answer(
            session.id,
            position,
            QuestionSnapshot.from_json(QUESTION),
            RubricSnapshot.from_json(RUBRIC),
            AnswerTimings(30, 120, 3.0, 40.0),
        )
        repo.add_scores(answer.id, SELF, {"fit": 3})
        connection.execute("UPDATE answers SET recording_path = ?, status = 'recorded' WHERE id = ?", (path, answer.id))
        answer_ids.append(answer.id)
    connection.close()

    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    yield Running(context, victim, session.id, answer_ids)
    context.window.close()
    context.close()


def test_deleting_a_session_and_closing_the_app_leaves_a_file_outside_alone(qtbot: QtBot, running: Running) -> None:
    before = running.victim.state()
    history = running.context.history
    history.delete_session(running.session_id, "the session")
    qtbot.waitUntil(lambda: history.can_undo, timeout=10_000)
    assert running.victim.state() == before
    running.context.close()  # deletions become final: the trash is emptied
    assert running.victim.state() == before


def test_deleting_one_answer_leaves_the_folder_outside_alone(qtbot: QtBot, running: Running) -> None:
    before = running.victim.state()
    history = running.context.history
    history.delete_answer(running.answer_ids[1], running.session_id, "the answer")
    qtbot.waitUntil(lambda: history.can_undo, timeout=10_000)
    running.context.close()
    assert running.victim.state() == before


def test_ending_a_session_with_recordings_off_leaves_a_file_outside_alone(qtbot: QtBot, running: Running) -> None:
    before = running.victim.state()
    set_keeps_recordings(running.context.database, False)
    with qtbot.waitSignal(running.context.practice_controller.unfinished_found, timeout=10_000):
        running.context.practice_controller.close_session(running.session_id)
    assert running.victim.state() == before


def test_an_answer_whose_path_leads_out_is_shown_without_a_recording(qtbot: QtBot, running: Running) -> None:
    history = running.context.history
    for answer_id in running.answer_ids:
        with qtbot.waitSignal(history.detail_ready, timeout=10_000) as ready:
            history.load_detail(answer_id)
        assert ready.args[0].answer.recording_path is None
