"""The demo practice history: the shape a real person's data has, read back through the app's own API."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from statistics import mean

import pytest
import soundfile as sf

from bench.demo_data import DemoSummary, generate, main
from interview_coach.domain.library import Library
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.domain.questions import RED_FLAG
from interview_coach.domain.records import AnswerRecord, SessionRecord
from interview_coach.storage.database import open_database
from interview_coach.storage.library import load_library
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository

END = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


class History:
    """Everything generate() wrote, loaded back with PracticeRepository."""

    def __init__(self, connection: sqlite3.Connection, summary: DemoSummary) -> None:
        self.summary = summary
        self.repo = PracticeRepository(connection)
        self.sessions: list[SessionRecord] = sorted(self.repo.sessions(), key=lambda s: s.started_at)
        self.answers: dict[int, list[AnswerRecord]] = {s.id: self.repo.answers_for_session(s.id) for s in self.sessions}
        self.all_answers = [a for s in self.sessions for a in self.answers[s.id]]
        self.self_scores = self.repo.current_self_scores([a.id for a in self.all_answers])


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


def open_layout(root: Path) -> tuple[DataLayout, sqlite3.Connection]:
    layout = DataLayout(root)
    layout.ensure()
    return layout, open_database(layout.database)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Iterator[History]:
    _layout, connection = open_layout(tmp_path_factory.mktemp("demo"))
    summary = generate(connection, end=END, catalogue=library.catalogue, rubric=library.default_rubric)
    yield History(connection, summary)
    connection.close()


def test_the_counts_are_as_asked(history: History) -> None:
    assert len(history.sessions) == 80 == history.summary.sessions
    assert len(history.all_answers) == 700 == history.summary.answers
    sizes = [len(answers) for answers in history.answers.values()]
    assert min(sizes) >= 4 and max(sizes) <= 15
    scores = sum(len(history.repo.score_history(a.id)) for a in history.all_answers)
    assert scores == history.summary.scores


def test_six_months_of_uneven_practice_up_to_the_end(history: History) -> None:
    first, last = history.sessions[0].started_at, history.sessions[-1].started_at
    assert END - timedelta(days=186) <= first < END - timedelta(days=160)
    assert END - timedelta(days=10) < last < END
    stamps = [a.created_at for a in history.all_answers] + [
        s.finished_at for s in history.sessions if s.finished_at is not None
    ]
    assert max(stamps) < END
    days = sorted({s.started_at.date() for s in history.sessions})
    gaps = [(b - a).days for a, b in pairwise(days)]
    assert gaps.count(1) >= 10  # streaks of days in a row
    assert max(gaps) >= 7  # and at least a week off
    per_day = defaultdict(int)
    for session in history.sessions:
        per_day[session.started_at.date()] += 1
    assert max(per_day.values()) >= 2  # busy days before an interview
    # Sessions never overlap: each starts after the one before has finished.
    for earlier, later in pairwise(history.sessions):
        assert earlier.finished_at is not None and earlier.finished_at < later.started_at


def test_every_session_is_finished_except_perhaps_the_last(history: History) -> None:
    assert all(s.status == "finished" for s in history.sessions[:-1])
    last = history.sessions[-1]
    if last.status != "finished":
        assert last.status == "in_progress" and history.summary.unfinished_session == last.id
        assert len(last.settings["plan"]) > max(a.position for a in history.answers[last.id])


def test_sessions_hold_real_questions_and_the_default_rubric(history: History, library: Library) -> None:
    rubric_ids = set(library.default_rubric.criterion_ids())
    for session in history.sessions:
        setup = PracticeSetup.from_dict(session.settings["setup"])
        assert json.loads(json.dumps(setup.to_dict())) == session.settings["setup"]  # a setup the app reads
        plan_keys = [q["key"] for q in session.settings["plan"]]
        answers = history.answers[session.id]
        assert [a.question_key for a in answers if a.attempt == 1] == plan_keys[: len({a.position for a in answers})]
        for answer in answers:
            question = library.catalogue.question(answer.question_key)
            assert question is not None and answer.question.text == question.text
            assert answer.category == question.category
            assert answer.rubric.id == "default"
            assert {c.id for c in answer.rubric.criteria} <= rubric_ids
    mock = [s for s in history.sessions if s.settings["setup"]["mock_interview"]]
    assert mock and all(history.answers[s.id][0].category == "opening" for s in mock)


def test_redos_skips_and_timings_around_the_limit(history: History) -> None:
    answers = history.all_answers
    redos = [a for a in answers if a.attempt > 1]
    assert 20 <= len(redos) == history.summary.redos
    skipped = [a for a in answers if a.status == "skipped"]
    assert 3 <= len(skipped) <= 40
    assert all(not history.self_scores[a.id] and a.timings.answer_seconds is None for a in skipped)
    recorded = [a for a in answers if a.status == "recorded"]
    over = [a for a in recorded if a.timings.over_limit]
    assert 0.05 < len(over) / len(recorded) < 0.16
    for answer in recorded:
        timings = answer.timings
        assert timings.answer_seconds is not None and timings.answer_limit_seconds is not None
        assert timings.over_limit == (timings.answer_seconds > timings.answer_limit_seconds)
        assert 0.25 * timings.answer_limit_seconds < timings.answer_seconds < 1.4 * timings.answer_limit_seconds
        assert timings.think_seconds is not None and timings.think_limit_seconds is not None
        assert 0 < timings.think_seconds <= timings.think_limit_seconds


def criterion_means(history: History, answers: list[AnswerRecord]) -> dict[str, float]:
    values: dict[str, list[int]] = defaultdict(list)
    for answer in answers:
        for criterion, value in history.self_scores[answer.id].items():
            values[criterion].append(value)
    return {criterion: mean(v) for criterion, v in values.items()}


def test_scores_improve_from_the_first_month_to_the_last(history: History) -> None:
    start = history.sessions[0].started_at
    first = [a for a in history.all_answers if a.created_at < start + timedelta(days=30)]
    last = [a for a in history.all_answers if a.created_at > END - timedelta(days=30)]
    early, late = criterion_means(history, first), criterion_means(history, last)
    overall_early = mean(v for a in first for v in history.self_scores[a.id].values())
    overall_late = mean(v for a in last for v in history.self_scores[a.id].values())
    assert overall_late > overall_early + 0.5
    # A specific story starts weak and improves the most.
    gains = {criterion: late[criterion] - early[criterion] for criterion in early}
    assert early["specific-story"] < 2.6
    assert gains["specific-story"] == max(gains.values())


def test_red_flags_stay_harder_than_stories(history: History) -> None:
    by_category: dict[str, list[int]] = defaultdict(list)
    for answer in history.all_answers:
        by_category[answer.category].extend(history.self_scores[answer.id].values())
    assert mean(by_category[RED_FLAG]) < mean(by_category["behavioural"]) - 0.3
    means = criterion_means(history, history.all_answers)
    assert means["red-flag-handling"] == min(means.values())


def test_some_answers_were_scored_again_later(history: History) -> None:
    rescored = 0
    for answer in history.all_answers:
        own = [r for r in history.repo.score_history(answer.id) if r.scorer.kind == "self"]
        stamps = sorted({r.scored_at for r in own})
        if len(stamps) > 1:
            rescored += 1
            assert stamps[-1] - stamps[0] > timedelta(hours=12)  # a later review, not the session itself
            latest = {r.criterion_id: r.value for r in own}  # history is in time order: the last one wins
            assert history.self_scores[answer.id] == latest
    assert 15 <= rescored <= 100


def test_friends_score_sessions_with_their_own_sheets(history: History) -> None:
    friend_sessions = [s for s in history.sessions if s.mode == "friend"]
    assert 0.08 <= len(friend_sessions) / len(history.sessions) <= 0.25
    assert len(friend_sessions) == history.summary.friend_sessions
    names = set()
    for session in friend_sessions:
        name = session.settings["friend"]
        names.add(name)
        for answer in history.answers[session.id]:
            if answer.status != "recorded":
                continue
            sheets = {sheet.scorer.label: sheet.values for sheet in history.repo.current_scores(answer.id)}
            assert set(sheets) == {"You", name}
            assert "eye-contact" in sheets[name]  # in the room, the friend judges eye contact
            assert "eye-contact" not in sheets["You"]
    assert names == {"Sam", "Priya"}
    assert all(s.settings.get("friend") is None for s in history.sessions if s.mode == "solo")


def test_short_notes_on_about_a_quarter_of_the_answers(history: History) -> None:
    own_notes = []
    for answer in history.all_answers:
        own_notes += [n for n in history.repo.notes(answer.id) if n.author.kind == "self"]
    assert 0.15 < len(own_notes) / len(history.all_answers) < 0.35
    assert all(0 < len(n.body) < 120 for n in own_notes)
    assert len({n.body for n in own_notes}) >= 15


def test_the_same_seed_gives_the_same_history(tmp_path: Path, library: Library) -> None:
    dumps = []
    for name in ("a", "b"):
        _layout, connection = open_layout(tmp_path / name)
        generate(connection, sessions=12, answers=100, end=END, catalogue=library.catalogue, seed=5)
        dumps.append(list(connection.iterdump()))
        connection.close()
    assert dumps[0] == dumps[1]


@pytest.mark.parametrize(("sessions", "answers"), [(30, 400), (20, 80), (3, 45)])
def test_any_total_is_met_exactly(tmp_path: Path, library: Library, sessions: int, answers: int) -> None:
    _layout, connection = open_layout(tmp_path)
    summary = generate(connection, sessions=sessions, answers=answers, months=2, end=END, catalogue=library.catalogue)
    counts = connection.execute("SELECT COUNT(*) FROM answers GROUP BY session_id").fetchall()
    connection.close()
    assert summary.sessions == len(counts) == sessions and summary.answers == sum(c[0] for c in counts) == answers
    assert all(4 <= c[0] <= 15 for c in counts)


def test_impossible_requests_are_refused(tmp_path: Path) -> None:
    _layout, connection = open_layout(tmp_path)
    with pytest.raises(ValueError, match="one answer per session"):
        generate(connection, sessions=10, answers=5)
    with pytest.raises(ValueError, match="recordings_root"):
        generate(connection, sessions=1, answers=4, recordings=2)
    connection.close()


def test_recent_answers_get_real_spoken_recordings(tmp_path: Path, library: Library) -> None:
    layout, connection = open_layout(tmp_path / "data")
    summary = generate(connection, sessions=6, answers=30, end=END, recordings_root=layout.root, recordings=3, seed=3)
    repo = PracticeRepository(connection)
    answers = sorted((a for s in repo.sessions() for a in repo.answers_for_session(s.id)), key=lambda a: a.created_at)
    connection.close()
    with_files = [a for a in answers if a.recording_path]
    assert summary.recordings == len(with_files) == 3
    recorded = [a for a in answers if a.status == "recorded"]
    assert with_files == recorded[-3:]  # the most recent answers
    for answer in with_files:
        assert answer.recording_path is not None
        assert re.fullmatch(
            rf"recordings/{answer.session_id}/{answer.position:02d}-[0-9a-f]{{8}}\.flac", answer.recording_path
        )
        info = sf.info(str(layout.root / answer.recording_path))
        assert info.format == "FLAC" and info.samplerate == 16000 and info.channels == 1
        assert info.duration == pytest.approx(answer.timings.answer_seconds, abs=0.01)
        assert info.duration > 5
        assert (layout.root / answer.recording_path).stat().st_mode & 0o077 == 0


def test_the_command_line_fills_an_empty_data_folder_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "demo"
    assert main([str(folder), "--sessions", "5", "--answers", "30"]) == 0
    out = capsys.readouterr().out
    assert "5 sessions" in out and "30 answers" in out and f"INTERVIEW_COACH_DATA_DIR={folder}" in out
    assert main([str(folder), "--sessions", "5", "--answers", "30"]) == 1
    assert "already holds 5 sessions" in capsys.readouterr().err
    connection = open_database(DataLayout(folder).database)
    assert len(PracticeRepository(connection).sessions()) == 5
    connection.close()
