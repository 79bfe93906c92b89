"""Preferences for delivery feedback: on/off and the model persist; earlier answers are analysed in the
background with progress, a missing recording is counted, not fatal, and Cancel stops the run."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile as sf
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.domain.records import AnswerTimings
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.analysis_repository import AnalysisRepository
from interview_coach.storage.app_settings import read_analysis_settings
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.ui.settings_dialog import SettingsDialog
from tests.support.answers import ANSWERS, make_answer

pytestmark = pytest.mark.audio
QUESTION = {"key": "opening/intro", "bank_id": "opening", "id": "intro", "category": "opening", "text": "Intro?"}
RUBRIC = {"id": "default", "title": "Default", "criteria": [{"id": "delivery", "name": "Delivery"}]}


def earlier_answers(context: AppContext, tmp_path: Path, *, missing: int = 0) -> list[int]:
    """Recorded answers from before analysis existed: real speech as FLAC, and `missing` with no file."""
    repo = PracticeRepository(context.database)
    session = repo.create_session("solo")
    ids = []
    for position, parts in enumerate(ANSWERS[:2] + [ANSWERS[0]] * missing, start=1):
        answer = repo.add_answer(
            session.id,
            position,
            QuestionSnapshot.from_json(QUESTION),
            RubricSnapshot.from_json(RUBRIC),
            AnswerTimings(),
        )
        relative = f"recordings/{session.id}/{position:02d}.flac"
        if position <= 2:
            spoken = make_answer(tmp_path / f"{position}.wav", parts)
            data, rate = sf.read(spoken.path)
            (context.layout.root / relative).parent.mkdir(parents=True, exist_ok=True)
            sf.write(context.layout.root / relative, data, rate, format="FLAC")
        repo.update_answer(answer.id, status="recorded", recording_path=relative)
        ids.append(answer.id)
    repo.end_session(session.id)
    return ids


def open_preferences(context: AppContext) -> SettingsDialog:
    context.window.findChild(QAction, "preferencesAction").trigger()
    dialog = context.window.findChild(QDialog, "settingsDialog")
    assert isinstance(dialog, SettingsDialog) and dialog.analysis is not None
    return dialog


def test_earlier_answers_are_analysed_with_progress_and_a_missing_recording_is_counted(
    qtbot: QtBot, app_context: AppContext, tmp_path: Path
) -> None:
    ids = earlier_answers(app_context, tmp_path, missing=1)
    group = open_preferences(app_context).analysis
    assert group is not None
    qtbot.waitUntil(lambda: group.backlog_button.text() == "Analyse 3 earlier answers", timeout=10_000)
    progress: list[tuple[int, int]] = []
    app_context.delivery.backlog_progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(app_context.delivery.backlog_finished, timeout=180_000):
        qtbot.mouseClick(group.backlog_button, Qt.MouseButton.LeftButton)
    assert progress[-1] == (3, 3)
    assert group.status.text() == "Analysed 2 answers, 1 failed."
    assert "recording is missing" in group.status.toolTip()
    qtbot.waitUntil(lambda: len(AnalysisRepository(app_context.database).for_answers(ids)) == 2, timeout=10_000)
    assert AnalysisRepository(app_context.database).search("engineers")
    qtbot.waitUntil(lambda: "Analyse 1 earlier answer" in group.backlog_button.text(), timeout=10_000)
    group.window().grab().save("/tmp/delivery-preferences.png")


def test_cancel_stops_the_run_and_says_so(qtbot: QtBot, app_context: AppContext, tmp_path: Path) -> None:
    earlier_answers(app_context, tmp_path)
    group = open_preferences(app_context).analysis
    assert group is not None
    qtbot.waitUntil(lambda: group.backlog_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(app_context.delivery.backlog_finished, timeout=120_000) as finished:
        qtbot.mouseClick(group.backlog_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(group.cancel_button, Qt.MouseButton.LeftButton)
    analysed, _failed, cancelled = finished.args
    assert cancelled and analysed < 2
    assert "before you cancelled" in group.status.text()


def test_the_switch_and_the_model_are_saved(qtbot: QtBot, app_context: AppContext) -> None:
    group = open_preferences(app_context).analysis
    assert group is not None and group.enabled.isChecked()  # on by default
    group.enabled.setChecked(False)
    group.model.setCurrentIndex(group.model.findData("small.en"))
    qtbot.waitUntil(lambda: read_analysis_settings(app_context.database).model == "small.en", timeout=5_000)
    saved = read_analysis_settings(app_context.database)
    assert not saved.enabled and not app_context.delivery.settings.enabled
