"""Opening the SQLite database: private file, WAL where possible, foreign keys, migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from interview_coach.storage.migrations import LATEST_VERSION, MIGRATIONS


class DatabaseError(Exception):
    """A database that cannot be used; the message is meant for the user."""


class DatabaseTooNewError(DatabaseError):
    pass


def open_database(path: Path, *, migrate_to: int = LATEST_VERSION) -> sqlite3.Connection:
    """Open (creating if needed) and migrate. Refuses a database written by a newer app version."""
    _create_private(path)
    try:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise DatabaseError(f"Cannot open the database {path}: {error}") from error
    try:
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA busy_timeout = 5000")
        _enable_wal(connection)
        migrate(connection, migrate_to)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise DatabaseError(f"The database {path} is damaged or not a database: {error}") from error
    except DatabaseError:
        connection.close()
        raise
    return connection


def _create_private(path: Path) -> None:
    # Create the file ourselves so it is 0600 from the first byte; SQLite gives its -wal and
    # -shm files the same permissions as the database.
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    elif os.name == "posix":
        path.chmod(0o600)


def _enable_wal(connection: sqlite3.Connection) -> str:
    """WAL lets readers run beside the writer; some file systems (network shares) refuse it."""
    with contextlib.suppress(sqlite3.OperationalError):
        row = connection.execute("PRAGMA journal_mode = WAL").fetchone()
        if row and str(row[0]).lower() == "wal":
            connection.execute("PRAGMA synchronous = NORMAL")
            return "wal"
    return str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, target: int = LATEST_VERSION) -> None:
    current = schema_version(connection)
    if current > LATEST_VERSION:
        raise DatabaseTooNewError(
            f"This data was saved by a newer version of Interview Coach (schema {current}; this version "
            f"understands up to {LATEST_VERSION}). Update the app, or choose another data folder with --data-dir."
        )
    for version in range(current + 1, target + 1):
        # executescript commits first, so run the step and its version bump as one explicit transaction.
        script = f"BEGIN;\n{MIGRATIONS[version - 1]}\nPRAGMA user_version = {version};\nCOMMIT;"
        try:
            connection.executescript(script)
        except sqlite3.Error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
