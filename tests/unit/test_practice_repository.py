"""Sessions, answers, scores and notes as the practice screens will store them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interview_coach.domain.library import Library
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.library import load_library
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.settings_repository import SettingsRepository


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[PracticeRepository]:
    db = open_database(tmp_path / "db.sqlite3")
    yield PracticeRepository(db, FakeClock())
    db.close()


def snapshot(library: Library, key: str = "opening/tell-me-about-yourself") -> tuple[QuestionSnapshot, RubricSnapshot]:
    question = library.catalogue.question(key)
    assert question is not None
    return QuestionSnapshot.of(question), RubricSnapshot.of(library.default_rubric)


def test_a_session_keeps_its_mode_settings_and_end(repo: PracticeRepository) -> None:
    session = repo.create_session("friend", {"friend": "Sam", "questions": 5})
    assert session.status == "in_progress" and session.finished_at is None
    repo.end_session(session.id)
    stored = repo.session(session.id)
    assert stored.mode == "friend" and stored.settings["friend"] == "Sam"
    assert stored.status == "finished" and stored.finished_at is not None
    assert stored.finished_at > stored.started_at
    assert [s.id for s in repo.sessions("in_progress")] == []


def test_sessions_list_newest_first(repo: PracticeRepository) -> None:
    first = repo.create_session("solo")
    second = repo.create_session("solo")
    assert [s.id for s in repo.sessions()] == [second.id, first.id]


def test_an_answer_keeps_a_snapshot_so_bank_edits_do_not_rewrite_history(
    repo: PracticeRepository, library: Library
) -> None:
    session = repo.create_session("solo")
    question, rubric = snapshot(library)
    answer = repo.add_answer(session.id, 1, question, rubric, AnswerTimings(30, 120))
    stored = repo.answer(answer.id)
    assert stored.question.text == "Tell me about yourself."
    assert stored.question_key == "opening/tell-me-about-yourself"
    assert {c.id for c in stored.rubric.criteria} >= {"fit", "posture"}
    assert stored.timings.answer_limit_seconds == 120 and stored.status == "pending"


def test_a_redo_is_a_new_attempt_and_both_are_kept(repo: PracticeRepository, library: Library) -> None:
    session = repo.create_session("solo")
    question, rubric = snapshot(library)
    first = repo.add_answer(session.id, 1, question, rubric)
    redo = repo.add_answer(session.id, 1, question, rubric)
    assert (first.attempt, redo.attempt) == (1, 2)
    assert [a.id for a in repo.answers_for_session(session.id)] == [first.id, redo.id]
    assert len(repo.answers_for_question("opening/tell-me-about-yourself")) == 2


def test_updating_an_answer_records_timings_and_recording(repo: PracticeRepository, library: Library) -> None:
    session = repo.create_session("solo")
    answer = repo.add_answer(session.id, 1, *snapshot(library))
    timings = AnswerTimings(20, 90, 12.5, 95.0, 1.4, True)
    updated = repo.update_answer(answer.id, status="recorded", recording_path="recordings/1/a.flac", timings=timings)
    assert updated.timings == timings and updated.timings.over_limit is True
    assert updated.recording_path == "recordings/1/a.flac" and updated.status == "recorded"


def test_rescoring_keeps_history_and_current_scores_show_the_latest(repo: PracticeRepository, library: Library) -> None:
    answer = repo.add_answer(repo.create_session("friend").id, 1, *snapshot(library))
    sam = Scorer("friend", "Sam")
    repo.add_scores(answer.id, SELF, {"fit": 2, "enthusiasm": 3})
    repo.add_scores(answer.id, sam, {"fit": 4, "eye-contact": 5})
    repo.add_scores(answer.id, SELF, {"fit": 3})
    sheets = repo.current_scores(answer.id)
    assert [s.scorer for s in sheets] == [SELF, sam]
    assert sheets[0].values == {"fit": 3, "enthusiasm": 3}
    assert sheets[1].values == {"fit": 4, "eye-contact": 5}
    history = [(r.scorer.label, r.criterion_id, r.value) for r in repo.score_history(answer.id)]
    assert history[0] == ("You", "fit", 2) and history[-1] == ("You", "fit", 3) and len(history) == 5


def test_scores_outside_one_to_five_are_refused(repo: PracticeRepository, library: Library) -> None:
    answer = repo.add_answer(repo.create_session("solo").id, 1, *snapshot(library))
    with pytest.raises(ValueError, match="must be 1-5"):
        repo.add_scores(answer.id, SELF, {"fit": 4, "enthusiasm": 6})
    assert repo.score_history(answer.id) == []


def test_a_note_per_author_is_replaced_when_edited(repo: PracticeRepository, library: Library) -> None:
    answer = repo.add_answer(repo.create_session("solo").id, 1, *snapshot(library))
    repo.set_note(answer.id, SELF, "Too long")
    edited = repo.set_note(answer.id, SELF, "Too long; no result")
    repo.set_note(answer.id, Scorer("friend", "Ana"), "Good eye contact")
    notes = repo.notes(answer.id)
    assert [(n.author.label, n.body) for n in notes] == [
        ("You", "Too long; no result"),
        ("Ana", "Good eye contact"),
    ]
    assert edited.updated_at > edited.created_at


def test_deleting_a_session_removes_its_rows_and_returns_the_recordings(
    repo: PracticeRepository, library: Library
) -> None:
    session = repo.create_session("solo")
    answer = repo.add_answer(session.id, 1, *snapshot(library))
    repo.update_answer(answer.id, recording_path="recordings/1/a.flac")
    repo.add_scores(answer.id, SELF, {"fit": 3})
    repo.set_note(answer.id, SELF, "note")
    assert repo.delete_session(session.id) == ["recordings/1/a.flac"]
    with pytest.raises(KeyError):
        repo.answer(answer.id)
    assert repo.score_history(answer.id) == [] and repo.notes(answer.id) == []


def test_deleting_an_answer_returns_its_recording(repo: PracticeRepository, library: Library) -> None:
    answer = repo.add_answer(repo.create_session("solo").id, 1, *snapshot(library))
    repo.update_answer(answer.id, recording_path="recordings/x.flac")
    assert repo.recording_paths() == [(answer.id, "recordings/x.flac")]
    assert repo.delete_answer(answer.id) == "recordings/x.flac"
    assert repo.recording_paths() == []


def test_settings_round_trip_json_values(tmp_path: Path) -> None:
    db = open_database(tmp_path / "db.sqlite3")
    settings = SettingsRepository(db)
    assert settings.get("voice", "default") == "default"
    settings.set("voice", {"name": "English", "rate": 170})
    settings.set("voice", {"name": "English", "rate": 180})
    assert settings.get("voice") == {"name": "English", "rate": 180}
    db.close()


def test_weakness_uses_each_questions_latest_scored_answer(repo: PracticeRepository, library: Library) -> None:
    session = repo.create_session("solo")
    first = repo.add_answer(session.id, 1, *snapshot(library))
    repo.add_scores(first.id, SELF, {"fit": 1, "enthusiasm": 2})
    later = repo.add_answer(session.id, 2, *snapshot(library))
    repo.add_scores(later.id, SELF, {"fit": 4, "enthusiasm": 5})
    repo.add_scores(later.id, Scorer("friend", "Sam"), {"fit": 1})  # friends' scores do not count here
    other = repo.add_answer(session.id, 3, *snapshot(library, "red-flags/employment-gap"))
    repo.add_scores(other.id, SELF, {"fit": 2})
    repo.add_scores(other.id, SELF, {"fit": 3})  # a re-score replaces the earlier value
    assert repo.question_weakness() == {"opening/tell-me-about-yourself": 4.5, "red-flags/employment-gap": 3.0}
    assert repo.current_self_scores([first.id, other.id]) == {
        first.id: {"fit": 1, "enthusiasm": 2},
        other.id: {"fit": 3},
    }


def test_the_previous_session_is_the_last_one_with_answers(repo: PracticeRepository, library: Library) -> None:
    empty_old = repo.create_session("solo")
    with_answers = repo.create_session("solo")
    repo.add_answer(with_answers.id, 1, *snapshot(library))
    repo.create_session("solo")  # started, nothing answered
    current = repo.create_session("solo")
    assert repo.previous_session(current.id) is not None
    assert repo.previous_session(current.id).id == with_answers.id  # type: ignore[union-attr]
    assert repo.previous_session(empty_old.id) is None
