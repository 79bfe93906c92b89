"""The database file: created private, migrated step by step, refused when newer than the app."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from interview_coach.storage.database import (
    DatabaseError,
    DatabaseTooNewError,
    ReadConnection,
    open_database,
    schema_version,
)
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.migrations import LATEST_VERSION, MIGRATIONS


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_data_folder_is_private_and_the_database_current(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path / "data")
    layout.ensure()
    db = open_database(layout.database)
    try:
        assert schema_version(db) == LATEST_VERSION
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.execute("INSERT INTO settings VALUES ('k', '1')")
    finally:
        db.close()
    assert mode(layout.root) == 0o700 and mode(layout.recordings) == 0o700
    assert mode(layout.database) == 0o600


def test_a_loose_existing_database_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(path).close()
    path.chmod(0o644)
    open_database(path).close()
    assert mode(path) == 0o600


def test_a_database_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    raw.close()
    with pytest.raises(DatabaseTooNewError, match="newer version of Interview Coach"):
        open_database(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION + 1
    raw.close()


def test_a_file_that_is_not_a_database_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="damaged or not a database"):
        open_database(path)


def _fill(db: sqlite3.Connection, version: int) -> None:
    """Rows as an app of `version` would have written them."""
    if version >= 1:
        db.execute("INSERT INTO sessions (id, mode, started_at) VALUES (1, 'solo', '2026-01-01T10:00:00+00:00')")
        db.execute(
            "INSERT INTO answers (id, session_id, position, question_key, category, question_json, rubric_json,"
            " created_at, recording_path) VALUES (1, 1, 1, 'b/q', 'opening', ?, '{}', '2026-01-01T10:01:00+00:00',"
            " 'recordings/1/1.flac')",
            (json.dumps({"key": "b/q", "text": "Tell me about yourself."}),),
        )
        db.execute(
            "INSERT INTO scores (answer_id, criterion_id, value, scorer_kind, scored_at)"
            " VALUES (1, 'fit', 4, 'self', '2026-01-01T10:02:00+00:00')"
        )


@pytest.mark.parametrize("start", range(LATEST_VERSION))
def test_a_database_of_every_earlier_version_migrates_keeping_its_data(tmp_path: Path, start: int) -> None:
    path = tmp_path / "db.sqlite3"
    old = open_database(path, migrate_to=start)
    assert schema_version(old) == start
    _fill(old, start)
    old.close()

    db = open_database(path)
    try:
        assert schema_version(db) == LATEST_VERSION == len(MIGRATIONS)
        if start >= 1:
            row = db.execute("SELECT question_json, recording_path FROM answers WHERE id = 1").fetchone()
            assert json.loads(row[0])["text"] == "Tell me about yourself."
            assert row[1] == "recordings/1/1.flac"
            assert db.execute("SELECT value FROM scores").fetchone()[0] == 4
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"sessions", "answers", "scores", "notes", "settings"} <= tables
    finally:
        db.close()


def test_a_failing_step_leaves_the_database_at_its_old_version(tmp_path: Path, monkeypatch) -> None:
    from interview_coach.storage import database

    path = tmp_path / "db.sqlite3"
    open_database(path, migrate_to=1).close()
    monkeypatch.setattr(database, "MIGRATIONS", (*MIGRATIONS[:1], "CREATE TABLE settings (x); SYNTAX ERROR;"))
    monkeypatch.setattr(database, "LATEST_VERSION", 2)
    with pytest.raises(DatabaseError):
        open_database(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    assert raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'settings'").fetchone()[0] == 0
    raw.close()


def test_the_screens_reader_sees_each_commit_and_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    writer = open_database(path)
    reader = ReadConnection(path, writer)
    connection = reader.get()
    assert connection is not writer and reader.get() is connection  # opened once
    writer.execute(
        "INSERT INTO sessions (mode, started_at, status) VALUES ('solo', '2026-01-01T10:00:00+00:00', 'finished')"
    )
    assert connection.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 1
    assert connection.execute("SELECT ic_casefold('STRASSE')").fetchone()[0] == "strasse"  # History's search
    with pytest.raises(sqlite3.OperationalError):
        connection.execute("DELETE FROM sessions")
    reader.close()
    writer.close()


def test_without_wal_the_screens_read_through_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    writer = open_database(path)
    writer.execute("PRAGMA journal_mode = DELETE")  # as on a share that refuses WAL
    reader = ReadConnection(path, writer)
    assert reader.get() is writer
    reader.close()  # leaves the writer open
    assert writer.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
    writer.close()
