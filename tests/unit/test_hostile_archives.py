"""Backups, review packs and scores files mailed by an attacker: every one is refused with one clear sentence,
before anything is trusted, and the data folder is left exactly as it was. Never a traceback.

The cases here are those the table-of-contents and schema checks of test_backup.py and test_review_pack.py
did not catch: paths stored *inside* the database, column contents and types, JSON that nests too deeply
or holds numbers Python cannot print, entry names with a NUL, and names that collide on a case-insensitive
file system.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import stat
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from interview_coach.domain.delivery import analyse_delivery
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.analysis_repository import AnalysisRepository
from interview_coach.storage.backup import BackupError, create_backup, inspect_backup, restore_backup
from interview_coach.storage.database import open_database
from interview_coach.storage.export import export_document
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.migrations import LATEST_VERSION, MIGRATIONS
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.review_pack import (
    ReviewPackError,
    export_review_pack,
    import_scores_file,
    load_draft,
    open_review_pack,
    save_draft,
    write_scores_file,
)
from tests.support.timed_words import timed_words

DB_NAME = "interview-coach.sqlite3"
LEVELS = ["Poor.", "Weak.", "Fair.", "Good.", "Excellent."]
QUESTION = {"bank_id": "opening", "id": "about", "key": "opening/about", "text": "Tell me about yourself.",
            "category": "opening", "tags": ["intro"], "think_seconds": 30, "answer_seconds": 120,
            "strong_answer": "A story.", "follow_ups": ["Why?"], "criteria": ["fit"], "handling": ""}  # fmt: skip
RUBRIC = {"id": "default", "title": "Rubric",
          "criteria": [{"id": "fit", "name": "Fit with the role", "summary": "Ties it to the role.",
                        "levels": LEVELS, "in_person": False}]}  # fmt: skip
FLAC = b"fLaC" + bytes(200)
ANALYSIS = analyse_delivery(
    timed_words("Um, I led the billing migration."),
    [(1.0, 2.0), (4.5, 6.0)],
    model="tiny.en",
)


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def fill(layout: DataLayout) -> int:
    """One session, two recorded and scored answers, a note, a follow-up, a journal entry and a bank."""
    layout.ensure()
    db = open_database(layout.database)
    try:
        repo = PracticeRepository(db, FakeClock())
        session = repo.create_session("solo", {"setup": {"question_count": 2}, "plan": [QUESTION], "rubric": "default"})
        for position in (1, 2):
            answer = repo.add_answer(
                session.id,
                position,
                QuestionSnapshot.from_json(QUESTION),
                RubricSnapshot.from_json(RUBRIC),
                AnswerTimings(30, 120),
            )
            relative = f"recordings/{session.id}/{position:02d}-abcd123{position}.flac"
            (layout.root / relative).parent.mkdir(parents=True, exist_ok=True)
            (layout.root / relative).write_bytes(FLAC + bytes([position]))
            repo.update_answer(answer.id, status="recorded", recording_path=relative,
                               timings=AnswerTimings(30, 120, 4.5, 95.25, 0.5, False, 0.3))  # fmt: skip
            repo.add_scores(answer.id, SELF, {"fit": 4})
            repo.add_scores(answer.id, Scorer("friend", "Sam"), {"fit": 5})
            repo.set_note(answer.id, SELF, "Lead with the result.")
            repo.add_follow_up(answer.id, "What did you learn?", "bank", 12.5)
            AnalysisRepository(db, FakeClock()).save(answer.id, ANALYSIS)
        repo.end_session(session.id)
        db.execute("INSERT INTO settings (key, value_json) VALUES ('audio', '{\"voice\": \"en\"}')")
        db.execute(
            """INSERT INTO journal_entries (company, role, applied_on, stage_reached, outcome, created_at, updated_at)
               VALUES ('Kestrel', 'Coordinator', '2026-07-18', 'interview', 'rejected',
                       '2026-08-02T18:30:00.000+00:00', '2026-08-02T18:30:00.000+00:00')"""
        )
        db.execute(
            """INSERT INTO action_items (entry_id, area, action, due_on, created_at, updated_at)
               VALUES (1, 'fit', 'Practise', '2026-08-16', '2026-08-02T18:30:00.000+00:00',
                       '2026-08-02T18:30:00.000+00:00')"""
        )
        return session.id
    finally:
        db.close()
        (layout.user_banks / "mine.toml").write_text('[bank]\nid = "mine"\n', encoding="utf-8")


@dataclass
class Backup:
    files: dict[str, bytes]  # entries, manifest apart
    manifest: dict[str, Any]
    session_id: int


@pytest.fixture(scope="module")
def backup_parts(tmp_path_factory: pytest.TempPathFactory) -> Backup:
    folder = tmp_path_factory.mktemp("backup-source")
    layout = DataLayout(folder / "data")
    session_id = fill(layout)
    made = create_backup(layout, folder / "good.zip")
    with zipfile.ZipFile(made.path) as opened:
        files = {n: opened.read(n) for n in opened.namelist() if n != "manifest.json"}
        return Backup(files, json.loads(opened.read("manifest.json")), session_id)


def write_zip(path: Path, entries: dict[str, bytes], manifest: dict[str, Any] | bytes | None = None) -> Path:
    """A zip of `entries` with a manifest listing each of them exactly (sizes and checksums match)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as opened:
        for name, data in entries.items():
            opened.writestr(name, data)
        if manifest is not None:
            opened.writestr("manifest.json", manifest if isinstance(manifest, bytes) else json.dumps(manifest))
    return path


def listing(entries: dict[str, bytes]) -> list[dict[str, Any]]:
    return [{"path": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in entries.items()]


def backup_with(
    path: Path,
    parts: Backup,
    *,
    sql: str | tuple[str, ...] = (),
    files: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    manifest: dict[str, Any] | bytes | None = None,
) -> Path:
    """The good backup with `sql` run on its database (constraints off, as an attacker's own tools would),
    extra `files`, and `drop`ped entries; the manifest lists everything so only content checks can object."""
    entries = {n: d for n, d in parts.files.items() if n not in drop}
    if sql:
        work = path.with_suffix(".sqlite3")
        work.write_bytes(entries[DB_NAME])
        connection = sqlite3.connect(work)
        connection.execute("PRAGMA ignore_check_constraints = ON")
        for statement in (sql,) if isinstance(sql, str) else sql:
            connection.execute(statement)
        connection.commit()
        connection.close()
        entries[DB_NAME] = work.read_bytes()
        work.unlink()
    entries.update(files or {})
    document = manifest if manifest is not None else {**parts.manifest, "files": listing(entries)}
    return write_zip(path, entries, document)


@dataclass
class Occupied:
    layout: DataLayout
    victim: Path

    def snapshot(self) -> dict[str, tuple[int, bytes]]:
        """Every file and folder under the data folder and beside it, with its mode and content."""
        found: dict[str, tuple[int, bytes]] = {}
        for base in (self.layout.root, self.victim.parent):
            for path in sorted([base, *base.rglob("*")]):
                mode = path.lstat().st_mode
                data = path.read_bytes() if stat.S_ISREG(mode) else b""
                found[str(path)] = (mode, data)
        return found


@pytest.fixture
def occupied(tmp_path: Path) -> Occupied:
    layout = DataLayout(tmp_path / "home" / "data")
    fill(layout)
    victim = tmp_path / "home" / "victim.txt"
    victim.write_text("someone's precious file", encoding="utf-8")
    victim.chmod(0o644)
    return Occupied(layout, victim)


@pytest.fixture
def refused(occupied: Occupied) -> Callable[..., str]:
    """Checks a restore refuses the archive with one line naming it, changing nothing; returns the message."""

    def check(path: Path, match: str, *, inspect: bool = False) -> str:
        if inspect:
            with pytest.raises(BackupError, match=match):
                inspect_backup(path)
        before = occupied.snapshot()
        with pytest.raises(BackupError, match=match) as error:
            restore_backup(path, occupied.layout, replace=True)
        assert occupied.snapshot() == before
        message = str(error.value)
        assert str(path) in message and "\n" not in message and "\x00" not in message
        return message

    return check


def test_the_good_backup_restores_so_each_hostile_case_tests_one_thing(backup_parts: Backup, tmp_path: Path) -> None:
    path = backup_with(tmp_path / "fine.zip", backup_parts, sql="UPDATE answers SET think_seconds = 4.5")
    target = DataLayout(tmp_path / "target")
    restore_backup(path, target, replace=False)
    connection = sqlite3.connect(target.database)
    assert export_document(connection)["sessions"][0]["answers"][0]["recording"].startswith("recordings/")
    connection.close()


# 1. Paths stored in the database


def hostile_paths(session_id: int) -> dict[str, str]:
    return {
        "parent": "../victim.txt",
        "absolute": "/etc/passwd",
        "through recordings": "recordings/../../victim.txt",
        "NUL": f"recordings/{session_id}/01-abcd1231.flac\x00.txt",
        "control character": f"recordings/{session_id}/01-abcd1231\x1b.flac",
        "drive letter": "C:/Users/victim/victim.txt",
        "drive relative": "C:victim.txt",
        "UNC": "\\\\server\\share\\victim.txt",
        "backslashes": f"recordings\\{session_id}\\01-abcd1231.flac",
        "a folder": f"recordings/{session_id}/",
        "a folder in the archive": f"recordings/{session_id}",
        "not in the archive": f"recordings/{session_id}/09-00000000.flac",
        "outside recordings": "question_banks/mine.toml",
        "the database": DB_NAME,
        "empty": "",
        "dot": ".",
    }


@pytest.mark.parametrize(
    "case",
    ["parent", "absolute", "through recordings", "NUL", "control character", "drive letter", "drive relative", "UNC",
     "backslashes", "a folder", "a folder in the archive", "not in the archive", "outside recordings", "the database",
     "empty", "dot"],
)  # fmt: skip
def test_a_backup_whose_database_names_a_path_outside_its_recordings_is_refused(
    case: str, backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    value = hostile_paths(backup_parts.session_id)[case]
    path = backup_with(tmp_path / "paths.zip", backup_parts, sql=f"UPDATE answers SET recording_path = {sql(value)}")
    message = refused(path, "its database")
    assert "recording" in message


def test_a_recording_path_that_is_a_number_is_refused(
    backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    path = backup_with(tmp_path / "n.zip", backup_parts, sql="UPDATE answers SET recording_path = 42")
    refused(path, "its database")


def test_a_recording_path_naming_a_symbolic_link_entry_is_refused(
    backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    entries = dict(backup_parts.files)
    work = tmp_path / "db.sqlite3"
    work.write_bytes(entries[DB_NAME])
    connection = sqlite3.connect(work)
    connection.execute("UPDATE answers SET recording_path = 'recordings/1/link.flac'")
    connection.commit()
    connection.close()
    entries[DB_NAME] = work.read_bytes()
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as opened:
        for name, data in entries.items():
            opened.writestr(name, data)
        link = zipfile.ZipInfo("recordings/1/link.flac", date_time=(2026, 1, 1, 0, 0, 0))
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        opened.writestr(link, str(Path("..", "..", "victim.txt")))
        document = {
            **backup_parts.manifest,
            "files": listing({**entries, "recordings/1/link.flac": b"../../victim.txt"}),
        }
        opened.writestr("manifest.json", json.dumps(document))
    refused(path, "is a symbolic link", inspect=True)


def test_a_take_cut_short_may_name_its_wav_when_the_flac_was_kept(backup_parts: Backup, tmp_path: Path) -> None:
    """What the app itself leaves after a crash between converting a take and updating its row."""
    session = backup_parts.session_id
    path = backup_with(
        tmp_path / "crash.zip",
        backup_parts,
        sql=f"UPDATE answers SET status = 'recording', recording_path = 'recordings/{session}/01-abcd1231.wav' "
        "WHERE position = 1",
    )
    restore_backup(path, DataLayout(tmp_path / "target"), replace=False)


# 2. Column types, ranges, JSON shapes, dates and enums


def sql(value: object) -> str:
    """A literal for `value` that keeps its bytes (NUL included) and its SQLite type."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return f"CAST(x'{value.encode('utf-8', 'surrogatepass').hex()}' AS TEXT)"
    return repr(value)


CONTENT: dict[str, str | tuple[str, ...]] = {
    "text in an integer column": "UPDATE answers SET position = 'abc' WHERE position = 1",
    "text in a real column": "UPDATE answers SET think_seconds = 'slow'",
    "a blob in a text column": "UPDATE notes SET body = x'00ff'",
    "text that is not UTF-8": "UPDATE notes SET body = CAST(x'fffe' AS TEXT)",
    "a real in an integer column": "UPDATE answers SET attempt = 1.5",
    "an infinite number of seconds": "UPDATE answers SET answer_seconds = 1e999",
    "negative seconds": "UPDATE answers SET think_seconds = -5",
    "a score out of range": "UPDATE scores SET value = 9",
    "a score as binary data": "UPDATE scores SET value = x'35'",
    "over_limit that is not 0 or 1": "UPDATE answers SET over_limit = 7",
    "an unknown mode": "UPDATE sessions SET mode = 'evil'",
    "an unknown answer status": "UPDATE answers SET status = 'pwned'",
    "an unknown scorer": "UPDATE scores SET scorer_kind = 'robot'",
    "an unknown follow-up source": "UPDATE follow_ups SET source = 'shell'",
    "an unknown journal outcome": "UPDATE journal_entries SET outcome = 'hired?'",
    "a date that is not a date": "UPDATE journal_entries SET applied_on = 'last tuesday'",
    "a due date that is not a date": "UPDATE action_items SET due_on = '2026-02-30'",
    "a time that is not a time": "UPDATE sessions SET started_at = 'yesterday'",
    "a time without a time zone": "UPDATE scores SET scored_at = '2026-11-01T09:00:00'",
    "a time in year 1": "UPDATE notes SET created_at = '0001-01-01T00:00:00+14:00'",
    "a question snapshot that is not JSON": "UPDATE answers SET question_json = '{oops'",
    "a question snapshot that is a list": "UPDATE answers SET question_json = '[]'",
    "a question snapshot nested too deeply": "UPDATE answers SET question_json = '" + "[" * 5000 + "]" * 5000 + "'",
    "a question text that is a number": """UPDATE answers SET question_json = '{"text": 5}'""",
    "question tags that are not a list": """UPDATE answers SET question_json = '{"text": "Q", "tags": "a"}'""",
    "an improper note that is a list": """UPDATE answers SET question_json = '{"text": "Q", "improper": ["a"]}'""",
    "a rubric whose criteria are not a list": """UPDATE answers SET rubric_json = '{"criteria": 5}'""",
    "a rubric criterion without an id": """UPDATE answers SET rubric_json = '{"criteria": [{"name": "x"}]}'""",
    "rubric levels that are not text": (
        """UPDATE answers SET rubric_json = '{"criteria": [{"id": "fit", "levels": [1, 2, 3, 4, 5]}]}'"""
    ),
    "in_person that is not true or false": (
        """UPDATE answers SET rubric_json = '{"criteria": [{"id": "fit", "in_person": "yes"}]}'"""
    ),
    "session settings that are a list": "UPDATE sessions SET settings_json = '[1]'",
    "a plan that is not a list": """UPDATE sessions SET settings_json = '{"plan": {"a": 1}}'""",
    "a planned question that is text": """UPDATE sessions SET settings_json = '{"plan": ["Q"]}'""",
    "a number with 5,000 digits": 'UPDATE sessions SET settings_json = \'{"n": ' + "9" * 5000 + "}'",
    "NaN in a setting": "UPDATE settings SET value_json = 'NaN'",
    "Infinity in a setting": """UPDATE settings SET value_json = '{"volume": Infinity}'""",
    "a setting nested too deeply": "UPDATE settings SET value_json = '" + "[" * 5000 + "]" * 5000 + "'",
    "a setting key that is binary data": "UPDATE settings SET key = x'6b6579'",
    "a review pack id that is a path": (
        "INSERT INTO review_packs VALUES ('../../x', 1, '{}', '2026-11-01T09:00:00.000+00:00')"
    ),
    "review pack answer ids that are text": (
        "INSERT INTO review_packs VALUES "
        """('0123456789abcdef0123456789abcdef', 1, '{"01": "x"}', '2026-11-01T09:00:00.000+00:00')"""
    ),
    "an import digest that is not a digest": (
        "INSERT INTO review_imports (pack_id, reviewer_name, digest, answer_count, imported_at) VALUES "
        "('0123456789abcdef0123456789abcdef', 'Sam', 'x', 1, '2026-11-01T09:00:00.000+00:00')"
    ),
    "a row that belongs to nothing": "UPDATE scores SET answer_id = 999",
}


@pytest.mark.parametrize("case", sorted(CONTENT))
def test_a_backup_whose_database_holds_what_the_app_never_writes_is_refused(
    case: str, backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    refused(backup_with(tmp_path / "content.zip", backup_parts, sql=CONTENT[case]), "its database")


SCHEMA: dict[str, str] = {
    "a view": "CREATE VIEW everything AS SELECT * FROM answers",
    "an extra table": "CREATE TABLE payload (x)",
    "an extra index": "CREATE INDEX sneaky ON notes(body)",
    "statistics": "ANALYZE",
    "a trigger": "CREATE TRIGGER t AFTER UPDATE ON notes BEGIN SELECT 1; END",
    "a newer schema": f"PRAGMA user_version = {LATEST_VERSION + 1}",
    "no schema version": "PRAGMA user_version = 0",
}


@pytest.mark.parametrize("case", sorted(SCHEMA))
def test_a_backup_whose_database_has_schema_objects_the_app_never_creates_is_refused(
    case: str, backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    refused(backup_with(tmp_path / "schema.zip", backup_parts, sql=SCHEMA[case]), "its database|newer version")


def test_a_restore_with_text_in_an_integer_column_never_reaches_the_export(
    backup_parts: Backup, tmp_path: Path
) -> None:
    path = backup_with(tmp_path / "abc.zip", backup_parts, sql="UPDATE answers SET position = 'abc' WHERE position = 1")
    target = DataLayout(tmp_path / "target")
    with pytest.raises(BackupError, match=r"answers\.position"):
        restore_backup(path, target, replace=False)
    assert not target.database.exists()


def test_every_column_of_the_schema_has_a_content_rule() -> None:
    """A new migration step that adds a column must say what the column may hold, or restores refuse it."""
    from interview_coach.storage.database_contents import COLUMN_RULES, DERIVED_TABLES

    connection = sqlite3.connect(":memory:")
    for step in MIGRATIONS:
        connection.executescript(step)
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert set(tables) > DERIVED_TABLES  # the transcript index is rebuilt on restore, not checked
    for table in set(tables) - DERIVED_TABLES:
        columns = {r[1] for r in connection.execute(f"PRAGMA table_info({table})")}
        assert columns == set(COLUMN_RULES[table]), table
    connection.close()


# 3. JSON that nests too deeply, or holds numbers that cannot be printed


MANIFESTS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "nested too deeply": lambda m: (
        b'{"format": "interview-coach-backup", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    ),
    "a number with 5,000 digits": lambda m: json.dumps(m).replace('"version": 1', '"version": 1' + "0" * 5000).encode(),
    "a size with 5,000 digits": lambda m: json.dumps(m).replace('"size": ', '"size": ' + "1" * 5000, 1).encode(),
    "NaN": lambda m: json.dumps(m).replace('"version": 1', '"version": NaN').encode(),
    "Infinity": lambda m: json.dumps(m).replace('"schema_version": ', '"schema_version": Infinity, "x": ').encode(),
    "a key twice": lambda m: json.dumps(m).replace('"format": ', '"format": "other", "format": ').encode(),
    "a lone surrogate": lambda m: json.dumps({**m, "app_version": "\ud800"}).encode(),
    "a creation time in year 1": lambda m: json.dumps({**m, "created_at": "0001-01-01T00:00:00+14:00"}).encode(),
    "a BOM": lambda m: b"\xef\xbb\xbf" + json.dumps(m).encode(),
}


@pytest.mark.parametrize("case", sorted(MANIFESTS))
def test_a_backup_manifest_that_is_hostile_json_is_refused_without_a_traceback(
    case: str, backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    manifest = {**backup_parts.manifest, "files": listing(backup_parts.files)}
    path = write_zip(tmp_path / "manifest.zip", backup_parts.files, MANIFESTS[case](manifest))
    refused(path, "manifest", inspect=True)


LOADER_REFUSES = {
    "nested too deeply for Python": (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
    "nested past the cap": (b"[" * 33 + b"]" * 33, "nests more than 32 levels deep"),
    "objects nested past the cap": (b'{"a": ' * 33 + b"1" + b"}" * 33, "nests more than 32 levels deep"),
    "5,000 digits": (b"9" * 5000, "more than 19 digits"),
    "20 digits": (b"12345678901234567890", "more than 19 digits"),
    "past 64 bits": (b"9999999999999999999", "too large to store"),
    "a float that overflows": (b"1e400", "too large to use"),
    "a float written long": (b"0." + b"0" * 100 + b"1", "more than 64 characters"),
    "NaN": (b"NaN", "holds NaN"),
    "-Infinity": (b"[-Infinity]", "holds -Infinity"),
    "a key twice": (b'{"a": 1, "a": 2}', "gives the key 'a' twice"),
    "a lone surrogate": (b'["\\udc00"]', "lone surrogate"),
    "a lone surrogate as a key": (b'{"\\ud800": 1}', "lone surrogate"),
    "not UTF-8": (b'"\xff"', "is not UTF-8"),
    "a byte-order mark": (b"\xef\xbb\xbf{}", "byte-order mark"),
    "too large": (b" " * 1_000_000 + b"{}", "larger than 1000000 bytes"),
    "not JSON": (b"{oops", "is not valid JSON"),
    "trailing data": (b"{} {}", "is not valid JSON"),
}


@pytest.mark.parametrize("case", sorted(LOADER_REFUSES))
def test_the_safe_loader_turns_every_hostile_document_into_a_format_error(case: str) -> None:
    from interview_coach.storage.safe_json import JsonFormatError, load_json

    data, message = LOADER_REFUSES[case]
    with pytest.raises(JsonFormatError, match=re.escape(message)):
        load_json(data, max_bytes=1_000_000)
    if case != "not UTF-8":
        with pytest.raises(JsonFormatError):  # the same from text
            load_json(data.decode("utf-8"), max_bytes=1_000_000)


def test_the_safe_loader_reads_what_the_app_writes() -> None:
    from interview_coach.storage.safe_json import load_json, stored_object

    document = {"a": [1, -2, 3.5, 1e300, 2**63 - 1, -(2**63), True, None, "caf\u00e9 \U0001f600"], "b": {"c": {}}}
    assert load_json(json.dumps(document).encode(), max_bytes=10_000) == document
    assert load_json("[" * 32 + "]" * 32, max_bytes=100) is not None
    assert stored_object('{"text": "Q"}') == {"text": "Q"}
    for unreadable in ("{oops", "[1]", "[" * 5000, None, 5, '{"n": ' + "9" * 5000 + "}"):
        assert stored_object(unreadable) == {}


def test_an_export_of_a_database_with_an_unreadable_snapshot_carries_on(tmp_path: Path) -> None:
    """The two lenient readers (export, review packs) share one loader: an unreadable snapshot reads as {}."""
    layout = DataLayout(tmp_path / "data")
    fill(layout)
    connection = open_database(layout.database)
    connection.execute("UPDATE answers SET question_json = ?, rubric_json = ? WHERE position = 1",
                       ("[" * 5000, '{"n": ' + "9" * 5000 + "}"))  # fmt: skip
    document = export_document(connection)
    connection.close()
    first = document["sessions"][0]["answers"][0]
    assert first["question"] == {} and first["rubric"] == {}


def test_the_apps_own_demo_data_passes_every_content_rule(tmp_path: Path) -> None:
    from bench.demo_data import generate
    from interview_coach.storage.database_contents import check_contents

    layout = DataLayout(tmp_path / "demo")
    layout.ensure()
    connection = open_database(layout.database)
    generate(connection, sessions=6, answers=40, months=2, end=datetime(2026, 11, 20, tzinfo=timezone.utc), seed=5)
    paths = {r[0] for r in connection.execute("SELECT recording_path FROM answers WHERE recording_path IS NOT NULL")}
    check_contents(connection, paths)
    connection.close()


# 4. Entry names: NUL, case and Unicode collisions, Windows names, flags


def patch_name(path: Path, placeholder: str, real: str) -> Path:
    """Renames an entry in both its local header and its central directory record (same length)."""
    assert len(placeholder.encode()) == len(real.encode())
    data = path.read_bytes()
    assert data.count(placeholder.encode()) == 2
    path.write_bytes(data.replace(placeholder.encode(), real.encode()))
    return path


def test_an_entry_name_with_a_nul_is_refused(backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]) -> None:
    """zipfile cuts the name at the NUL, so 'question_banks/evil.toml\\0.exe' reads as a harmless bank."""
    entries = {**backup_parts.files, "question_banks/evil.toml": b"# looks harmless\n"}
    manifest = {**backup_parts.manifest, "files": listing(entries)}
    disguised = {**backup_parts.files, "question_banks/evil.toml#.exe": b"# looks harmless\n"}
    path = write_zip(tmp_path / "nul.zip", disguised, manifest)
    patch_name(path, "evil.toml#.exe", "evil.toml\x00.exe")
    with zipfile.ZipFile(path) as opened:
        assert "question_banks/evil.toml" in opened.namelist()  # what zipfile makes of it
    message = refused(path, "control characters", inspect=True)
    assert "\\x00" in message


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("question_banks/mine.toml", "question_banks/MINE.toml"),
        ("question_banks/Caf\u00e9.toml", unicodedata.normalize("NFD", "question_banks/Caf\u00e9.toml")),
        ("recordings/1/01-abcd1231.flac", "Recordings/1/01-abcd1231.flac"),
    ],
)
def test_names_that_collide_on_a_case_insensitive_file_system_are_refused(
    first: str, second: str, backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    entries = {**backup_parts.files, first: b"# one\n", second: b"# two\n"}
    path = write_zip(tmp_path / "case.zip", entries, {**backup_parts.manifest, "files": listing(entries)})
    refused(path, "the same name", inspect=True)


@pytest.mark.parametrize(
    "name", ["question_banks/CON.toml", "question_banks/nul", "question_banks/lpt1.txt", "question_banks/x.toml.",
             "question_banks/x.toml ", "question_banks/" + "a" * 300]
)  # fmt: skip
def test_names_windows_cannot_hold_are_refused(
    name: str, backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    entries = {**backup_parts.files, name: b"# bank\n"}
    path = write_zip(tmp_path / "win.zip", entries, {**backup_parts.manifest, "files": listing(entries)})
    refused(path, "was refused: the entry", inspect=True)


def set_flag(path: Path, name: str, bit: int) -> Path:
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as opened:
        local = opened.getinfo(name).header_offset
    data[local + 6] |= bit
    start = data.find(b"PK\x01\x02")
    while start >= 0:
        length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + length] == name.encode():
            data[start + 8] |= bit
        start = data.find(b"PK\x01\x02", start + 4)
    path.write_bytes(bytes(data))
    return path


def test_an_entry_with_strong_encryption_is_refused(
    backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    path = write_zip(
        tmp_path / "enc.zip", backup_parts.files, {**backup_parts.manifest, "files": listing(backup_parts.files)}
    )
    refused(set_flag(path, "question_banks/mine.toml", 0x40), "is encrypted", inspect=True)


def test_an_ms_dos_folder_entry_is_refused(backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]) -> None:
    entries = dict(backup_parts.files)
    path = tmp_path / "dos.zip"
    with zipfile.ZipFile(path, "w") as opened:
        for name, data in entries.items():
            opened.writestr(name, data)
        folder = zipfile.ZipInfo("question_banks/folder", date_time=(2026, 1, 1, 0, 0, 0))
        folder.create_system = 0
        folder.external_attr = 0x10  # MS-DOS "directory"
        opened.writestr(folder, b"")
        opened.writestr(
            "manifest.json",
            json.dumps({**backup_parts.manifest, "files": listing({**entries, "question_banks/folder": b""})}),
        )
    refused(path, "is not a plain file", inspect=True)


# Review packs and scores files


@dataclass
class Candidate:
    layout: DataLayout
    db: sqlite3.Connection
    session_id: int


@pytest.fixture
def candidate(tmp_path: Path) -> Iterator[Candidate]:
    layout = DataLayout(tmp_path / "candidate")
    session_id = fill(layout)
    db = open_database(layout.database)
    yield Candidate(layout, db, session_id)
    db.close()


@pytest.fixture
def pack_file(candidate: Candidate, tmp_path: Path) -> Path:
    destination = tmp_path / "session.icreview"
    export_review_pack(candidate.db, candidate.layout.root, candidate.session_id, destination, candidate_name="Alex")
    return destination


@pytest.fixture
def pack_parts(pack_file: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(pack_file) as opened:
        recordings = {n: opened.read(n) for n in opened.namelist() if n != "manifest.json"}
        return json.loads(opened.read("manifest.json")), recordings


@pytest.fixture
def friend(tmp_path: Path) -> DataLayout:
    layout = DataLayout(tmp_path / "friend")
    layout.ensure()
    return layout


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def pack(path: Path, manifest: dict[str, Any] | bytes, recordings: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as opened:
        opened.writestr("manifest.json", manifest if isinstance(manifest, bytes) else json.dumps(manifest))
        for name, data in recordings.items():
            opened.writestr(name, data)
    return path


def first_answer(manifest: dict[str, Any], **changes: Any) -> dict[str, Any]:
    document = json.loads(json.dumps(manifest))
    document["answers"][0].update(changes)
    return document


PACK_MANIFESTS: dict[str, Callable[[dict[str, Any]], dict[str, Any] | bytes]] = {
    "nested too deeply": lambda m: b'{"format": "interview-coach-review-pack", "x": ' + b"[" * 100_000
    + b"]" * 100_000 + b"}",
    "a number with 5,000 digits": lambda m: json.dumps(m).replace('"attempt": 1', '"attempt": 1' + "0" * 5000).encode(),
    "NaN seconds": lambda m: json.dumps(m).replace('"think_seconds": 4.5', '"think_seconds": NaN').encode(),
    "a key twice": lambda m: json.dumps(m).replace('"pack_id": ', '"pack_id": "0" , "pack_id": ', 1).encode(),
    "a recording that is a list": lambda m: first_answer(m, recording=["recordings/01.flac"]),
    "a recording that is an object": lambda m: first_answer(m, recording={"path": "recordings/01.flac"}),
    "a session time that is not a time": lambda m: {**m, "session_started_at": "last tuesday"},
    "a session time in year 1": lambda m: {**m, "session_started_at": "0001-01-01T00:00:00+14:00"},
    "a lone surrogate in a question": lambda m: first_answer(m, question={**m["answers"][0]["question"],
                                                                          "text": "Why\ud800?"}),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(PACK_MANIFESTS))
def test_a_review_pack_with_a_hostile_manifest_is_refused_without_a_traceback(
    case: str, pack_parts: tuple[dict[str, Any], dict[str, bytes]], friend: DataLayout, tmp_path: Path
) -> None:
    manifest, recordings = pack_parts
    path = pack(tmp_path / "hostile.icreview", PACK_MANIFESTS[case](manifest), recordings)
    with pytest.raises(ReviewPackError, match=r"hostile\.icreview") as error:
        open_review_pack(path, friend.root)
    assert "\n" not in str(error.value)
    assert tree(friend.root) == {}


def test_a_review_pack_entry_with_a_nul_in_its_name_is_refused(
    pack_parts: tuple[dict[str, Any], dict[str, bytes]], friend: DataLayout, tmp_path: Path
) -> None:
    manifest, recordings = pack_parts
    renamed = {("recordings/01.flac#.sh" if n == "recordings/01.flac" else n): d for n, d in recordings.items()}
    path = patch_name(pack(tmp_path / "nul.icreview", manifest, renamed), "01.flac#.sh", "01.flac\x00.sh")
    with pytest.raises(ReviewPackError, match="control characters"):
        open_review_pack(path, friend.root)
    assert tree(friend.root) == {}


def test_a_draft_that_is_hostile_json_is_set_aside_without_a_traceback(pack_file: Path, friend: DataLayout) -> None:
    opened = open_review_pack(pack_file, friend.root)
    folder = Path(opened.folder or "")
    for content in (b"[" * 100_000 + b"]" * 100_000, b'{"reviewer_name": "Sam", "n": ' + b"9" * 5000 + b"}"):
        (folder / "draft.json").write_bytes(content)
        assert load_draft(opened).reviewer_name == ""
        assert not (folder / "draft.json").exists()


@pytest.fixture
def valid_scores(pack_file: Path, friend: DataLayout, tmp_path: Path) -> str:
    opened = open_review_pack(pack_file, friend.root)
    draft = load_draft(opened)
    draft.reviewer_name = "Sam"
    draft.set_score("01", "fit", 4)
    draft.set_note("01", "Good.")
    save_draft(opened, draft)
    return write_scores_file(opened, draft, tmp_path / "valid.icscores").read_text(encoding="utf-8")


SCORES: dict[str, Callable[[str], bytes]] = {
    "a number with 5,000 digits": lambda s: s.replace('"fit": 4', '"fit": ' + "4" * 5000).encode(),
    "a version with 5,000 digits": lambda s: s.replace('"version": 1', '"version": ' + "1" * 5000).encode(),
    "NaN": lambda s: s.replace('"fit": 4', '"fit": NaN').encode(),
    "Infinity": lambda s: s.replace('"fit": 4', '"fit": -Infinity').encode(),
    "an answer twice": lambda s: s.replace('"answers": {', '"answers": {"01": {"scores": {"fit": 1}}, ').encode(),
    "a lone surrogate in the note": lambda s: s.replace('"Good."', '"Good\\ud800"').encode(),
    "nested too deeply": lambda s: b'{"answers": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "a number as the whole file": lambda s: b"9" * 5000,
}


@pytest.mark.parametrize("case", sorted(SCORES))
def test_a_hostile_scores_file_is_refused_without_a_traceback_and_changes_nothing(
    case: str, candidate: Candidate, valid_scores: str, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.icscores"
    path.write_bytes(SCORES[case](valid_scores))
    before = [tuple(r) for r in candidate.db.execute("SELECT * FROM scores")]
    notes = [tuple(r) for r in candidate.db.execute("SELECT * FROM notes")]
    with pytest.raises(ReviewPackError, match=r"hostile\.icscores") as error:
        import_scores_file(candidate.db, path)
    assert "\n" not in str(error.value)
    assert [tuple(r) for r in candidate.db.execute("SELECT * FROM scores")] == before
    assert [tuple(r) for r in candidate.db.execute("SELECT * FROM notes")] == notes


def test_the_valid_scores_file_imports_so_each_hostile_case_tests_one_thing(
    candidate: Candidate, valid_scores: str, tmp_path: Path
) -> None:
    path = tmp_path / "fine.icscores"
    path.write_text(valid_scores, encoding="utf-8")
    assert import_scores_file(candidate.db, path).score_count == 1


# Made by the app, restored by the app: nothing it writes itself is refused


def test_a_backup_of_rows_whose_recordings_are_gone_still_restores(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path / "source")
    session_id = fill(layout)
    (layout.root / f"recordings/{session_id}/01-abcd1231.flac").unlink()
    made = create_backup(layout, tmp_path / "b.zip")
    assert any("01-abcd1231.flac" in item for item in made.skipped)
    target = DataLayout(tmp_path / "target")
    restore_backup(made.path, target, replace=False)
    connection = sqlite3.connect(target.database)
    paths = [r[0] for r in connection.execute("SELECT recording_path FROM answers ORDER BY position")]
    connection.close()
    assert paths == [None, f"recordings/{session_id}/02-abcd1232.flac"]


def test_a_backup_leaves_out_a_second_name_that_differs_only_by_case(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path / "source")
    fill(layout)
    (layout.user_banks / "MINE.toml").write_text("# shouting\n", encoding="utf-8")
    made = create_backup(layout, tmp_path / "b.zip")
    assert any(item.startswith("question_banks/mine.toml") or item.startswith("question_banks/MINE.toml")
               for item in made.skipped)  # fmt: skip
    restore_backup(made.path, DataLayout(tmp_path / "target"), replace=False)


@pytest.mark.parametrize("pack_id", ["0" * 32 + "\n", "\n" + "0" * 32, "0" * 31 + "\n"])
def test_an_id_with_a_line_break_is_not_an_id(pack_id: str) -> None:
    from interview_coach.domain.review_pack import SCORES_FORMAT, PackFormatError, parse_scores

    # A regular expression's "$" also matches before a final line break: ids are matched whole.
    with pytest.raises(PackFormatError, match="pack_id"):
        parse_scores({"format": SCORES_FORMAT, "version": 1, "pack_id": pack_id, "reviewer_name": "Sam", "answers": {}})


# Delivery analyses (schema step 7): every column checked; the transcript index is rebuilt, never trusted


def test_restored_transcripts_are_searchable_through_a_rebuilt_index(backup_parts: Backup, tmp_path: Path) -> None:
    # Words planted in the archive's index (and not in any transcript) must not be found after a restore.
    planted = "INSERT INTO answer_transcripts (rowid, transcript) VALUES (1, 'planted')"
    path = backup_with(tmp_path / "index.zip", backup_parts, sql=planted)
    target = DataLayout(tmp_path / "target")
    restore_backup(path, target, replace=False)
    connection = open_database(target.database)
    try:
        repository = AnalysisRepository(connection)
        assert repository.search("planted") == set()
        assert len(repository.search("billing")) == 2
        assert next(iter(repository.for_answers(repository.search("migration")).values())).fillers == {"um": 1}
    finally:
        connection.close()


def test_a_backup_with_a_wrecked_transcript_index_is_refused_as_damaged(
    backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    path = backup_with(tmp_path / "index.zip", backup_parts, sql="DELETE FROM answer_transcripts_data")
    assert "damaged" in refused(path, "its database")


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE answer_analyses SET words_json = '{\"word\": 1}'", "answer_analyses.words_json"),
        ("UPDATE answer_analyses SET words_json = '[{\"word\": \"a\", \"start\": -1, \"end\": 0}]'",
         "answer_analyses.words_json"),
        ("UPDATE answer_analyses SET figures_json = '{\"wpm\": \"fast\"}'", "answer_analyses.figures_json"),
        ("UPDATE answer_analyses SET figures_json = json_set(figures_json, '$.fillers.boo', 3)",
         "answer_analyses.figures_json"),
        ("UPDATE answer_analyses SET figures_json = json_set(figures_json, '$.hedges', json('[1]'))",
         "answer_analyses.figures_json"),
        ("UPDATE answer_analyses SET figures_json = '" + "[" * 5000 + "'", "answer_analyses.figures_json"),
        ("UPDATE answer_analyses SET transcript = x'ff00'", "answer_analyses.transcript"),
        ("UPDATE answer_analyses SET wpm = 'abc'", "answer_analyses.wpm"),
        ("UPDATE answer_analyses SET wpm = -5", "answer_analyses.wpm"),
        ("UPDATE answer_analyses SET long_pauses = 2.5", "answer_analyses.long_pauses"),
        ("UPDATE answer_analyses SET version = 0", "answer_analyses.version"),
        ("UPDATE answer_analyses SET analysed_at = 'yesterday'", "answer_analyses.analysed_at"),
        ("UPDATE answer_analyses SET model = x'00'", "answer_analyses.model"),
    ],
)  # fmt: skip
def test_a_backup_with_a_damaged_analysis_is_refused(
    statement: str, named: str, backup_parts: Backup, tmp_path: Path, refused: Callable[..., str]
) -> None:
    path = backup_with(tmp_path / "analysis.zip", backup_parts, sql=statement)
    assert named in refused(path, "its database")
