"""Opening the SQLite database: private file, WAL where possible, foreign keys, migrations."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from pathlib import Path

from interview_coach.storage.migrations import LATEST_VERSION, MIGRATIONS

log = logging.getLogger(__name__)


class DatabaseError(Exception):
    """A database that cannot be used; the message is meant for the user."""


class DatabaseTooNewError(DatabaseError):
    pass


class DiskFullError(DatabaseError):
    pass


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 3, 8, 10, 11, 13, 14
_SQLITE_NOTADB = 26
LOW_SPACE_BYTES = 4 * 1024 * 1024  # below this, a write error on the data folder's disk is "the disk is full"


def open_database(
    path: Path, *, migrate_to: int = LATEST_VERSION, read_only_fallback: bool = False
) -> sqlite3.Connection:
    """Open (creating if needed) and migrate. Refuses a database written by a newer app version.

    A failure is reported for what it is: a full disk, a folder that cannot be written, or a damaged
    file; a healthy database is never called damaged. With `read_only_fallback` (readers such as
    export and backup), a database that cannot be opened for writing is opened read-only instead,
    so the user's data can still be taken elsewhere.
    """
    try:
        _create_private(path)
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error) as error:
        raise explain(path, error) from error
    try:
        connection.row_factory = sqlite3.Row
        # For History's search of words SQLite's LIKE cannot fold (only in queries: never in the schema).
        connection.create_function("ic_casefold", 1, _casefold, deterministic=True)
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA busy_timeout = 5000")
        _enable_wal(connection)
        migrate(connection, migrate_to)
    except sqlite3.DatabaseError as error:
        connection.close()
        explained = explain(path, error)
        if read_only_fallback and not isinstance(explained, _Damaged):
            fallback = open_unwritable(path)
            if fallback is not None and schema_version(fallback) == migrate_to:
                return fallback
            if fallback is not None:
                fallback.close()
        raise explained from error
    except DatabaseError:
        connection.close()
        raise
    return connection


class ReadConnection:
    """A second connection for the screens' reads (History's list, the Progress report) beside the
    writer: in WAL mode a read runs while a write is under way, and sees every commit made before it.

    Opened on first use, on the thread that reads. A database that refuses a second connection (a
    journal mode without WAL on a network share, too many open files) is read through the writer's
    connection instead, as it was before.
    """

    def __init__(self, path: Path, writer: sqlite3.Connection) -> None:
        self._path = path
        self._writer = writer
        self._connection: sqlite3.Connection | None = None

    def get(self) -> sqlite3.Connection:
        if self._connection is None:
            try:
                self._connection = _open_reader(self._path)
            except sqlite3.Error as error:
                log.warning("reading through the writer's connection: %s", error)
                self._connection = self._writer
        return self._connection

    def close(self) -> None:
        if self._connection is not None and self._connection is not self._writer:
            self._connection.close()
        self._connection = None


def _open_reader(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        connection.row_factory = sqlite3.Row
        connection.create_function("ic_casefold", 1, _casefold, deterministic=True)
        connection.execute("PRAGMA busy_timeout = 5000")
        connection.execute("PRAGMA query_only = ON")  # it reads; only the writer's connection writes
        if str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            raise sqlite3.OperationalError("not in WAL mode: a reader would wait for every write")
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _casefold(text: object) -> str | None:
    return text.casefold() if isinstance(text, str) else None


class _Damaged(DatabaseError):
    pass


def explain(path: Path, error: BaseException) -> DatabaseError:
    """The user's version of what went wrong: the disk, the folder's permissions, or the file itself."""
    code = _primary_code(error)
    free = _free_bytes(path.parent)
    if code == _SQLITE_FULL or (code in (_SQLITE_IOERR, None) and free is not None and free < LOW_SPACE_BYTES):
        return DiskFullError(
            f"The disk holding your data folder ({path.parent}) is full: {_size(free)} free. Free at least "
            f"{_size(LOW_SPACE_BYTES)} there and try again; nothing has been lost."
        )
    if code in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN) or isinstance(error, PermissionError):
        return DatabaseError(
            f"Interview Coach cannot write to its data folder ({path.parent}): it is read-only or belongs to "
            f"another user. Nothing has been lost. ({error})"
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return _Damaged(f"The database {path} is damaged or not a database: {error}")
    return DatabaseError(f"Cannot open the database {path}: {error}")


def _primary_code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    message = str(error).lower()  # Python 3.10 has no error codes: read the message
    for text, value in (
        ("disk is full", _SQLITE_FULL),
        ("disk i/o error", _SQLITE_IOERR),
        ("readonly database", _SQLITE_READONLY),
        ("unable to open database", _SQLITE_CANTOPEN),
        ("malformed", _SQLITE_CORRUPT),
        ("not a database", _SQLITE_NOTADB),
    ):
        if text in message:
            return value
    return None


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _size(count: int | None) -> str:
    if count is None:
        return "unknown space"
    if count < 1024 * 1024:
        return f"{count // 1024} KB"
    return f"{count / (1024 * 1024):.0f} MB"


def open_unwritable(path: Path) -> sqlite3.Connection | None:
    """Reads a database that cannot be written to (full disk, read-only folder); None if unsafe.

    `immutable` skips the locks and the -shm file, which SQLite would otherwise need to create;
    that is only safe when no unsaved changes wait in a -wal file.
    """
    wal = path.with_name(path.name + "-wal")
    if not path.is_file() or (wal.exists() and wal.stat().st_size > 0):
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True, check_same_thread=False)
        connection.row_factory = sqlite3.Row
        schema_version(connection)
    except sqlite3.Error:
        return None
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
