"""Backup to one archive and restore: a faithful round trip, never an unasked overwrite, and every
damaged or hostile archive refused with a message that names the problem, leaving the data untouched."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import warnings
import zipfile
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from interview_coach import __version__
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage import backup
from interview_coach.storage.backup import (
    BackupError,
    BackupLimits,
    RestoreNeedsConfirmation,
    create_backup,
    existing_data,
    inspect_backup,
    restore_backup,
)
from interview_coach.storage.database import open_database
from interview_coach.storage.export import export_document
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.migrations import LATEST_VERSION

ROOT = Path(__file__).resolve().parents[2]
DB_NAME = "interview-coach.sqlite3"
RESTORED_AT = datetime(2026, 11, 5, 10, 20, 30, tzinfo=timezone.utc)
QUESTION = {"bank_id": "opening", "id": "about", "key": "opening/about", "text": "Tell me about yourself.",
            "category": "opening", "tags": [], "think_seconds": 30, "answer_seconds": 120, "strong_answer": "",
            "follow_ups": [], "criteria": ["fit"], "handling": ""}  # fmt: skip
RUBRIC = {"id": "default", "title": "Rubric", "criteria": [{"id": "fit", "name": "Fit with the role"}]}


class FakeClock:
    def __init__(self, start: datetime = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def _fill(layout: DataLayout, *, sessions: int, recording_bytes: bytes, bank_text: str) -> None:
    """Sessions with scores by you and a friend, notes, a recording per answer, and a bank of the user's own."""
    from interview_coach.storage.practice_repository import PracticeRepository

    layout.ensure()
    db = open_database(layout.database)
    try:
        repo = PracticeRepository(db, FakeClock())
        db.execute("INSERT INTO settings (key, value_json) VALUES ('audio', '{\"voice\": \"en\"}')")
        for number in range(1, sessions + 1):
            session = repo.create_session("solo", {"rubric": "default", "number": number})
            for position in (1, 2):
                answer = repo.add_answer(
                    session.id,
                    position,
                    QuestionSnapshot.from_json(QUESTION),
                    RubricSnapshot.from_json(RUBRIC),
                    AnswerTimings(30, 120),
                )
                relative = f"recordings/{session.id}/{position:02d}-abcd{number:04d}.flac"
                target = layout.root / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(recording_bytes + bytes([number, position]))
                repo.update_answer(answer.id, status="recorded", recording_path=relative,
                                   timings=AnswerTimings(30, 120, 4.5, 95.25, 0.5, False))  # fmt: skip
                repo.add_scores(answer.id, SELF, {"fit": 2})
                repo.add_scores(answer.id, SELF, {"fit": 4})
                repo.add_scores(answer.id, Scorer("friend", "Sam"), {"fit": 5})
                repo.set_note(answer.id, SELF, f"Note {number}.{position}, with a comma")
            repo.end_session(session.id)
    finally:
        db.close()
    (layout.user_banks / "mine.toml").write_text(bank_text, encoding="utf-8")


@pytest.fixture
def source(tmp_path: Path) -> DataLayout:
    layout = DataLayout(tmp_path / "source")
    _fill(layout, sessions=2, recording_bytes=os.urandom(40_000), bank_text='[bank]\nid = "mine"\n')
    (layout.user_banks / "more").mkdir()
    (layout.user_banks / "more" / "extra.toml").write_text("# nested\n", encoding="utf-8")
    # Never backed up: the regenerable speech cache, earlier replaced data, an interrupted restore.
    layout.speech_cache.mkdir(parents=True, exist_ok=True)
    (layout.speech_cache / "abc.wav").write_bytes(b"RIFF")
    (layout.root / "replaced-20260101T000000Z").mkdir()
    (layout.root / "replaced-20260101T000000Z" / DB_NAME).write_bytes(b"old")
    (layout.root / ".restore-staging").mkdir()
    (layout.root / ".restore-staging" / "left.txt").write_bytes(b"x")
    return layout


@pytest.fixture
def occupied(tmp_path: Path) -> DataLayout:
    """A data folder already in use, with different data from `source`."""
    layout = DataLayout(tmp_path / "occupied")
    _fill(layout, sessions=1, recording_bytes=b"old take", bank_text="# my old bank\n")
    return layout


@pytest.fixture
def archive(source: DataLayout, tmp_path: Path) -> Path:
    return create_backup(source, tmp_path / "backup.zip").path


def practice_data(layout: DataLayout) -> dict[str, Any]:
    """Everything stored about sessions (the complete JSON export) plus the settings rows."""
    db = sqlite3.connect(layout.database)
    try:
        document = export_document(db, clock=lambda: RESTORED_AT)
        document["settings"] = sorted(db.execute("SELECT key, value_json FROM settings").fetchall())
        return document
    finally:
        db.close()


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def tree(folder: Path) -> dict[str, bytes]:
    return files_in(folder) if folder.exists() else {}


# Backup


def test_a_backup_holds_the_manifest_database_recordings_and_banks_only(source: DataLayout, archive: Path) -> None:
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        manifest = json.loads(opened.read("manifest.json"))
        contents = {name: opened.read(name) for name in names}
    recordings = {f"recordings/{p}" for p in files_in(source.recordings)}
    assert len(recordings) == 4
    assert (
        names == {"manifest.json", DB_NAME, "question_banks/mine.toml", "question_banks/more/extra.toml"} | recordings
    )
    assert manifest["format"] == "interview-coach-backup" and manifest["version"] == 1
    assert manifest["app_version"] == __version__ and manifest["schema_version"] == LATEST_VERSION
    counts = manifest["counts"]
    filled = {table: count for table, count in counts["tables"].items() if count}
    assert filled == {"answers": 4, "notes": 4, "scores": 12, "sessions": 2, "settings": 1}
    assert set(counts["tables"]) >= {"follow_ups", "review_packs"}  # every table is counted, empty or not
    assert (counts["recordings"], counts["question_banks"]) == (4, 2)
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == names - {"manifest.json"}
    for name, entry in listed.items():
        assert entry["size"] == len(contents[name]) and entry["sha256"] == hashlib.sha256(contents[name]).hexdigest()
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_the_summary_and_manifest_say_what_was_backed_up(source: DataLayout, tmp_path: Path) -> None:
    made_at = datetime(2026, 11, 2, 8, 30, 15, tzinfo=timezone.utc)
    summary = create_backup(source, tmp_path / "b.zip", clock=lambda: made_at)
    counts = "2 sessions, 4 answers, 12 scores, 4 notes, 4 recordings and 2 question bank files"
    assert summary.archive_bytes == (tmp_path / "b.zip").stat().st_size and summary.skipped == ()
    assert str(summary).startswith(f"{counts} (") and str(summary).endswith(" KB)")
    manifest = inspect_backup(summary.path)
    assert manifest == summary.manifest and manifest.created_at == "2026-11-02T08:30:15.000+00:00"
    assert manifest.describe().startswith(
        f"a backup made 2026-11-02 08:30 UTC by Interview Coach {__version__}: {counts} ("
    )


def test_round_trip_restores_everything_into_another_data_folder(
    source: DataLayout, archive: Path, tmp_path: Path
) -> None:
    target = DataLayout(tmp_path / "elsewhere")
    summary = restore_backup(archive, target, replace=False)
    assert practice_data(target) == practice_data(source)
    assert files_in(target.recordings) == files_in(source.recordings)
    assert files_in(target.user_banks) == files_in(source.user_banks)
    assert summary.moved_aside is None and summary.replaced.is_empty
    assert summary.manifest.counts.sessions == 2
    assert sorted(p.name for p in target.root.iterdir()) == ["cache", DB_NAME, "question_banks", "recordings"]
    for path in [target.root, *target.root.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    reopened = open_database(target.database)  # the app can open and use it
    assert reopened.execute("SELECT count(*) FROM answers").fetchone()[0] == 4
    reopened.close()


def test_review_packs_a_friend_is_scoring_go_with_the_backup(source: DataLayout, tmp_path: Path) -> None:
    draft = source.root / "review_packs" / "0123abcd" / "draft.json"
    draft.parent.mkdir(parents=True)
    draft.write_text('{"reviewer_name": "Sam"}', encoding="utf-8")
    (draft.parent / "recordings").mkdir()
    (draft.parent / "recordings" / "01.flac").write_bytes(b"fLaC-audio")
    summary = create_backup(source, tmp_path / "b.zip")
    target = DataLayout(tmp_path / "elsewhere")
    restore_backup(summary.path, target, replace=False)
    assert tree(target.root / "review_packs") == tree(source.root / "review_packs")
    assert (target.root / "review_packs" / "0123abcd" / "draft.json").read_text() == '{"reviewer_name": "Sam"}'


def test_a_backup_of_a_live_database_includes_what_is_still_in_its_wal(source: DataLayout, tmp_path: Path) -> None:
    """Copying the database file alone would miss the latest answers; the backup API does not."""
    from interview_coach.storage.practice_repository import PracticeRepository

    live = open_database(source.database)
    try:
        session = PracticeRepository(live).create_session("solo", {"written": "just now"})
        wal = source.database.with_name(DB_NAME + "-wal")
        assert wal.exists() and wal.stat().st_size > 0
        summary = create_backup(source, tmp_path / "live.zip")
    finally:
        live.close()
    target = DataLayout(tmp_path / "restored")
    restore_backup(summary.path, target, replace=False)
    sessions = practice_data(target)["sessions"]
    assert [s["settings"] for s in sessions if s["id"] == session.id] == [{"written": "just now"}]


def test_a_full_disk_leaves_no_partial_archive_and_keeps_the_previous_one(
    source: DataLayout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    destination = folder / "backup.zip"
    destination.write_bytes(b"last week's backup")
    real_fdopen = os.fdopen

    class FillingDisk(io.FileIO):
        def write(self, data: Any) -> int:
            if self.tell() + len(data) > 30_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    def fdopen(handle: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return FillingDisk(handle, "wb") if mode == "wb" else real_fdopen(handle, mode, *args, **kwargs)

    monkeypatch.setattr(backup.os, "fdopen", fdopen)
    with pytest.raises(BackupError, match=f"Not enough disk space to write the backup to {destination}"):
        create_backup(source, destination)
    monkeypatch.undo()
    assert [p.name for p in folder.iterdir()] == ["backup.zip"]  # no .partial file, no work folder
    assert destination.read_bytes() == b"last week's backup"


def test_a_disk_without_room_for_the_archive_is_refused_before_writing(
    source: DataLayout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(backup.shutil, "disk_usage", lambda _: usage._replace(free=100_000))
    expected = r"Not enough disk space to write the backup to .*: it needs up to .* and 100\.0 KB is free"
    with pytest.raises(BackupError, match=expected):
        create_backup(source, tmp_path / "b.zip")
    assert not [p for p in tmp_path.iterdir() if p.name != "source"]


def test_there_is_nothing_to_back_up_without_a_database(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="There is nothing to back up"):
        create_backup(DataLayout(tmp_path / "empty"), tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()


def test_a_backup_into_a_missing_folder_says_so(source: DataLayout, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="does not exist"):
        create_backup(source, tmp_path / "nowhere" / "b.zip")


def test_symbolic_links_and_unsafe_names_are_left_out_and_reported(source: DataLayout, tmp_path: Path) -> None:
    (source.recordings / "elsewhere.flac").symlink_to("/etc/hostname")
    (source.user_banks / "a:b.toml").write_text("# a colon\n", encoding="utf-8")
    summary = create_backup(source, tmp_path / "b.zip")
    assert sorted(summary.skipped) == [
        "question_banks/a:b.toml: its name contains a drive letter or a colon",
        "recordings/elsewhere.flac: it is a symbolic link",
    ]
    with zipfile.ZipFile(summary.path) as opened:
        assert "recordings/elsewhere.flac" not in opened.namelist()
    restore_backup(summary.path, DataLayout(tmp_path / "t"), replace=False)  # and it still restores


# Restore: asking first, keeping what it replaces


def test_restore_asks_before_replacing_existing_data_and_changes_nothing(archive: Path, occupied: DataLayout) -> None:
    before = tree(occupied.root)
    with pytest.raises(RestoreNeedsConfirmation) as refused:
        restore_backup(archive, occupied, replace=False)
    message = str(refused.value)
    assert f"{occupied.root} already holds 1 session, 2 answers, 6 scores, 2 notes, 2 recordings" in message
    assert "and 1 question bank file" in message and "replaced-" in message
    assert refused.value.existing.sessions == 1 and isinstance(refused.value, BackupError)
    assert tree(occupied.root) == before


def test_replacing_keeps_the_old_data_even_what_was_only_in_its_wal_and_leaves_no_stale_wal(
    source: DataLayout, archive: Path, occupied: DataLayout
) -> None:
    # The app crashed: its last session is only in the -wal file, never checkpointed.
    crash = (
        "import os, sys\nfrom pathlib import Path\n"
        "from interview_coach.storage.database import open_database\n"
        "from interview_coach.storage.practice_repository import PracticeRepository\n"
        "db = open_database(Path(sys.argv[1]))\ndb.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "PracticeRepository(db).create_session('solo', {'only': 'in the wal'})\nos._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(occupied.database)], cwd=ROOT, check=True, timeout=60)
    wal = occupied.database.with_name(DB_NAME + "-wal")
    assert wal.stat().st_size > 0
    old_recordings, old_banks = files_in(occupied.recordings), files_in(occupied.user_banks)

    summary = restore_backup(archive, occupied, replace=True, clock=lambda: RESTORED_AT)

    aside = occupied.root / "replaced-20261105T102030Z"
    assert summary.moved_aside == aside and summary.replaced.sessions == 2
    assert {DB_NAME, "recordings", "question_banks"} <= {p.name for p in aside.iterdir()}
    assert files_in(aside / "recordings") == old_recordings and files_in(aside / "question_banks") == old_banks
    kept = sqlite3.connect(aside / DB_NAME)  # the old data still opens complete, the crashed session included
    assert [json.loads(r[0]) for r in kept.execute("SELECT settings_json FROM sessions ORDER BY id")][-1] == {
        "only": "in the wal"
    }
    kept.close()
    assert not any(occupied.root.glob(DB_NAME + "-*"))  # nothing stale beside the restored database
    assert practice_data(occupied) == practice_data(source)
    assert files_in(occupied.recordings) == files_in(source.recordings)
    assert files_in(occupied.user_banks) == files_in(source.user_banks)
    assert not (occupied.root / ".restore-staging").exists()


def test_a_second_restore_keeps_the_first_replaced_folder_and_a_backup_skips_them(
    archive: Path, occupied: DataLayout, tmp_path: Path
) -> None:
    restore_backup(archive, occupied, replace=True, clock=lambda: RESTORED_AT)
    restore_backup(archive, occupied, replace=True, clock=lambda: RESTORED_AT)
    assert {p.name for p in occupied.root.glob("replaced-*")} == {
        "replaced-20261105T102030Z",
        "replaced-20261105T102030Z-2",
    }
    with zipfile.ZipFile(create_backup(occupied, tmp_path / "again.zip").path) as opened:
        assert not [n for n in opened.namelist() if "replaced-" in n or "staging" in n]


def test_a_folder_with_only_preferences_is_replaced_without_asking_but_still_kept(
    archive: Path, tmp_path: Path
) -> None:
    layout = DataLayout(tmp_path / "fresh")
    layout.ensure()
    db = open_database(layout.database)
    db.execute("INSERT INTO settings (key, value_json) VALUES ('practice.setup', '{}')")
    db.close()
    assert existing_data(layout).is_empty and existing_data(layout).describe() == "0 sessions"
    summary = restore_backup(archive, layout, replace=False, clock=lambda: RESTORED_AT)
    assert summary.moved_aside is not None and (summary.moved_aside / DB_NAME).exists()


def test_an_unreadable_database_counts_as_data_to_confirm(archive: Path, tmp_path: Path) -> None:
    layout = DataLayout(tmp_path / "odd")
    layout.ensure()
    layout.database.write_bytes(b"not a database at all" * 100)
    assert not existing_data(layout).is_empty
    with pytest.raises(RestoreNeedsConfirmation, match="a database that could not be read"):
        restore_backup(archive, layout, replace=False)


def test_a_backup_from_an_older_schema_restores_and_is_migrated_on_open(tmp_path: Path) -> None:
    old = DataLayout(tmp_path / "old")
    old.ensure()
    db = open_database(old.database, migrate_to=1)
    db.execute("INSERT INTO sessions (mode, started_at) VALUES ('solo', '2025-01-01T00:00:00.000+00:00')")
    db.close()
    made = create_backup(old, tmp_path / "old.zip")
    assert made.manifest.schema_version == 1
    target = DataLayout(tmp_path / "new")
    restore_backup(made.path, target, replace=False)
    reopened = open_database(target.database)
    assert reopened.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    assert reopened.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    reopened.close()


# Damaged and hostile archives: each is refused, by inspect where the table of contents shows it,
# and always by restore, which leaves the data folder exactly as it was.


@dataclass
class Parts:
    files: dict[str, bytes]  # a valid backup's entries, manifest apart
    manifest: dict[str, Any]


@pytest.fixture
def parts(archive: Path) -> Parts:
    with zipfile.ZipFile(archive) as opened:
        files = {n: opened.read(n) for n in opened.namelist() if n != "manifest.json"}
        return Parts(files, json.loads(opened.read("manifest.json")))


Extra = namedtuple("Extra", "info data listed")


def build(
    path: Path,
    parts: Parts,
    *,
    files: dict[str, bytes] | None = None,
    extra: tuple[Extra, ...] = (),
    manifest: dict[str, Any] | bytes | None = None,
    with_manifest: bool = True,
    **manifest_changes: Any,
) -> Path:
    """A zip of `files` (default: the valid ones) plus `extra` entries, with a manifest listing them."""
    files = dict(parts.files) if files is None else files
    listing = [{"path": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in files.items()]
    listing += [
        {"path": e.info.filename, "size": len(e.data), "sha256": hashlib.sha256(e.data).hexdigest()}
        for e in extra
        if e.listed
    ]
    document = manifest if manifest is not None else {**parts.manifest, "files": listing, **manifest_changes}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, which one case needs
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as opened:
            for name, data in files.items():
                opened.writestr(name, data)
            for entry in extra:
                opened.writestr(entry.info, entry.data)
            if with_manifest:
                opened.writestr("manifest.json", document if isinstance(document, bytes) else json.dumps(document))
    return path


def entry(name: str, data: bytes = b"data", *, listed: bool = True, mode: int | None = None) -> Extra:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    if mode is not None:
        info.external_attr = mode << 16
    return Extra(info, data, listed)


@pytest.fixture
def refused(occupied: DataLayout) -> Callable[..., str]:
    """Checks a restore refuses the archive and leaves `occupied` exactly as it was; returns the message."""

    def check(path: Path, match: str, *, inspect: bool = True, limits: BackupLimits | None = None) -> str:
        chosen = limits or BackupLimits()
        if inspect:
            with pytest.raises(BackupError, match=match):
                inspect_backup(path, limits=chosen)
        before = tree(occupied.root)
        with pytest.raises(BackupError, match=match) as error:
            restore_backup(path, occupied, replace=True, limits=chosen)
        assert not isinstance(error.value, RestoreNeedsConfirmation)
        assert tree(occupied.root) == before
        message = str(error.value)
        assert str(path) in message and "\n" not in message
        return message

    return check


def test_not_a_zip_is_refused(tmp_path: Path, refused: Callable[..., str]) -> None:
    path = tmp_path / "notes.zip"
    path.write_text("just some text, not an archive", encoding="utf-8")
    refused(path, "is not an Interview Coach backup, or it is damaged: it is not a complete zip archive")


def test_a_truncated_archive_is_refused(archive: Path, tmp_path: Path, refused: Callable[..., str]) -> None:
    path = tmp_path / "cut.zip"
    path.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    refused(path, "it is not a complete zip archive")


def test_a_missing_file_is_refused(tmp_path: Path, refused: Callable[..., str]) -> None:
    refused(tmp_path / "nothing.zip", "There is no file")


def test_an_archive_without_a_manifest_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    refused(
        build(tmp_path / "a.zip", parts, with_manifest=False), "is not an Interview Coach backup: it has no manifest"
    )


def test_an_unreadable_manifest_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    refused(build(tmp_path / "a.zip", parts, manifest=b"{not json"), "is damaged: its manifest cannot be read")


def test_a_manifest_missing_its_file_list_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    manifest = {k: v for k, v in parts.manifest.items() if k != "files"}
    refused(build(tmp_path / "a.zip", parts, manifest=manifest), "its manifest is incomplete or malformed")


def test_another_format_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    path = build(tmp_path / "a.zip", parts, format="some-other-app-backup")
    refused(path, "is not an Interview Coach backup \\(its manifest's format is 'some-other-app-backup'\\)")


def test_a_newer_backup_format_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    path = build(tmp_path / "a.zip", parts, version=2, app_version="9.0")
    refused(path, "was made by a newer version of Interview Coach \\(9.0, backup format 2.*Update the app")


def test_a_newer_schema_in_the_manifest_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    path = build(tmp_path / "a.zip", parts, schema_version=LATEST_VERSION + 1)
    refused(path, f"holds data from a newer version.*schema {LATEST_VERSION + 1}.*Update the app")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("/etc/cron.d/evil", "is an absolute path"),
        ("recordings/../../outside.txt", "leads out of its folder"),
        ("../outside.txt", "leads out of its folder"),
        ("recordings\\..\\..\\evil.bat", "contains a backslash"),
        ("C:/Windows/evil.dll", "contains a drive letter"),
        ("C:evil.dll", "contains a drive letter"),
        ("evil.sh", "is outside the places a backup holds"),
        ("cache/speech/x.wav", "is outside the places a backup holds"),
        (".bashrc", "is outside the places a backup holds"),
        ("recordings/", "is not a plain file path"),
        ("recordings//x.flac", "is not a plain file path"),
        ("recordings/./x.flac", "is not a plain file path"),
        ("recordings/bell\x07.flac", "contains control characters"),
    ],
)
def test_entry_names_outside_the_data_folder_are_refused(
    name: str, problem: str, parts: Parts, tmp_path: Path, refused: Callable[..., str]
) -> None:
    path = build(tmp_path / "hostile.zip", parts, extra=(entry(name),))
    message = refused(path, "was refused: the entry")
    assert problem in message
    assert not (tmp_path / "outside.txt").exists() and not Path("/etc/cron.d/evil").exists()


def test_a_symbolic_link_entry_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    link = entry("recordings/9/01-link.flac", b"/home/someone/.ssh/id_rsa", mode=stat.S_IFLNK | 0o777)
    path = build(tmp_path / "link.zip", parts, extra=(link,))
    refused(path, "the entry 'recordings/9/01-link.flac' is a symbolic link")


def test_a_device_or_fifo_entry_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    path = build(tmp_path / "fifo.zip", parts, extra=(entry("recordings/fifo", mode=stat.S_IFIFO | 0o600),))
    refused(path, "is not a plain file")


def test_duplicate_names_are_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    bank = "question_banks/mine.toml"
    path = build(tmp_path / "twice.zip", parts, extra=(entry(bank, b"overwritten", listed=False),))
    refused(path, f"the entry '{bank}' appears more than once")


def test_an_entry_not_in_the_manifest_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    path = build(tmp_path / "extra.zip", parts, extra=(entry("recordings/9/smuggled.flac", listed=False),))
    refused(path, "the entry 'recordings/9/smuggled.flac' is not listed in its manifest")


def test_a_listed_file_missing_from_the_archive_is_refused(
    parts: Parts, tmp_path: Path, refused: Callable[..., str]
) -> None:
    listing = [*parts.manifest["files"], {"path": "recordings/9/gone.flac", "size": 3, "sha256": "0" * 64}]
    path = build(tmp_path / "missing.zip", parts, manifest={**parts.manifest, "files": listing})
    refused(path, "recordings/9/gone.flac is listed in its manifest but missing")


def test_an_archive_without_a_database_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    files = {n: d for n, d in parts.files.items() if n != DB_NAME}
    refused(build(tmp_path / "nodb.zip", parts, files=files), "it holds no database")


def test_a_size_that_differs_from_the_manifest_is_refused(
    parts: Parts, tmp_path: Path, refused: Callable[..., str]
) -> None:
    listing = [{**f, "size": f["size"] + 1} if f["path"].endswith(".toml") else f for f in parts.manifest["files"]]
    path = build(tmp_path / "size.zip", parts, manifest={**parts.manifest, "files": listing})
    refused(path, "does not have the size its manifest gives")


def test_content_that_does_not_match_its_checksum_is_refused(
    parts: Parts, tmp_path: Path, refused: Callable[..., str]
) -> None:
    recording = next(n for n in parts.files if n.startswith("recordings/"))
    original = parts.files[recording]
    files = {**parts.files, recording: bytes([original[0] ^ 0xFF]) + original[1:]}  # same size, one byte changed
    tampered = build(tmp_path / "tampered.zip", parts, files=files, manifest=parts.manifest)
    inspect_backup(tampered)  # the table of contents is fine: only unpacking reads the bytes
    refused(tampered, f"is damaged: {recording} does not match the checksum in its manifest", inspect=False)


def test_an_entry_over_the_size_limit_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    path = build(tmp_path / "big.zip", parts, extra=(entry("recordings/9/long.flac", os.urandom(200_000)),))
    limits = BackupLimits(max_entry_bytes=190_000)  # above every valid entry
    message = refused(path, "the entry 'recordings/9/long.flac' unpacks to 200.0 KB", limits=limits)
    assert "the limit for one file is 190.0 KB" in message


def test_a_total_over_the_limit_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    total = sum(len(d) for d in parts.files.values())
    path = build(tmp_path / "total.zip", parts)
    refused(path, "was refused: it unpacks to .* the limit is", limits=BackupLimits(max_total_bytes=total - 1))


def test_a_total_over_the_free_disk_space_is_refused(
    archive: Path, refused: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    usage = shutil.disk_usage("/")
    monkeypatch.setattr(backup.shutil, "disk_usage", lambda _: usage._replace(free=10_000_000))
    refused(archive, "Not enough free disk space to restore .*: it needs .* and 10.0 MB is free", inspect=False)


def test_a_zip_bomb_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    bomb = entry("recordings/9/silence.wav", bytes(2 * 1024 * 1024))  # 2 MiB of zeros packs to ~2 KB
    path = build(tmp_path / "bomb.zip", parts, extra=(bomb,))
    refused(path, "the entry 'recordings/9/silence.wav' would expand [0-9]+ times when unpacked \\(a zip bomb\\?\\)")


def test_the_zip_bomb_threshold_is_a_parameter(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    bank = entry("question_banks/repetitive.toml", b"# again\n" * 2000)  # 16 KB that packs ~100:1
    path = build(tmp_path / "small-bomb.zip", parts, extra=(bank,))
    inspect_backup(path)  # too small to matter with the default limits
    refused(path, "would expand", limits=BackupLimits(max_ratio=20, ratio_check_min_bytes=1024))


def _with_database(parts: Parts, tmp_path: Path, change: Callable[[sqlite3.Connection], None]) -> Path:
    database = tmp_path / "changed.sqlite3"
    database.write_bytes(parts.files[DB_NAME])
    connection = sqlite3.connect(database)
    change(connection)
    connection.commit()
    connection.close()
    files = {**parts.files, DB_NAME: database.read_bytes()}
    return build(tmp_path / "db.zip", parts, files=files)


def test_a_database_that_fails_its_integrity_check_is_refused(
    parts: Parts, tmp_path: Path, refused: Callable[..., str]
) -> None:
    data = bytearray(parts.files[DB_NAME])
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(1, len(data) // page_size):  # scribble over every page but the header page
        start = page * page_size
        data[start + 8 : start + 64] = b"\xa5" * 56
    path = build(tmp_path / "corrupt.zip", parts, files={**parts.files, DB_NAME: bytes(data)})
    inspect_backup(path)  # checksums match the scribbled bytes: only the database check finds it
    refused(path, "is damaged: its database", inspect=False)


def test_a_file_that_is_not_a_database_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    path = build(tmp_path / "text.zip", parts, files={**parts.files, DB_NAME: b"SQLite format 3\x00 but not really"})
    refused(path, "is damaged: its database", inspect=False)


def test_a_database_newer_than_the_app_is_refused(parts: Parts, tmp_path: Path, refused: Callable[..., str]) -> None:
    path = _with_database(parts, tmp_path, lambda c: c.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}"))
    refused(path, f"newer version of Interview Coach \\(schema {LATEST_VERSION + 1}", inspect=False)


def test_a_database_with_a_planted_trigger_is_refused(
    parts: Parts, tmp_path: Path, refused: Callable[..., str]
) -> None:
    def plant(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TRIGGER wipe AFTER INSERT ON answers BEGIN DELETE FROM sessions; END")

    refused(_with_database(parts, tmp_path, plant), "its database does not have the tables Interview Coach creates",
            inspect=False)  # fmt: skip


def test_a_database_with_rows_that_belong_to_nothing_is_refused(
    parts: Parts, tmp_path: Path, refused: Callable[..., str]
) -> None:
    def orphan(connection: sqlite3.Connection) -> None:
        connection.execute("DELETE FROM sessions")  # foreign keys are off here: the answers stay

    refused(_with_database(parts, tmp_path, orphan), "rows that belong to nothing", inspect=False)


def test_a_refused_restore_into_an_empty_folder_leaves_nothing_behind(parts: Parts, tmp_path: Path) -> None:
    path = build(tmp_path / "bad.zip", parts, files={**parts.files, DB_NAME: b"garbage"})
    target = DataLayout(tmp_path / "new-home")
    with pytest.raises(BackupError, match="its database"):
        restore_backup(path, target, replace=False)
    assert sorted(p.name for p in target.root.iterdir()) == []  # no staging folder, no half-restored data
