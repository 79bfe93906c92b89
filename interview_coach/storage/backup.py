"""A whole data folder in one zip archive, and a restore that refuses anything damaged or hostile.

The archive holds `manifest.json` (what is inside, with sizes and sha256), a consistent copy of the
database made with SQLite's backup API (a live WAL database is never copied as a file), and every file
under `recordings/`, `question_banks/` and `review_packs/` (packs a friend opened to score, with their
draft scores). The speech cache is left out: it is made again on demand.
The layout and every reason a restore refuses an archive are in docs/DATA_FORMATS.md.

A restore checks the archive's table of contents and manifest, unpacks everything into a private
staging folder inside the data folder checking each file's size and sha256 and the database's
integrity and schema, and only then swaps it in. What was there before is moved, never deleted, into
`replaced-<UTC time>/` in the data folder. The caller closes the app's database connection first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from interview_coach import __version__
from interview_coach.domain.validation import is_int, moment_problem
from interview_coach.private_files import create_private_dirs
from interview_coach.storage.clock import Clock, to_text, utc_now
from interview_coach.storage.database import explain, open_unwritable, schema_version
from interview_coach.storage.database_contents import DERIVED_TABLES, ContentError, check_contents, rebuild_derived
from interview_coach.storage.locations import DataLayout, make_private_dir
from interview_coach.storage.migrations import LATEST_VERSION, MIGRATIONS
from interview_coach.storage.safe_json import JsonFormatError, load_json
from interview_coach.storage.summaries import SUMMARIES_VERSION, SUMMARY_TABLES, rebuild_summaries
from interview_coach.storage.zip_safety import (
    GIB,
    MIB,
    check_count_and_duplicates,
    check_total,
    create_private,
    entry_name,
    entry_problem,
    fold,
    free_bytes,
    fsync_folder,
    open_zip,
    path_problem,
    private_entry,
    read_capped,
    write_atomically,
    write_failure,
)
from interview_coach.storage.zip_safety import (
    format_size as format_size,  # re-exported: the command line prints sizes with it
)
from interview_coach.stored_paths import shown, stored_path_problem

BACKUP_FORMAT = "interview-coach-backup"
BACKUP_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_NAME = DataLayout(Path()).database.name
FOLDERS = ("recordings", "question_banks", "review_packs")  # copied whole, each a folder of the data folder
STAGING_NAME = ".restore-staging"
REPLACED_PREFIX = "replaced-"

_CHUNK = MIB
_STORED_SUFFIXES = frozenset({".flac", ".wav", ".ogg", ".opus", ".mp3"})  # audio: deflate gains nothing
_SQLITE_FULL = 13
_DATABASE_SIDE_FILES = ("-wal", "-shm", "-journal")
# Tables whose rows are preferences rather than practice: a folder holding only these counts as empty.
_PREFERENCE_TABLES = frozenset({"settings"})
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_MAX_SHOWN_TEXT = 64  # the app version and times a manifest shows before anything is restored
_LABELS = {
    "sessions": ("session", "sessions"),
    "answers": ("answer", "answers"),
    "scores": ("score", "scores"),
    "notes": ("note", "notes"),
    "follow_ups": ("follow-up asked", "follow-ups asked"),
    "review_packs": ("review pack sent", "review packs sent"),
    "review_imports": ("friend's scores file imported", "friend's scores files imported"),
    "journal_entries": ("journal entry", "journal entries"),
    "journal_reflections": ("reflection", "reflections"),
    "journal_tags": ("feedback tag", "feedback tags"),
    "action_items": ("action step", "action steps"),
    "message_templates": ("edited template", "edited templates"),
    "answer_analyses": ("answer transcript", "answer transcripts"),
}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is meant for the user and names the problem."""


@dataclass(frozen=True)
class BackupLimits:
    """What a restore accepts. Tests lower them to build small hostile archives."""

    max_entry_bytes: int = 2 * GIB
    max_total_bytes: int = 100 * GIB
    max_entries: int = 200_000
    max_manifest_bytes: int = 32 * MIB
    # An entry unpacking to more than max_ratio times its packed size looks like a zip bomb. Small
    # entries are exempt: their unpacked size is capped by the size they declare anyway. Our own
    # archives store audio unpacked and a database packs about 10:1.
    max_ratio: float = 200.0
    ratio_check_min_bytes: int = MIB
    free_space_margin_bytes: int = 64 * MIB


DEFAULT_LIMITS = BackupLimits()


@dataclass(frozen=True)
class DataCounts:
    """What a data folder (or a backup) holds: rows per table and files per folder."""

    tables: Mapping[str, int] = field(default_factory=dict)
    recordings: int = 0
    question_banks: int = 0
    database_readable: bool = True

    @property
    def sessions(self) -> int:
        return self.tables.get("sessions", 0)

    @property
    def answers(self) -> int:
        return self.tables.get("answers", 0)

    @property
    def is_empty(self) -> bool:
        """Nothing a user would miss: no practice rows in any table, no recordings, no banks of their own."""
        rows = any(n for table, n in self.tables.items() if table not in _PREFERENCE_TABLES)
        return self.database_readable and not rows and not self.recordings and not self.question_banks

    def describe(self) -> str:
        """For example '3 sessions, 12 answers, 30 scores, 2 notes and 12 recordings'."""
        parts = [] if self.database_readable else ["a database that could not be read"]
        ordered = [t for t in _LABELS if t in self.tables] + sorted(
            t for t in self.tables if t not in _LABELS and t not in _PREFERENCE_TABLES
        )
        for table in ordered:
            count = self.tables[table]
            if count or table == "sessions":
                singular, plural = _LABELS.get(table, (f"{table} row", f"{table} rows"))
                parts.append(f"{count} {singular if count == 1 else plural}")
        for count, singular in ((self.recordings, "recording"), (self.question_banks, "question bank file")):
            if count:
                parts.append(f"{count} {singular}{'' if count == 1 else 's'}")
        if not parts:
            return "no sessions"
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"

    def to_json(self) -> dict[str, Any]:
        return {"tables": dict(self.tables), "recordings": self.recordings, "question_banks": self.question_banks}


@dataclass(frozen=True)
class BackupFile:
    path: str  # inside the archive, '/'-separated, relative to the data folder
    size: int
    sha256: str


@dataclass(frozen=True)
class BackupManifest:
    format: str
    version: int
    created_at: str
    app_version: str
    schema_version: int
    counts: DataCounts
    files: tuple[BackupFile, ...]

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def describe(self) -> str:
        """For example 'a backup made 2026-11-01 09:00 UTC by Interview Coach 0.1.0: 3 sessions, ...'."""
        try:
            made = datetime.fromisoformat(self.created_at).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        except (ValueError, OverflowError):
            made = self.created_at
        return (
            f"a backup made {made} by Interview Coach {self.app_version}: {self.counts.describe()} "
            f"({format_size(self.total_bytes)} unpacked)"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "version": self.version,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "schema_version": self.schema_version,
            "database": DATABASE_NAME,
            "counts": self.counts.to_json(),
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    manifest: BackupManifest
    archive_bytes: int
    skipped: tuple[str, ...] = ()  # files left out, each with the reason

    def describe(self) -> str:
        """For example '3 sessions, 12 answers, ... and 12 recordings (4.1 MB)'."""
        return f"{self.manifest.counts.describe()} ({format_size(self.archive_bytes)})"

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class RestoreSummary:
    manifest: BackupManifest
    replaced: DataCounts  # what the data folder held before
    moved_aside: Path | None  # where it went; None when there was nothing to move


class RestoreNeedsConfirmation(BackupError):
    """The data folder already holds data: restore again with replace=True once the user agrees."""

    def __init__(self, root: Path, existing: DataCounts) -> None:
        self.root = root
        self.existing = existing
        super().__init__(
            f"The data folder {root} already holds {existing.describe()}. Restoring replaces them "
            f"(they are kept in a {REPLACED_PREFIX}… folder inside it); confirm to go ahead."
        )


# Backup


def create_backup(layout: DataLayout, destination: Path, *, clock: Clock = utc_now) -> BackupSummary:
    """Writes the archive to a temporary file beside `destination`, then renames it into place (0600).

    A failure (a full disk, a vanished folder) removes the temporary file and raises BackupError;
    an existing file at `destination` is only replaced by a complete archive.
    """
    destination = Path(destination).absolute()
    if not layout.database.is_file():
        raise BackupError(f"There is nothing to back up: {layout.root} holds no Interview Coach database.")
    if destination.is_dir():
        raise BackupError(f"Cannot write the backup to {destination}: it is a folder.")
    if not destination.parent.is_dir():
        raise BackupError(f"Cannot write the backup to {destination}: the folder {destination.parent} does not exist.")
    # Reading the database into memory first keeps its errors apart from those of writing the archive.
    database = _read_database(layout.database)
    try:
        skipped: list[str] = []
        sources = _files_to_back_up(layout, skipped, leave_out=destination.resolve())
        # An upper bound (nothing packed smaller), counting the database twice: the archive and a work copy.
        needed = 2 * _database_bytes(database) + sum(size for _, _, size in sources) + MIB
        free = free_bytes(destination.parent)
        if free is not None and free < needed:
            raise BackupError(
                f"Not enough disk space to write the backup to {destination}: it needs up to {format_size(needed)} "
                f"and {format_size(free)} is free."
            )
        manifest = _write_atomically(destination, database, sources, clock, skipped)
    finally:
        database.close()
    return BackupSummary(destination, manifest, destination.stat().st_size, tuple(skipped))


def _read_database(path: Path) -> sqlite3.Connection:
    """A consistent in-memory copy through the backup API (it reads committed pages, those in the WAL too)."""
    memory = sqlite3.connect(":memory:")
    try:
        source = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True)
        try:
            source.execute("PRAGMA busy_timeout = 5000")
            source.backup(memory)
        finally:
            source.close()
    except sqlite3.Error as error:
        # A full disk (or a read-only folder) cannot give SQLite its -shm file: read it as it is.
        fallback = open_unwritable(path)
        if fallback is None:
            memory.close()
            raise BackupError(str(explain(path, error))) from error
        try:
            fallback.backup(memory)
        finally:
            fallback.close()
    return memory


def _database_bytes(connection: sqlite3.Connection) -> int:
    pages = int(connection.execute("PRAGMA page_count").fetchone()[0])
    return pages * int(connection.execute("PRAGMA page_size").fetchone()[0])


def _files_to_back_up(layout: DataLayout, skipped: list[str], *, leave_out: Path) -> list[tuple[Path, str, int]]:
    """(path, archive name, size) of every regular file under the folders a backup holds, leaving out
    names a restore would refuse (among them a second name that differs from another only by case)."""
    found = []
    folded: dict[str, str] = {}
    for folder in FOLDERS:
        for path in _files_under(layout.root / folder, skipped, layout.root):
            name = path.relative_to(layout.root).as_posix()
            problem = _name_problem(name)
            if problem:
                skipped.append(f"{name}: its name {problem}")
            elif fold(name) in folded:
                skipped.append(f"{name}: its name differs only by case from {folded[fold(name)]}")
            elif path.resolve() != leave_out:
                with contextlib.suppress(FileNotFoundError):  # removed since the listing
                    found.append((path, name, path.stat().st_size))
                    folded[fold(name)] = name
    return found


def _write_atomically(
    destination: Path,
    database: sqlite3.Connection,
    sources: list[tuple[Path, str, int]],
    clock: Clock,
    skipped: list[str],
) -> BackupManifest:
    written: list[BackupManifest] = []

    def write(raw: IO[bytes]) -> None:
        with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".interview-coach-backup-") as work:
            snapshot = Path(work) / DATABASE_NAME

            def write_snapshot() -> None:
                try:
                    _write_snapshot(database, snapshot)
                except sqlite3.Error as error:  # writing the work copy of the database
                    if getattr(error, "sqlite_errorcode", None) == _SQLITE_FULL:
                        raise BackupError(f"Not enough disk space to write the backup to {destination}.") from error
                    raise BackupError(f"Cannot write the backup to {destination}: {error}.") from error

            written.append(_write_archive(raw, snapshot, write_snapshot, database, sources, clock, skipped))

    write_atomically(destination, "the backup", write, BackupError)
    return written[0]


def _write_snapshot(database: sqlite3.Connection, target_path: Path) -> None:
    target = sqlite3.connect(target_path)
    try:
        database.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, whatever the source used
    finally:
        target.close()


def _write_archive(
    raw: IO[bytes],
    snapshot: Path,
    write_snapshot: Callable[[], None],
    database: sqlite3.Connection,
    sources: list[tuple[Path, str, int]],
    clock: Clock,
    skipped: list[str],
) -> BackupManifest:
    """The files first, then the database: a row naming a recording the archive does not hold (gone
    from disk, or an unsafe path) is written with none, since a restore refuses such a row."""
    files: list[BackupFile] = []
    counts = dict.fromkeys(FOLDERS, 0)
    with zipfile.ZipFile(raw, "w", allowZip64=True) as archive:
        for path, name, _ in sources:
            try:
                files.append(_add_file(archive, path, name))
            except FileNotFoundError:  # removed while we worked (a take converted to FLAC)
                continue
            counts[name.split("/", 1)[0]] += 1
        _forget_missing_recordings(database, {f.path for f in files}, skipped)
        write_snapshot()
        files.insert(0, _add_file(archive, snapshot, DATABASE_NAME))
        manifest = BackupManifest(
            format=BACKUP_FORMAT,
            version=BACKUP_VERSION,
            created_at=to_text(clock()),
            app_version=__version__,
            schema_version=schema_version(database),
            counts=DataCounts(_table_counts(database), counts["recordings"], counts["question_banks"]),
            files=tuple(files),
        )
        archive.writestr(
            private_entry(MANIFEST_NAME), json.dumps(manifest.to_json(), indent=2, ensure_ascii=False) + "\n"
        )
    return manifest


def _forget_missing_recordings(database: sqlite3.Connection, archived: set[str], skipped: list[str]) -> None:
    """In the backup's copy of the database only: a recording path naming no archived file becomes NULL
    (the answer and its scores stay). A take cut short may name its WAV once only the FLAC is left."""
    if "answers" not in {str(r[0]) for r in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}:
        return
    forgotten = []
    rows = database.execute("SELECT id, recording_path, status FROM answers WHERE recording_path IS NOT NULL")
    for answer_id, relative, status in rows.fetchall():
        if stored_path_problem(relative) is None and (
            relative in archived
            or (status == "recording" and relative.endswith(".wav") and relative[:-4] + ".flac" in archived)
        ):
            continue
        forgotten.append(answer_id)
        skipped.append(f"{relative!r}: the recording of answer {answer_id} is not in the data folder; "
                       "the backup says it has none")  # fmt: skip
    if forgotten:
        database.executemany("UPDATE answers SET recording_path = NULL WHERE id = ?", [(i,) for i in forgotten])
        database.commit()


def _add_file(archive: zipfile.ZipFile, source: Path, name: str) -> BackupFile:
    with source.open("rb") as reader:
        status = os.fstat(reader.fileno())
        info = private_entry(name, mtime=status.st_mtime, stored=source.suffix.lower() in _STORED_SUFFIXES)
        info.file_size = status.st_size  # lets zipfile choose ZIP64 for large files up front
        digest = hashlib.sha256()
        size = 0
        with archive.open(info, "w") as writer:
            while chunk := reader.read(_CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
    return BackupFile(name, size, digest.hexdigest())


def _files_under(folder: Path, skipped: list[str], root: Path) -> Iterator[Path]:
    """Regular files, sorted; symbolic links are neither followed nor stored."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for current, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            path = Path(current, name)
            if path.is_symlink():
                skipped.append(f"{path.relative_to(root).as_posix()}: it is a symbolic link")
            elif path.is_file():
                yield path


# Inspect


def inspect_backup(path: Path, *, limits: BackupLimits = DEFAULT_LIMITS) -> BackupManifest:
    """The archive's manifest, once its table of contents and manifest pass every check.

    File contents are checked (size, sha256, database integrity) by restore_backup as it unpacks them.
    """
    path = Path(path)
    with _open_archive(path) as archive:
        return _check_archive(archive, path, limits)


@contextlib.contextmanager
def _open_archive(path: Path) -> Iterator[zipfile.ZipFile]:
    with open_zip(path, f"{path} is not an Interview Coach backup, or it is damaged", BackupError) as archive:
        yield archive


def _check_archive(archive: zipfile.ZipFile, path: Path, limits: BackupLimits) -> BackupManifest:
    infos = archive.infolist()
    seen = check_count_and_duplicates(infos, path, limits, BackupError)
    if MANIFEST_NAME not in seen:
        raise BackupError(f"{path} is not an Interview Coach backup: it has no {MANIFEST_NAME}.")
    total = 0
    for info in infos:  # every name, type and size before a byte of the manifest is parsed
        _check_entry(info, path, limits)
        total += info.file_size
    check_total(total, limits.max_total_bytes, path, BackupError)
    manifest = _read_manifest(archive, archive.getinfo(MANIFEST_NAME), path, limits)
    listed = {f.path: f for f in manifest.files}
    if len(listed) != len(manifest.files):
        raise BackupError(f"{path} is damaged: its manifest lists a file more than once.")
    for info in infos:
        if info.filename != MANIFEST_NAME and info.filename not in listed:
            raise BackupError(f"{path} was refused: the entry {info.filename!r} is not listed in its manifest.")
    for item in manifest.files:
        if item.path not in seen:
            raise BackupError(f"{path} is damaged: {item.path} is listed in its manifest but missing.")
        if archive.getinfo(item.path).file_size != item.size:
            raise BackupError(f"{path} is damaged: {item.path} does not have the size its manifest gives.")
    if DATABASE_NAME not in listed:
        raise BackupError(f"{path} is damaged: it holds no database ({DATABASE_NAME}).")
    return manifest


def _check_entry(info: zipfile.ZipInfo, path: Path, limits: BackupLimits) -> None:
    name = entry_name(info)  # as written, before zipfile cut it at a NUL
    problem = _name_problem(name) or entry_problem(info, limits, "backups")
    if problem:
        raise BackupError(f"{path} was refused: the entry {name!r} {problem}.")


def _name_problem(name: str) -> str | None:
    """Why an archive path is not acceptable, or None. Only plain relative paths in known places pass."""
    problem = path_problem(name)
    if problem:
        return problem
    parts = name.split("/")
    if name in (MANIFEST_NAME, DATABASE_NAME) or (parts[0] in FOLDERS and len(parts) > 1):
        return None
    places = ", ".join([MANIFEST_NAME, DATABASE_NAME, *(f"{folder}/" for folder in FOLDERS)])
    return f"is outside the places a backup holds ({places})"


def _read_manifest(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, limits: BackupLimits) -> BackupManifest:
    if info.file_size > limits.max_manifest_bytes:
        raise BackupError(f"{path} was refused: its manifest is {format_size(info.file_size)}, far too large.")
    _check_entry(info, path, limits)
    try:
        raw = read_capped(archive, info, limits.max_manifest_bytes)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as error:
        raise BackupError(f"{path} is damaged: its manifest cannot be read ({error}).") from error
    try:
        data = load_json(raw, max_bytes=limits.max_manifest_bytes)
    except JsonFormatError as error:
        raise BackupError(f"{path} is damaged: its manifest cannot be read (it {error}).") from error
    if not isinstance(data, dict):
        raise BackupError(f"{path} is damaged: its manifest is not a JSON object.")
    if data.get("format") != BACKUP_FORMAT:
        found = shown(data.get("format"))
        raise BackupError(f"{path} is not an Interview Coach backup (its manifest's format is {found}).")
    version = data.get("version")
    if not is_int(version) or version < 1:
        raise BackupError(f"{path} is damaged: its manifest has no valid format version.")
    app_version = data.get("app_version", "?")
    if not isinstance(app_version, str) or _shown_text_problem(app_version):
        raise BackupError(f"{path} is damaged: its manifest's app_version is not a version number.")
    if version > BACKUP_VERSION:
        raise BackupError(
            f"{path} was made by a newer version of Interview Coach ({app_version}, backup format {version}; "
            f"this version reads format {BACKUP_VERSION}). Update the app to restore it."
        )
    schema = data.get("schema_version")
    if not is_int(schema):
        raise BackupError(f"{path} is damaged: its manifest has no valid schema_version.")
    if schema > LATEST_VERSION:
        raise BackupError(
            f"{path} holds data from a newer version of Interview Coach ({app_version}, schema {schema}; this version "
            f"understands up to {LATEST_VERSION}). Update the app to restore it."
        )
    try:
        return BackupManifest(
            format=BACKUP_FORMAT,
            version=version,
            created_at=_moment(data["created_at"]),
            app_version=app_version,
            schema_version=schema,
            counts=_parse_counts(data.get("counts", {})),
            files=tuple(_parse_file(entry) for entry in _list(data["files"])),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError(f"{path} is damaged: its manifest is incomplete or malformed ({error}).") from error


def _parse_counts(data: Any) -> DataCounts:
    if not isinstance(data, dict):
        raise ValueError("counts is not an object")
    tables = data.get("tables", {})
    if not isinstance(tables, dict) or not all(
        _TABLE_NAME.fullmatch(k) and is_int(v) and v >= 0 for k, v in tables.items()
    ):
        raise ValueError("counts.tables is not a table of numbers")
    recordings, banks = data.get("recordings", 0), data.get("question_banks", 0)
    if not is_int(recordings) or not is_int(banks) or recordings < 0 or banks < 0:
        raise ValueError("counts of files are not numbers")
    return DataCounts(dict(tables), recordings, banks)


def _parse_file(entry: Any) -> BackupFile:
    if not isinstance(entry, dict):
        raise ValueError("a files entry is not an object")
    size, digest = entry["size"], _text(entry["sha256"])
    if not is_int(size) or size < 0:
        raise ValueError("a file size is not a number")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError("a sha256 is not 64 hexadecimal digits")
    return BackupFile(_text(entry["path"]), size, digest)  # each is matched to an entry, whose name is checked


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{str(value)[:40]!r} is not text")
    return value


def _shown_text_problem(text: str) -> str | None:
    """Text a manifest shows before it is restored: one short line without control characters."""
    if len(text) > _MAX_SHOWN_TEXT:
        return "is too long"
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
        return "contains control characters"
    return None


def _moment(value: Any) -> str:
    text = _text(value)
    if _shown_text_problem(text) or moment_problem(text):
        raise ValueError(f"created_at {text[:40]!r} is not a date and time")
    return text


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("files is not a list")
    return value


# Restore


def existing_data(layout: DataLayout) -> DataCounts:
    """What a restore would replace. A database that cannot be read still counts as data.

    Like the app opening it, this recovers a database left with a -wal file by a crash (the WAL's
    transactions are checkpointed into it), so what is counted is what would be moved aside.
    """
    tables: dict[str, int] = {}
    readable = True
    if layout.database.exists():
        try:
            connection = sqlite3.connect(f"{layout.database.absolute().as_uri()}?mode=rw", uri=True)
            try:
                connection.execute("PRAGMA busy_timeout = 5000")
                tables = _table_counts(connection)
            finally:
                connection.close()
        except sqlite3.Error:
            readable = False
    return DataCounts(
        tables,
        recordings=_count_files(layout.recordings),
        question_banks=_count_files(layout.user_banks),
        database_readable=readable,
    )


def restore_backup(
    path: Path,
    layout: DataLayout,
    *,
    replace: bool,
    limits: BackupLimits = DEFAULT_LIMITS,
    clock: Clock = utc_now,
) -> RestoreSummary:
    """Replaces the data folder's database, recordings and question banks with the archive's.

    Raises RestoreNeedsConfirmation (before touching anything) when the folder holds data and
    `replace` is False, and BackupError for any archive that fails a check; either way nothing changes.
    """
    path = Path(path)
    with _open_archive(path) as archive:
        manifest = _check_archive(archive, path, limits)
        existing = existing_data(layout)
        if not replace and not existing.is_empty:
            raise RestoreNeedsConfirmation(layout.root, existing)
        needed = manifest.total_bytes + limits.free_space_margin_bytes
        free = free_bytes(layout.root)
        if free is not None and free < needed:
            raise BackupError(
                f"Not enough free disk space to restore {path}: it needs {format_size(needed)} "
                f"and {format_size(free)} is free."
            )
        staging = layout.root / STAGING_NAME
        try:
            create_private_dirs(layout.root)  # a folder already there keeps its mode until the restore succeeds
            if staging.exists() or staging.is_symlink():
                _remove(staging)  # left by an earlier restore that was cut short
            make_private_dir(staging)
            # The database first: it is checked (schema and every row) before any other file is unpacked.
            database = next(item for item in manifest.files if item.path == DATABASE_NAME)
            _unpack(archive, [database], staging, path)
            _check_database(staging / DATABASE_NAME, manifest, path)
            _unpack(archive, [item for item in manifest.files if item is not database], staging, path)
            moved_aside = _swap_in(staging, layout, clock)
        except OSError as error:
            raise BackupError(write_failure("restore into", layout.root, error)) from error
        finally:
            with contextlib.suppress(OSError):
                _remove(staging)
    return RestoreSummary(manifest, existing, moved_aside)


def _unpack(archive: zipfile.ZipFile, items: list[BackupFile], staging: Path, path: Path) -> None:
    made: set[Path] = {staging}
    root = staging.resolve()
    for item in items:
        parts = item.path.split("/")
        target = staging.joinpath(*parts)
        if not target.resolve().is_relative_to(root):  # _name_problem already refused this; be sure anyway
            raise BackupError(f"{path} was refused: the entry {item.path!r} leads out of the data folder.")
        folder = staging
        for part in parts[:-1]:
            folder = folder / part
            if folder not in made:
                make_private_dir(folder)
                made.add(folder)
        digest = hashlib.sha256()
        size = 0
        try:
            with archive.open(archive.getinfo(item.path)) as reader, create_private(target) as writer:
                while chunk := reader.read(_CHUNK):
                    size += len(chunk)
                    if size > item.size:
                        break
                    digest.update(chunk)
                    writer.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as error:
            raise BackupError(f"{path} is damaged: {item.path} cannot be unpacked ({error}).") from error
        if size != item.size or digest.hexdigest() != item.sha256:
            raise BackupError(f"{path} is damaged: {item.path} does not match the checksum in its manifest.")


def _check_database(database: Path, manifest: BackupManifest, path: Path) -> None:
    try:
        connection = sqlite3.connect(f"{database.absolute().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path} is damaged: its database cannot be opened ({error}).") from error
    try:
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA cell_size_check = ON")
        result = [str(row[0]) for row in connection.execute("PRAGMA integrity_check(20)")]
        if result != ["ok"]:
            first = (result[0].splitlines() or ["?"])[0]
            raise BackupError(f"{path} is damaged: its database fails SQLite's integrity check ({first}).")
        version = schema_version(connection)
        if version > LATEST_VERSION:
            raise BackupError(
                f"{path} holds data from a newer version of Interview Coach (schema {version}; this version "
                f"understands up to {LATEST_VERSION}). Update the app to restore it."
            )
        if version != manifest.schema_version:
            raise BackupError(f"{path} is damaged: its database is not the schema version its manifest gives.")
        if version < 1 or _schema(connection) != _expected_schema(version):
            raise BackupError(
                f"{path} was refused: its database does not have the tables Interview Coach creates "
                f"(schema version {version})."
            )
        if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise BackupError(f"{path} is damaged: its database has rows that belong to nothing.")
        try:
            check_contents(connection, {f.path for f in manifest.files if f.path != DATABASE_NAME})
        except ContentError as error:
            raise BackupError(f"{path} was refused: in its database, {error}.") from error
        if version >= SUMMARIES_VERSION:
            rebuild_summaries(connection)  # derived data: made again from the checked rows, never trusted
        rebuild_derived(connection)  # the transcript index, from the checked analyses
        connection.commit()
        connection.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"{path} is damaged: its database cannot be read ({error}).") from error
    finally:
        connection.close()


def _schema(connection: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return {(str(t), str(n), str(tbl), " ".join(str(sql or "").split())) for t, n, tbl, sql in rows}


def _expected_schema(version: int) -> set[tuple[str, str, str, str]]:
    """The schema this app's migrations give a database at `version`: anything else was not made by us."""
    connection = sqlite3.connect(":memory:")
    try:
        for step in MIGRATIONS[:version]:
            connection.executescript(step)
        return _schema(connection)
    finally:
        connection.close()


def _swap_in(staging: Path, layout: DataLayout, clock: Clock) -> Path | None:
    """Moves the current data aside, then the restored data in; undoes the moves if one fails."""
    database = layout.database
    current = [
        *(database.with_name(database.name + side) for side in ("", *_DATABASE_SIDE_FILES)),
        *(layout.root / folder for folder in FOLDERS),
    ]
    current = [p for p in current if p.exists() or p.is_symlink()]
    moves: list[tuple[Path, Path]] = []

    def move(source: Path, target: Path) -> None:
        os.replace(source, target)
        moves.append((source, target))

    aside = None
    try:
        if current:
            aside = _unused(layout.root / f"{REPLACED_PREFIX}{clock().strftime('%Y%m%dT%H%M%SZ')}")
            make_private_dir(aside)
            for item in current:  # the old database moves with its -wal: a stale WAL must never meet the new one
                move(item, aside / item.name)
        move(staging / DATABASE_NAME, database)
        for folder in FOLDERS:
            if (staging / folder).exists():
                move(staging / folder, layout.root / folder)
        layout.ensure()
    except OSError:
        for source, target in reversed(moves):
            with contextlib.suppress(OSError):
                os.replace(target, source)
        if aside is not None:
            with contextlib.suppress(OSError):
                aside.rmdir()
        raise
    fsync_folder(layout.root)
    return aside


def _unused(path: Path) -> Path:
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


# Helpers


def _table_counts(connection: sqlite3.Connection) -> dict[str, int]:
    names = [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    # Derived from the others (aggregates, the transcript index, the schedule cache's change counter):
    # rebuilt or reset, not data to count.
    names = [
        name for name in names if name not in SUMMARY_TABLES and name not in DERIVED_TABLES and name != "schedule_state"
    ]
    quoted = {name: '"' + name.replace('"', '""') + '"' for name in names}
    return {name: int(connection.execute(f"SELECT count(*) FROM {quoted[name]}").fetchone()[0]) for name in names}


def _count_files(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(1 for _, _, names in os.walk(folder) for _ in names)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
