"""Deleting sessions and answers so that it can be undone until the app closes, and deleting recordings.

A deletion removes the rows in one transaction and then moves the recordings into `trash/` inside
the data folder; the removed rows are kept in memory. Undo puts both back. Closing the app (or the
next start, after a crash) empties the trash, which is when the recordings are really gone.

Every path a row stores goes through `resolve_stored`: one that leads out of the data folder (`..`, an
absolute path, a link) is left alone and logged, so a hostile row can never move, chmod or delete a
file elsewhere; its row is deleted all the same.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from interview_coach.storage.locations import make_private_dir
from interview_coach.storage.transactions import transaction
from interview_coach.stored_paths import RECORDINGS_FOLDER, UnsafePathError, regular_files, resolve_stored, stored_file

log = logging.getLogger(__name__)

TRASH_DIR = "trash"
_CHILD_TABLES = ("scores", "notes", "follow_ups", "answer_analyses")  # rows that belong to an answer


@dataclass
class DeletedRows:
    """What one deletion removed, to put back on undo."""

    sessions: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    trashed: dict[str, str] = field(default_factory=dict)  # recording path -> where it waits in the trash

    @property
    def recording_count(self) -> int:
        return len(self.trashed)


class Trash:
    def __init__(self, connection: sqlite3.Connection, root: Path) -> None:
        self._db = connection
        self._root = root

    @property
    def folder(self) -> Path:
        return self._root / TRASH_DIR

    def delete_session(self, session_id: int) -> DeletedRows:
        return self._delete("session_id = ?", (session_id,), session_id)

    def delete_answer(self, answer_id: int) -> DeletedRows:
        return self._delete("id = ?", (answer_id,), None)

    def _delete(self, where: str, params: tuple[Any, ...], session_id: int | None) -> DeletedRows:
        deleted = DeletedRows()
        with transaction(self._db):
            deleted.answers = _rows(self._db, f"SELECT * FROM answers WHERE {where}", params)
            ids = [a["id"] for a in deleted.answers]
            marks = ",".join("?" * len(ids))
            for table in _CHILD_TABLES:
                deleted.children[table] = _rows(self._db, f"SELECT * FROM {table} WHERE answer_id IN ({marks})", ids)
            if session_id is not None:
                deleted.sessions = _rows(self._db, "SELECT * FROM sessions WHERE id = ?", (session_id,))
                self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            else:
                self._db.execute(f"DELETE FROM answers WHERE id IN ({marks})", ids)
        # Files after the rows (a crash in between leaves an orphan file, never a row without its file).
        batch = f"{TRASH_DIR}/{uuid.uuid4().hex[:12]}"
        for answer in deleted.answers:
            relative = answer["recording_path"]
            source = stored_file(self._root, relative)
            if source is None:
                continue
            try:
                target = resolve_stored(self._root, f"{batch}/{relative}", folder=TRASH_DIR)
            except UnsafePathError as error:  # the trash folder is a link out of the data folder
                log.warning("recording %r not moved to the trash: %s", relative, error)
                continue
            make_private_dir(target.parent)
            source.replace(target)
            deleted.trashed[relative] = target.relative_to(self._root).as_posix()
            _remove_if_empty(self._root, source.parent)
        return deleted

    def restore(self, deleted: DeletedRows) -> None:
        """Puts rows and recordings back; ids taken in the meantime are replaced by new ones."""
        for relative, waiting in deleted.trashed.items():
            source = stored_file(self._root, waiting, folder=TRASH_DIR)
            try:
                target = resolve_stored(self._root, relative)
            except UnsafePathError:
                continue
            if source is not None:
                make_private_dir(target.parent)
                source.replace(target)
        session_ids: dict[int, int] = {}
        answer_ids: dict[int, int] = {}
        with transaction(self._db):
            for session in deleted.sessions:
                session_ids[session["id"]] = _insert(self._db, "sessions", session)
            for answer in deleted.answers:
                row = dict(answer)
                row["session_id"] = session_ids.get(row["session_id"], row["session_id"])
                if row["recording_path"] and stored_file(self._root, row["recording_path"]) is None:
                    row["recording_path"] = None  # the trash was emptied meanwhile (or unusable): keep the scores
                row["attempt"] = _free_attempt(self._db, row)
                answer_ids[answer["id"]] = _insert(self._db, "answers", row)
            for table, rows in deleted.children.items():
                for child in rows:
                    _insert(self._db, table, {**child, "answer_id": answer_ids[child["answer_id"]]})

    def empty(self) -> None:
        if self.folder.is_symlink():  # never empty a folder elsewhere; rmtree would refuse it anyway
            log.warning("the trash %s is a link; it was not emptied", self.folder)
            return
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class RecordingsRemoved:
    files: int
    bytes: int


def delete_recordings(connection: sqlite3.Connection, root: Path, session_id: int | None = None) -> RecordingsRemoved:
    """Deletes the recordings of one session, or all of them (scores, timings and notes stay).

    Deleting all also removes files no answer points to (orphans from a crash).
    """
    with transaction(connection):
        if session_id is None:
            paths = [
                r[0] for r in connection.execute("SELECT recording_path FROM answers WHERE recording_path IS NOT NULL")
            ]
            connection.execute("UPDATE answers SET recording_path = NULL WHERE recording_path IS NOT NULL")
        else:
            paths = [
                r[0]
                for r in connection.execute(
                    "SELECT recording_path FROM answers WHERE session_id = ? AND recording_path IS NOT NULL",
                    (session_id,),
                )
            ]
            connection.execute("UPDATE answers SET recording_path = NULL WHERE session_id = ?", (session_id,))
    files = [file for file in (stored_file(root, p) for p in paths) if file is not None]
    if session_id is None:
        files = list(regular_files(root / RECORDINGS_FOLDER, inside=root))
    else:
        files += regular_files(root / RECORDINGS_FOLDER / str(session_id), inside=root)
    removed = RecordingsRemoved(0, 0)
    for path in dict.fromkeys(files):
        try:
            size = path.stat().st_size
            path.unlink()
        except OSError as error:  # gone already, or not ours to remove
            if not isinstance(error, FileNotFoundError):
                log.warning("cannot delete the recording %s: %s", path, error)
            continue
        removed = RecordingsRemoved(removed.files + 1, removed.bytes + size)
        _remove_if_empty(root, path.parent)
    return removed


def _rows(connection: sqlite3.Connection, query: str, params: Any) -> list[dict[str, Any]]:
    cursor = connection.execute(query, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _insert(connection: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    """Inserts with the old id when it is still free, so links to it (e.g. from a report) hold."""
    values = dict(row)
    if connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", (values["id"],)).fetchone():
        del values["id"]
    columns = ", ".join(values)
    cursor = connection.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(values))})", tuple(values.values())
    )
    return int(cursor.lastrowid or 0)


def _free_attempt(connection: sqlite3.Connection, answer: dict[str, Any]) -> int:
    taken = connection.execute(
        "SELECT 1 FROM answers WHERE session_id = ? AND position = ? AND attempt = ?",
        (answer["session_id"], answer["position"], answer["attempt"]),
    ).fetchone()
    if not taken:
        return int(answer["attempt"])
    row = connection.execute(
        "SELECT MAX(attempt) + 1 FROM answers WHERE session_id = ? AND position = ?",
        (answer["session_id"], answer["position"]),
    ).fetchone()
    return int(row[0])


def _remove_if_empty(root: Path, folder: Path) -> None:
    """A session's folder once its last recording has gone (never recordings/ itself)."""
    if folder == root / RECORDINGS_FOLDER or folder == root:
        return
    with contextlib.suppress(OSError):
        folder.rmdir()
