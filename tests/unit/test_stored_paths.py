"""Paths stored in the database go through one resolver that refuses anything outside the data folder, and
every file operation on them (delete, trash, undo, close, "keep recordings" off, the start-up sweep, resuming
a take cut short, sending a review pack) leaves a file outside the data folder exactly as it was."""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from interview_coach.audio.recovery import recover_recordings
from interview_coach.audio.takes import recover_take
from interview_coach.domain.records import SELF, AnswerTimings
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.database import open_database
from interview_coach.storage.deletion import Trash, delete_recordings
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.review_pack import ReviewPackError, export_review_pack
from interview_coach.stored_paths import UnsafePathError, resolve_stored, stored_path_problem

QUESTION = {"key": "opening/intro", "bank_id": "opening", "id": "intro", "category": "opening", "text": "Intro?"}
RUBRIC = {"id": "default", "title": "Default", "criteria": [{"id": "fit", "name": "Fit"}]}


# The resolver


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "recordings" / "1").mkdir(parents=True)
    (folder / "recordings" / "1" / "01-abcd1234.flac").write_bytes(b"fLaC")
    return folder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "victim.txt").write_text("precious", encoding="utf-8")
    return folder


def test_a_plain_recording_path_resolves_inside_the_data_folder(root: Path) -> None:
    resolved = resolve_stored(root, "recordings/1/01-abcd1234.flac")
    assert resolved == root / "recordings" / "1" / "01-abcd1234.flac" and resolved.is_file()
    assert resolve_stored(root, "recordings/7/02-00000000.wav") == root / "recordings" / "7" / "02-00000000.wav"
    assert stored_path_problem("recordings/1/01-abcd1234.flac") is None


REFUSED = {
    "parent": ("..", "leads out of its folder"),
    "parent file": ("../victim.txt", "leads out of its folder"),
    "parent inside": ("recordings/../../victim.txt", "leads out of its folder"),
    "parent at the end": ("recordings/1/..", "leads out of its folder"),
    "absolute": ("/etc/passwd", "is an absolute path"),
    "absolute inside": (None, "is an absolute path"),  # the data folder's own absolute path: filled in below
    "empty": ("", "is empty"),
    "dot": (".", "is not a plain file path"),
    "dot part": ("recordings/./1/x.flac", "is not a plain file path"),
    "double slash": ("recordings//x.flac", "is not a plain file path"),
    "folder": ("recordings/1/", "is not a plain file path"),
    "the recordings folder itself": ("recordings", "is not inside recordings/"),
    "another folder": ("question_banks/mine.toml", "is not inside recordings/"),
    "the database": ("interview-coach.sqlite3", "is not inside recordings/"),
    "backslash": ("recordings\\1\\x.flac", "contains a backslash"),
    "backslash parent": ("recordings\\..\\..\\victim.txt", "contains a backslash"),
    "drive": ("C:/Windows/win.ini", "contains a drive letter or a colon"),
    "drive relative": ("C:victim.txt", "contains a drive letter or a colon"),
    "UNC": ("//server/share/victim.txt", "is an absolute path"),
    "UNC backslashes": ("\\\\server\\share\\victim.txt", "contains a backslash"),
    "NUL": ("recordings/1/01-abcd1234.flac\x00.txt", "contains control characters"),
    "newline": ("recordings/1/x\n.flac", "contains control characters"),
    "escape": ("recordings/1/\x1b[2Jx.flac", "contains control characters"),
    "delete": ("recordings/1/x\x7f.flac", "contains control characters"),
    "C1 control": ("recordings/1/x\x9b.flac", "contains control characters"),
    "reserved Windows name": ("recordings/1/CON.flac", "is a name Windows reserves"),
    "reserved Windows name in a folder": ("recordings/aux/x.flac", "is a name Windows reserves"),
    "trailing dot": ("recordings/1/x.flac.", "ends with a dot or a space"),
    "trailing space": ("recordings/1 /x.flac", "ends with a dot or a space"),
    "very long": ("recordings/1/" + "a" * 5_000 + ".flac", "is too long"),
    "long part": ("recordings/1/" + "a" * 256, "is too long"),
    "surrogate": ("recordings/1/\udc80.flac", "is not valid text"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_the_resolver_refuses_paths_that_are_not_plain_recordings(case: str, root: Path) -> None:
    relative, problem = REFUSED[case]
    if relative is None:
        relative = str(root / "recordings" / "1" / "01-abcd1234.flac")
    assert problem in (stored_path_problem(relative) or "")
    with pytest.raises(UnsafePathError, match="was not used") as refused:
        resolve_stored(root, relative)
    assert problem in str(refused.value) and "\n" not in str(refused.value)
    assert "\x00" not in str(refused.value) and "\x1b" not in str(refused.value)  # shown safely


@pytest.mark.parametrize("value", [None, 5, 2.5, b"recordings/1/x.flac", ["recordings/1/x.flac"]])
def test_the_resolver_refuses_what_is_not_text(value: object, root: Path) -> None:
    assert stored_path_problem(value) == "is not text"
    with pytest.raises(UnsafePathError):
        resolve_stored(root, value)


def test_a_session_folder_that_is_a_link_out_of_the_data_folder_is_refused(root: Path, outside: Path) -> None:
    (root / "recordings" / "2").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePathError, match="leads out of the data folder"):
        resolve_stored(root, "recordings/2/victim.txt")


def test_a_recording_that_is_a_link_out_of_the_data_folder_is_refused(root: Path, outside: Path) -> None:
    (root / "recordings" / "1" / "02-link.flac").symlink_to(outside / "victim.txt")
    with pytest.raises(UnsafePathError, match="leads out of the data folder"):
        resolve_stored(root, "recordings/1/02-link.flac")


def test_a_recordings_folder_that_is_a_link_out_of_the_data_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    data = tmp_path / "linked"
    data.mkdir()
    (data / "recordings").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePathError, match="leads out of the data folder"):
        resolve_stored(data, "recordings/victim.txt")


def test_a_link_that_stays_inside_the_data_folder_is_followed(root: Path) -> None:
    (root / "recordings" / "3").symlink_to(root / "recordings" / "1", target_is_directory=True)
    assert resolve_stored(root, "recordings/3/01-abcd1234.flac") == root / "recordings" / "3" / "01-abcd1234.flac"


def test_a_dangling_link_is_judged_by_where_it_points(root: Path, outside: Path) -> None:
    (root / "recordings" / "1" / "gone.flac").symlink_to(outside / "not-yet.txt")
    with pytest.raises(UnsafePathError, match="leads out of the data folder"):
        resolve_stored(root, "recordings/1/gone.flac")


def test_a_data_folder_reached_through_a_link_still_works(root: Path, tmp_path: Path) -> None:
    alias = tmp_path / "alias"
    alias.symlink_to(root, target_is_directory=True)
    resolved = resolve_stored(alias, "recordings/1/01-abcd1234.flac")
    assert resolved == alias / "recordings" / "1" / "01-abcd1234.flac"
    assert resolved.relative_to(alias).as_posix() == "recordings/1/01-abcd1234.flac"


def test_the_trash_is_resolved_in_its_own_folder(root: Path, outside: Path) -> None:
    assert resolve_stored(root, "trash/ab12/recordings/1/x.flac", folder="trash") == (
        root / "trash" / "ab12" / "recordings" / "1" / "x.flac"
    )
    with pytest.raises(UnsafePathError, match="is not inside trash/"):
        resolve_stored(root, "recordings/1/x.flac", folder="trash")
    (root / "trash").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePathError, match="leads out of the data folder"):
        resolve_stored(root, "trash/victim.txt", folder="trash")


# Every file operation on a stored path, fed hostile rows


@dataclass
class Victim:
    file: Path
    folder: Path
    content: bytes
    file_mode: int
    folder_mode: int

    def intact(self) -> bool:
        return (
            self.file.is_file()
            and not self.file.is_symlink()
            and self.file.read_bytes() == self.content
            and stat.S_IMODE(self.file.stat().st_mode) == self.file_mode
            and stat.S_IMODE(self.folder.stat().st_mode) == self.folder_mode
        )


@pytest.fixture
def victim(tmp_path: Path) -> Victim:
    folder = tmp_path / "someone-elses"
    folder.mkdir()
    folder.chmod(0o755)
    file = folder / "victim.txt"
    file.write_bytes(b"RIFF\x00\x00\x00\x00WAVEprecious: not a recording")
    file.chmod(0o644)
    return Victim(file, folder, file.read_bytes(), 0o644, 0o755)


@dataclass
class Store:
    root: Path
    repo: PracticeRepository
    trash: Trash
    session_id: int


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    root = tmp_path / "data"
    root.mkdir()
    connection = open_database(root / "interview-coach.sqlite3")
    repo = PracticeRepository(connection)
    session = repo.create_session("solo", {})
    yield Store(root, repo, Trash(connection, root), session.id)
    connection.close()


def hostile_forms(store: Store, victim: Victim) -> dict[str, str]:
    """Ways a row (from an unchecked restore, or any other route) can name the victim."""
    up = os.path.relpath(victim.file, store.root)
    return {
        "relative": up,
        "absolute": str(victim.file),
        "through recordings": f"recordings/../{up}",
        "link": "recordings/9/victim.txt",  # recordings/9 is a link to the victim's folder
    }


def add_answer(store: Store, position: int, recording_path: str, *, status: str = "recorded") -> int:
    answer = store.repo.add_answer(
        store.session_id,
        position,
        QuestionSnapshot.from_json(QUESTION),
        RubricSnapshot.from_json(RUBRIC),
        AnswerTimings(30, 120, answer_seconds=3),
    )
    store.repo.add_scores(answer.id, SELF, {"fit": 3})
    # Written directly: the repository trusts what it is given, as an unchecked restore would.
    store.repo.connection.execute(
        "UPDATE answers SET recording_path = ?, status = ? WHERE id = ?", (recording_path, status, answer.id)
    )
    return answer.id


def plant_link(store: Store, victim: Victim) -> None:
    (store.root / "recordings").mkdir(exist_ok=True)
    (store.root / "recordings" / "9").symlink_to(victim.folder, target_is_directory=True)


@pytest.mark.parametrize("form", ["relative", "absolute", "through recordings", "link"])
def test_deleting_a_session_then_closing_never_touches_a_file_outside(form: str, store: Store, victim: Victim) -> None:
    plant_link(store, victim)
    own = store.root / "recordings" / str(store.session_id) / "02-abcd1234.flac"
    own.parent.mkdir(parents=True)
    own.write_bytes(b"fLaC mine")
    add_answer(store, 1, hostile_forms(store, victim)[form])
    add_answer(store, 2, own.relative_to(store.root).as_posix())

    deleted = store.trash.delete_session(store.session_id)
    assert victim.intact()
    assert not own.exists() and deleted.recording_count == 1  # the app's own recording still goes to the trash
    store.trash.restore(deleted)
    assert victim.intact() and own.read_bytes() == b"fLaC mine"
    store.trash.delete_session(store.session_id)
    store.trash.empty()  # what closing the app does
    assert victim.intact()


@pytest.mark.parametrize("form", ["relative", "absolute", "through recordings", "link"])
def test_deleting_one_answer_never_touches_a_file_or_folder_outside(form: str, store: Store, victim: Victim) -> None:
    plant_link(store, victim)
    answer_id = add_answer(store, 1, hostile_forms(store, victim)[form])
    store.trash.delete_answer(answer_id)
    store.trash.empty()
    assert victim.intact()


@pytest.mark.parametrize("form", ["relative", "absolute", "through recordings", "link"])
def test_recordings_off_at_a_sessions_end_never_deletes_a_file_outside(form: str, store: Store, victim: Victim) -> None:
    plant_link(store, victim)
    add_answer(store, 1, hostile_forms(store, victim)[form])
    delete_recordings(store.repo.connection, store.root, store.session_id)
    assert victim.intact()
    add_answer(store, 2, hostile_forms(store, victim)[form])
    delete_recordings(store.repo.connection, store.root)  # "delete all recordings"
    assert victim.intact()


def test_deleting_all_recordings_does_not_follow_a_linked_recordings_folder(store: Store, victim: Victim) -> None:
    (store.root / "recordings").symlink_to(victim.folder, target_is_directory=True)
    delete_recordings(store.repo.connection, store.root)
    assert victim.intact()


def test_deleting_all_recordings_does_not_follow_a_linked_session_folder(store: Store, victim: Victim) -> None:
    plant_link(store, victim)
    mine = store.root / "recordings" / "1" / "01-abcd1234.flac"
    mine.parent.mkdir()
    mine.write_bytes(b"fLaC")
    removed = delete_recordings(store.repo.connection, store.root)
    assert victim.intact() and not mine.exists() and removed.files == 1


def broken_wav(frames: int = 400) -> bytes:
    """A 16-bit mono WAV whose header says 0 frames, as a crash leaves it."""
    fmt = struct.pack("<HHIIHH", 1, 1, 16_000, 32_000, 2, 16)
    data = bytes(frames * 2)
    return b"RIFF" + struct.pack("<I", 0) + b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + bytes(4) + data


def test_the_start_up_sweep_never_repairs_or_deletes_through_a_link(store: Store, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim_wav = elsewhere / "take.wav"
    victim_wav.write_bytes(broken_wav() + b"\x01")  # a trailing odd byte a repair would cut off
    empty_wav = elsewhere / "empty.wav"
    empty_wav.write_bytes(broken_wav(0))  # a repair would delete it: no frames
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    recordings = store.root / "recordings"
    (recordings / "1").mkdir(parents=True)
    (recordings / "1" / "01-linked.wav").symlink_to(victim_wav)
    (recordings / "2").symlink_to(elsewhere, target_is_directory=True)
    mine = recordings / "1" / "02-abcd1234.wav"
    mine.write_bytes(broken_wav())

    recovered = recover_recordings(recordings)

    assert [r.path for r in recovered] == [mine]
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    assert (recordings / "1" / "01-linked.wav").is_symlink()


def test_the_start_up_sweep_does_not_follow_a_linked_recordings_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "take.wav").write_bytes(broken_wav(0))
    data = tmp_path / "data"
    data.mkdir()
    (data / "recordings").symlink_to(elsewhere, target_is_directory=True)
    assert recover_recordings(data / "recordings") == []
    assert (elsewhere / "take.wav").read_bytes() == broken_wav(0)


@pytest.mark.parametrize("form", ["relative", "absolute", "through recordings", "link"])
def test_resuming_a_take_cut_short_never_rewrites_a_file_outside(form: str, store: Store, victim: Victim) -> None:
    plant_link(store, victim)
    victim.file.write_bytes(broken_wav() + b"\x01")
    victim.content = victim.file.read_bytes()
    path = hostile_forms(store, victim)[form]
    wav_path = path[: -len(".txt")] + ".wav" if path.endswith(".txt") else path
    victim.file.rename(victim.file.with_suffix(".wav"))
    victim.file = victim.file.with_suffix(".wav")
    answer_id = add_answer(store, 1, wav_path, status="recording")

    assert recover_take(store.root, store.repo.answer(answer_id)) is None  # nothing kept: asked again

    assert victim.intact()


def test_a_review_pack_never_carries_a_file_from_outside(store: Store, tmp_path: Path) -> None:
    secret = tmp_path / "secret.flac"
    secret.write_bytes(b"fLaC but really someone's private file")
    add_answer(store, 1, str(secret))
    add_answer(store, 2, f"recordings/../../{secret.name}")
    with pytest.raises(ReviewPackError, match="None of this session's answers still has its recording"):
        export_review_pack(store.repo.connection, store.root, store.session_id, tmp_path / "out.icreview")
    assert not (tmp_path / "out.icreview").exists()
