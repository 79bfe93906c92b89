"""Deleting a session or an answer removes rows and recordings together, and undo brings both back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_coach.domain.records import SELF, AnswerTimings
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.deletion import Trash, delete_recordings
from interview_coach.storage.practice_repository import PracticeRepository

QUESTION = {"key": "opening/intro", "bank_id": "opening", "id": "intro", "category": "opening", "text": "Intro?"}
RUBRIC = {"id": "default", "title": "Default", "criteria": [{"id": "fit", "name": "Fit"}]}


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[PracticeRepository, Trash, Path]]:
    connection = open_database(tmp_path / "db.sqlite3")
    yield PracticeRepository(connection), Trash(connection, tmp_path), tmp_path
    connection.close()


def recorded(repo: PracticeRepository, root: Path, session_id: int, position: int, payload: bytes) -> int:
    relative = f"recordings/{session_id}/{position:02d}-abcd{position:04d}.flac"
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_bytes(payload)
    answer = repo.add_answer(
        session_id,
        position,
        QuestionSnapshot.from_json(QUESTION),
        RubricSnapshot.from_json(RUBRIC),
        AnswerTimings(answer_seconds=42),
    )
    repo.update_answer(answer.id, status="recorded", recording_path=relative)
    repo.add_scores(answer.id, SELF, {"fit": position})
    repo.set_note(answer.id, SELF, f"note {position}")
    repo.add_follow_up(answer.id, f"probe {position}", "bank", 12.5)
    return answer.id


def counts(repo: PracticeRepository) -> tuple[int, ...]:
    return tuple(
        repo._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("sessions", "answers", "scores", "notes", "follow_ups")
    )


def test_deleting_a_session_removes_rows_and_files_and_undo_restores_both(setup) -> None:
    repo, trash, root = setup
    session = repo.create_session("solo", {"count": 2})
    first = recorded(repo, root, session.id, 1, b"first take")
    recorded(repo, root, session.id, 2, b"second take")
    before = counts(repo)

    deleted = trash.delete_session(session.id)

    assert counts(repo) == (0, 0, 0, 0, 0)
    assert not (root / "recordings" / str(session.id)).exists()
    assert deleted.recording_count == 2

    trash.restore(deleted)

    assert counts(repo) == before
    restored = repo.answer(first)
    assert (root / restored.recording_path).read_bytes() == b"first take"
    assert repo.current_scores(first)[0].values == {"fit": 1}
    assert repo.notes(first)[0].body == "note 1"
    assert [(f.text, f.asked_at_seconds) for f in repo.follow_ups(first)] == [("probe 1", 12.5)]
    assert repo.session(session.id).settings == {"count": 2}


def test_deleting_one_answer_keeps_the_rest_of_its_session(setup) -> None:
    repo, trash, root = setup
    session = repo.create_session("solo")
    keep = recorded(repo, root, session.id, 1, b"keep")
    drop = recorded(repo, root, session.id, 2, b"drop")
    deleted = trash.delete_answer(drop)
    assert [a.id for a in repo.answers_for_session(session.id)] == [keep]
    assert (root / repo.answer(keep).recording_path).exists()
    assert not list((root / "recordings").rglob("*0002.flac"))
    trash.restore(deleted)
    assert [a.id for a in repo.answers_for_session(session.id)] == [keep, drop]
    assert (root / repo.answer(drop).recording_path).read_bytes() == b"drop"


def test_undo_after_the_id_was_reused_gives_the_session_a_new_id(setup) -> None:
    repo, trash, root = setup
    session = repo.create_session("solo")
    answer_id = recorded(repo, root, session.id, 1, b"old")
    deleted = trash.delete_session(session.id)
    newer = repo.create_session("solo")  # SQLite hands the freed id out again
    assert newer.id == session.id
    trash.restore(deleted)
    ids = [s.id for s in repo.sessions()]
    assert len(ids) == 2 and session.id in ids
    restored = [a for sid in ids for a in repo.answers_for_session(sid)]
    assert len(restored) == 1 and repo.current_scores(restored[0].id)[0].values == {"fit": 1}
    assert answer_id == restored[0].id


def test_emptying_the_trash_makes_deletion_final_but_undo_still_keeps_scores(setup) -> None:
    repo, trash, root = setup
    session = repo.create_session("solo")
    answer_id = recorded(repo, root, session.id, 1, b"gone")
    deleted = trash.delete_session(session.id)
    trash.empty()
    assert not trash.folder.exists()
    trash.restore(deleted)
    assert repo.answer(answer_id).recording_path is None
    assert repo.current_scores(answer_id)[0].values == {"fit": 1}


def test_delete_recordings_keeps_scores_and_timings(setup) -> None:
    repo, _, root = setup
    one, two = repo.create_session("solo"), repo.create_session("solo")
    a = recorded(repo, root, one.id, 1, b"x" * 100)
    b = recorded(repo, root, two.id, 1, b"y" * 50)
    orphan = root / "recordings" / "99" / "01-orphan.wav"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"z" * 10)

    removed = delete_recordings(repo._db, root, one.id)
    assert (removed.files, removed.bytes) == (1, 100)
    assert repo.answer(a).recording_path is None and repo.answer(b).recording_path is not None

    removed = delete_recordings(repo._db, root)
    assert (removed.files, removed.bytes) == (2, 60)
    assert repo.answer(b).recording_path is None
    assert repo.answer(b).timings.answer_seconds == 42 and repo.current_scores(b)[0].values == {"fit": 1}
    assert (root / "recordings").is_dir() and not any((root / "recordings").rglob("*.*"))
