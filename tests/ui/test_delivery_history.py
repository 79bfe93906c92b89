"""Delivery analyses in History, Review and Progress: search inside what was said, the transcript beside
the waveform (words seek, fillers highlighted, long pauses shaded), and the figures over time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bench.demo_data import generate
from bench.demo_delivery import add_delivery
from interview_coach.app import AppContext, build_context, create_application
from interview_coach.domain.delivery import analyse_delivery
from interview_coach.storage.analysis_repository import AnalysisRepository
from interview_coach.storage.database import open_database
from interview_coach.storage.history_repository import load_history
from interview_coach.storage.locations import DataLayout
from interview_coach.ui.history.history_page import HistoryPage
from interview_coach.ui.progress.progress_page import ProgressPage
from tests.support.timed_words import timed_words

pytestmark = pytest.mark.audio
END = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)


@pytest.fixture
def analysed(qtbot: QtBot, data_dir: Path) -> Iterator[AppContext]:
    layout = DataLayout(data_dir)
    layout.ensure()
    connection = open_database(layout.database)
    generate(connection, sessions=12, answers=70, months=2, end=END, recordings_root=data_dir, recordings=2)
    add_delivery(connection)
    connection.close()
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    yield context
    context.window.close()
    context.close()


def open_history(qtbot: QtBot, context: AppContext) -> HistoryPage:
    context.window.show_page("history")
    page = context.window.page("history")
    assert isinstance(page, HistoryPage)
    qtbot.waitUntil(lambda: page.list.model.rowCount() > 0, timeout=10_000)
    return page


def test_history_search_finds_words_said_in_an_answer(qtbot: QtBot, analysed: AppContext) -> None:
    page = open_history(qtbot, analysed)
    total = page.list.model.rowCount()
    # A word only one answer's transcript holds (not in any question, note or bank name).
    history = load_history(analysed.database)
    target = history.sessions[-1].answers[0]
    repository = AnalysisRepository(analysed.database)
    stored = repository.get(target.answer_id)
    assert stored is not None
    repository.save(target.answer_id, replace(stored, transcript="we rebuilt the zeppelin scheduler"))
    page.list.search.setText("zeppelin")
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=10_000)
    assert page.list.model.sessions[0].id == target.session_id
    page.list.search.setText("zeppelin nothing-said-like-this")
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 0, timeout=10_000)
    page.list.search.setText("")
    qtbot.waitUntil(lambda: page.list.model.rowCount() == total, timeout=10_000)


def test_review_shows_the_transcript_beside_the_waveform_and_words_seek(qtbot: QtBot, analysed: AppContext) -> None:
    page = open_history(qtbot, analysed)
    history = load_history(analysed.database)
    recorded = next(a for a in history.answers() if a.recording_path)
    figures = AnalysisRepository(analysed.database).get(recorded.answer_id)
    assert figures is not None
    # Known words with a long pause, so the marks and the seek can be checked exactly.
    words = timed_words("Um, I led the team. So we shipped it.", start=0.5, step=0.3)
    known = analyse_delivery(words, [(0.5, 1.7), (4.0, 5.5)], model="tiny.en")
    AnalysisRepository(analysed.database).save(recorded.answer_id, known)
    page.open_session(recorded.session_id)
    qtbot.waitUntil(lambda: page.review.subject is not None and page.review.subject.session_id == recorded.session_id)
    ids = [a.answer_id for a in page.review.subject.answers]
    page.review.answers.setCurrentRow(ids.index(recorded.answer_id))
    panel = page.review.panel
    qtbot.waitUntil(lambda: panel.delivery.shown == known, timeout=10_000)  # (the first answer shows first)
    qtbot.waitUntil(lambda: page.player.play_button.isEnabled(), timeout=10_000)
    assert page.player.waveform.marks == [(1.7, 2.3)]
    html = panel.delivery.transcript.text()
    assert "[pause 2.3 s]" in html and "background" in html  # the pause marked, "Um," highlighted
    links = re.findall(r'href="([0-9.]+)"', html)
    assert len(links) == len(words)
    panel.delivery.transcript.linkActivated.emit(links[5])  # "So"
    assert page.player.waveform._position == pytest.approx(float(links[5]))
    page.grab().save("/tmp/delivery-review.png")


def test_progress_draws_delivery_over_time_with_the_norm_band(qtbot: QtBot, analysed: AppContext) -> None:
    analysed.window.show_page("progress")
    page = analysed.window.page("progress")
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: page.report is not None and page.report.delivery_analysed > 0, timeout=15_000)
    card = page.delivery
    chart = card.view.chart()
    names = [series.name() for series in chart.series()]
    assert names[0] == "Usual range (130-160)" and "Pace, per session" in names
    card.figure.setCurrentIndex(card.figure.findData("fillers_per_minute"))
    names = [series.name() for series in chart.series()]
    assert names[0] == "Usual range (0-5)"
    dots = next(s for s in chart.series() if s.name().endswith("per session"))
    values = [dots.at(i).y() for i in range(dots.count())]
    assert values[0] > values[-1]  # the demo history's fillers fall over the months
    card.figure.setCurrentIndex(card.figure.findData("long_pauses"))
    assert not any(s.name().startswith("Usual range") for s in chart.series())  # no sourced norm, no band
    assert "analysed answers" in card.note.text()
    assert card.calibration.text().startswith("When you gave Delivery 5")  # self-scores against the measure
    card.figure.setCurrentIndex(0)
    card.grab().save("/tmp/delivery-progress.png")


def test_all_attempts_at_a_question_show_what_was_said_side_by_side(qtbot: QtBot, analysed: AppContext) -> None:
    page = open_history(qtbot, analysed)
    history = load_history(analysed.database)
    keys: dict[str, list[int]] = {}
    for answer in history.answers():
        if answer.answer_id in history.delivery:
            keys.setdefault(answer.question_key, []).append(answer.answer_id)
    key = max(keys, key=lambda k: len(keys[k]))
    assert len(keys[key]) > 1
    page.open_attempts(key)
    panel = page.review.panel
    qtbot.waitUntil(lambda: panel.attempt_transcripts.isVisible(), timeout=10_000)
    text = panel.attempt_transcripts.text()
    assert text.count("fillers/min") == len(keys[key])
    assert "billing system" in text  # the demo answers' words
    qtbot.wait(300)  # let the layout settle before the picture
    panel.attempt_transcripts.parentWidget().grab().save("/tmp/delivery-attempts.png")
