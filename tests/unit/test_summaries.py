"""The aggregate tables History and Progress read stay equal to a recomputation from the source rows,
whatever is written, re-scored, deleted, undone, imported or restored."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.deletion import DeletedRows, Trash, delete_recordings
from interview_coach.storage.migrations import LATEST_VERSION
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.summaries import SUMMARIES_VERSION, SUMMARY_TABLES, rebuild_summaries
from tests.support.summary_oracle import actual, expected

RUBRIC = RubricSnapshot.from_json({"id": "default", "title": "Default", "criteria": [{"id": "fit", "name": "Fit"}]})
CRITERIA = ("fit", "structure", "specific-story")
SCORERS = (SELF, Scorer("friend", "Sam"), Scorer("friend", "Priya"))


def question(number: int) -> QuestionSnapshot:
    category = ("opening", "behavioural", "red-flag")[number % 3]
    return QuestionSnapshot.from_json(
        {"key": f"bank/q{number}", "bank_id": "bank", "id": f"q{number}", "category": category, "text": f"Q{number}?"}
    )


seconds = st.one_of(st.none(), st.just(0.0), st.floats(min_value=0.5, max_value=600, allow_nan=False))
operation = st.one_of(
    st.tuples(st.just("session"), st.sampled_from(["solo", "friend"])),
    st.tuples(st.just("answer"), st.integers(0, 20), st.integers(1, 6), seconds, seconds),
    st.tuples(
        st.just("score"),
        st.integers(0, 40),
        st.sampled_from(SCORERS),
        st.dictionaries(st.sampled_from(CRITERIA), st.integers(1, 5), min_size=1),
    ),
    st.tuples(
        st.just("update"),
        st.integers(0, 40),
        st.sampled_from(["recorded", "skipped", "recording"]),
        seconds,
        st.booleans(),
    ),
    st.tuples(st.just("delete_answer"), st.integers(0, 40)),
    st.tuples(st.just("delete_session"), st.integers(0, 20)),
    st.tuples(
        st.just("undo"),
    ),
    st.tuples(st.just("forget_recordings"), st.integers(0, 20)),
    st.tuples(st.just("raw_score_delete"), st.integers(0, 200)),
    st.tuples(st.just("raw_restart"), st.integers(0, 20), st.integers(1, 28)),
)


class World:
    """Applies operations through the app's own writers (repository, trash, recordings deletion)."""

    def __init__(self, root: Path, database: Path | None = None) -> None:
        self.root = root
        self.db = open_database(database or root / "db.sqlite3")
        self.repo = PracticeRepository(self.db)
        self.trash = Trash(self.db, root)
        self.undo: list[DeletedRows] = []

    def ids(self, table: str) -> list[int]:
        return [int(r[0]) for r in self.db.execute(f"SELECT id FROM {table} ORDER BY id")]

    def pick(self, table: str, index: int) -> int | None:
        ids = self.ids(table)
        return ids[index % len(ids)] if ids else None

    def apply(self, op: tuple) -> None:  # type: ignore[type-arg]
        kind = op[0]
        if kind == "session":
            self.repo.create_session(op[1])
        elif kind == "answer" and (session := self.pick("sessions", op[1])) is not None:
            timings = AnswerTimings(answer_seconds=op[3], answer_limit_seconds=op[4], over_limit=bool(op[3] and op[4]))
            self.repo.add_answer(session, op[2], question(op[1]), RUBRIC, timings)
        elif kind == "score" and (answer := self.pick("answers", op[1])) is not None:
            self.repo.add_scores(answer, op[2], op[3])
        elif kind == "update" and (answer := self.pick("answers", op[1])) is not None:
            path = f"recordings/{answer}.flac" if op[4] else None
            self.repo.update_answer(
                answer, status=op[2], recording_path=path, timings=AnswerTimings(answer_seconds=op[3])
            )
        elif kind == "delete_answer" and (answer := self.pick("answers", op[1])) is not None:
            self.undo.append(self.trash.delete_answer(answer))
        elif kind == "delete_session" and (session := self.pick("sessions", op[1])) is not None:
            self.undo.append(self.trash.delete_session(session))
        elif kind == "undo" and self.undo:
            self.trash.restore(self.undo.pop())  # the app undoes the latest deletion first
        elif kind == "forget_recordings":
            delete_recordings(self.db, self.root, self.pick("sessions", op[1]))
        elif kind == "raw_score_delete" and (score := self.pick("scores", op[1])) is not None:
            self.db.execute("DELETE FROM scores WHERE id = ?", (score,))
        elif kind == "raw_restart" and (session := self.pick("sessions", op[1])) is not None:
            moment = f"2026-02-{op[2]:02d}T09:00:00.000+00:00"
            self.db.execute("UPDATE sessions SET started_at = ? WHERE id = ?", (moment, session))


@settings(max_examples=60)
@given(st.lists(operation, max_size=40))
def test_the_aggregates_equal_a_recomputation_after_any_writes(operations: list[tuple]) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        world = World(Path(folder))
        try:
            for op in operations:
                world.apply(op)
                assert actual(world.db) == expected(world.db), op
            kept = actual(world.db)
            rebuild_summaries(world.db)
            assert actual(world.db) == kept
        finally:
            world.db.close()


def test_a_rescore_replaces_the_current_value_and_deleting_the_answer_removes_its_totals(tmp_path: Path) -> None:
    world = World(tmp_path)
    session = world.repo.create_session("solo")
    answer = world.repo.add_answer(session.id, 1, question(1), RUBRIC, AnswerTimings(answer_seconds=30))
    world.repo.add_scores(answer.id, SELF, {"fit": 2, "structure": 4})
    world.repo.add_scores(answer.id, SELF, {"fit": 5})
    row = world.db.execute("SELECT self_total, self_count FROM session_totals WHERE session_id = ?", (session.id,))
    assert tuple(row.fetchone()) == (9, 2)
    world.trash.delete_answer(answer.id)
    for table in SUMMARY_TABLES:
        assert world.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    world.db.close()


def test_a_score_restored_with_an_older_id_does_not_replace_a_newer_one(tmp_path: Path) -> None:
    """Undo puts rows back with their old ids: the latest round is still the one with the highest id."""
    world = World(tmp_path)
    session = world.repo.create_session("solo")
    answer = world.repo.add_answer(session.id, 1, question(1), RUBRIC)
    world.repo.add_scores(answer.id, SELF, {"fit": 2})
    world.repo.add_scores(answer.id, SELF, {"fit": 4})
    world.db.execute("DELETE FROM scores WHERE value = 2")
    world.db.execute(
        "INSERT INTO scores (id, answer_id, criterion_id, value, scorer_kind, scored_at)"
        " VALUES (1, ?, 'fit', 2, 'self', '2026-01-01T10:00:00+00:00')",
        (answer.id,),
    )
    assert world.db.execute("SELECT value FROM current_scores").fetchone()[0] == 4
    assert actual(world.db) == expected(world.db)
    world.db.close()


def _old_database(path: Path, version: int) -> None:
    """Sessions, answers and scores written by an app of `version` (before the aggregates existed)."""
    db = open_database(path, migrate_to=version)
    db.execute("INSERT INTO sessions (id, mode, started_at) VALUES (1, 'solo', '2026-01-01T10:00:00+00:00')")
    for answer_id, status, seconds in ((1, "recorded", 50.0), (2, "skipped", None), (3, "recorded", 130.0)):
        db.execute(
            "INSERT INTO answers (id, session_id, position, question_key, category, question_json, rubric_json,"
            " created_at, status, answer_seconds, answer_limit_seconds, over_limit)"
            " VALUES (?, 1, ?, 'b/q', 'opening', '{}', '{}', '2026-01-01T10:01:00+00:00', ?, ?, 120, ?)",
            (answer_id, answer_id, status, seconds, int((seconds or 0) > 120)),
        )
    for value, kind, name in ((2, "self", ""), (4, "self", ""), (3, "friend", "Sam")):
        db.execute(
            "INSERT INTO scores (answer_id, criterion_id, value, scorer_kind, scorer_name, scored_at)"
            " VALUES (1, 'fit', ?, ?, ?, '2026-01-01T10:02:00+00:00')",
            (value, kind, name),
        )
    db.close()


@pytest.mark.parametrize("start", range(1, SUMMARIES_VERSION))
def test_an_older_database_gets_aggregates_computed_from_its_rows(tmp_path: Path, start: int) -> None:
    path = tmp_path / "db.sqlite3"
    _old_database(path, start)
    db = open_database(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert actual(db) == expected(db)
        totals = db.execute("SELECT answered, timed, timed_over, self_total, friend_count FROM session_totals")
        assert tuple(totals.fetchone()) == (2, 2, 1, 4, 1)
    finally:
        db.close()


def test_rebuilding_replaces_whatever_the_tables_held(tmp_path: Path) -> None:
    _old_database(tmp_path / "db.sqlite3", SUMMARIES_VERSION - 1)
    db = open_database(tmp_path / "db.sqlite3")
    good = actual(db)
    db.execute("UPDATE session_totals SET self_total = 999, speaking_seconds = 1e9")
    db.execute("INSERT INTO session_criteria VALUES (77, 'made-up', 5, 1)")
    rebuild_summaries(db)
    assert actual(db) == good
    db.close()


def test_the_triggers_run_without_the_app(tmp_path: Path) -> None:
    """Another SQLite client writing the file keeps the aggregates true too (no app-defined functions)."""
    _old_database(tmp_path / "db.sqlite3", SUMMARIES_VERSION - 1)
    open_database(tmp_path / "db.sqlite3").close()
    raw = sqlite3.connect(tmp_path / "db.sqlite3")
    raw.execute("PRAGMA foreign_keys = ON")
    raw.execute("DELETE FROM answers WHERE id = 1")
    raw.commit()
    assert actual(raw) == expected(raw)
    raw.close()


def test_a_restored_backup_gets_aggregates_made_from_its_rows_not_its_copies(tmp_path: Path) -> None:
    from interview_coach.storage.backup import create_backup, restore_backup
    from interview_coach.storage.locations import DataLayout

    source, target = DataLayout(tmp_path / "source"), DataLayout(tmp_path / "target")
    source.ensure()
    world = World(source.root, source.database)
    session = world.repo.create_session("solo")
    answer = world.repo.add_answer(session.id, 1, question(1), RUBRIC, AnswerTimings(answer_seconds=30))
    world.repo.add_scores(answer.id, SELF, {"fit": 3})
    # Well-formed lies: every check on types and ranges passes, the sums are simply wrong.
    world.db.execute("UPDATE session_totals SET self_total = 5, answered = 7, speaking_seconds = 999")
    world.db.execute("UPDATE current_scores SET value = 1")
    world.db.close()
    create_backup(source, tmp_path / "backup.zip")

    restore_backup(tmp_path / "backup.zip", target, replace=True)

    restored = open_database(target.database)
    try:
        assert actual(restored) == expected(restored)
        row = restored.execute("SELECT self_total, answered, speaking_seconds FROM session_totals").fetchone()
        assert tuple(row) == (3, 1, 30.0)
    finally:
        restored.close()
