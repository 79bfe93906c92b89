"""Review packs: a session goes to a friend in one file and their scores come back, between two separate
data folders; hostile packs and scores files are refused with a message, changing and unpacking nothing."""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import stat
import uuid
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from interview_coach.domain.delivery import TimedWord, analyse_delivery
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.review_pack import (
    PACK_FORMAT,
    SCORES_FORMAT,
    ReviewDraft,
    ReviewPack,
    answer_status,
    scored_count,
)
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage import settings_keys
from interview_coach.storage.analysis_repository import AnalysisRepository
from interview_coach.storage.database import open_database
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.review_pack import (
    ReviewPackError,
    ReviewPackLimits,
    export_review_pack,
    import_scores_file,
    load_draft,
    open_review_pack,
    remember_name,
    remembered_name,
    save_draft,
    write_scores_file,
)
from tests.support.timed_words import timed_words

LEVELS = ["Poor.", "Weak.", "Fair.", "Good.", "Excellent."]
RUBRIC = {
    "id": "default",
    "title": "Standard rubric",
    "criteria": [
        {"id": "specific-story", "name": "Specific story", "summary": "A real example.", "levels": LEVELS,
         "in_person": False},
        {"id": "fit", "name": "Fit with the role", "summary": "Ties it to the role.", "levels": LEVELS,
         "in_person": False},
        {"id": "eye-contact", "name": "Eye contact", "summary": "Looks at the interviewer.", "levels": LEVELS,
         "in_person": True},
    ],
}  # fmt: skip


def question(number: int) -> dict[str, Any]:
    return {"bank_id": "core", "id": f"q{number}", "key": f"core/q{number}", "text": f"Question number {number}?",
            "category": "behavioural", "tags": [], "think_seconds": 30, "answer_seconds": 120,
            "strong_answer": f"A strong answer to {number} names a result.", "follow_ups": ["What did you learn?"],
            "criteria": ["specific-story", "fit", "eye-contact"], "handling": ""}  # fmt: skip


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def write_flac(path: Path, seconds: float, pitch: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(16_000 * seconds)) / 16_000
    sf.write(path, (0.3 * np.sin(2 * np.pi * pitch * t)).astype(np.float32), 16_000, format="FLAC")


@dataclass
class Candidate:
    layout: DataLayout
    db: sqlite3.Connection
    session_id: int
    answers: dict[int, int]  # position -> id of the answer that goes in the pack


@pytest.fixture
def candidate(tmp_path: Path) -> Iterator[Candidate]:
    """A session: Q1 answered, Q2 answered twice (the redo goes in the pack), Q3 skipped, Q4's recording lost.

    The candidate scored and noted their own answers; none of that may reach the friend.
    """
    layout = DataLayout(tmp_path / "candidate")
    layout.ensure()
    db = open_database(layout.database)
    repo = PracticeRepository(db, FakeClock())
    session = repo.create_session("solo", {"rubric": "default"})
    chosen: dict[int, int] = {}
    for position, attempts, status in ((1, 1, "recorded"), (2, 2, "recorded"), (3, 1, "skipped"), (4, 1, "recorded")):
        for attempt in range(1, attempts + 1):
            answer = repo.add_answer(
                session.id,
                position,
                QuestionSnapshot.from_json(question(position)),
                RubricSnapshot.from_json(RUBRIC),
                AnswerTimings(30, 120),
            )
            relative = f"recordings/{session.id}/{position:02d}-{attempt}.flac"
            if status == "recorded" and position != 4:
                write_flac(layout.root / relative, 0.4, 220.0 * position + attempt)
            repo.update_answer(answer.id, status=status, recording_path=relative if status == "recorded" else None,
                               timings=AnswerTimings(30, 120, 5.0, 61.5, 0.4, False))  # fmt: skip
            repo.add_scores(answer.id, SELF, {"specific-story": 2, "fit": 3})
            repo.set_note(answer.id, SELF, f"My own secret note {position}.{attempt}")
            chosen[position] = answer.id
    repo.end_session(session.id)
    yield Candidate(layout, db, session.id, {p: i for p, i in chosen.items() if p in (1, 2)})
    db.close()


@pytest.fixture
def pack_file(candidate: Candidate, tmp_path: Path) -> Path:
    destination = tmp_path / "outbox" / "session.icreview"
    destination.parent.mkdir()
    export_review_pack(candidate.db, candidate.layout.root, candidate.session_id, destination, candidate_name="Alex")
    return destination


@pytest.fixture
def friend(tmp_path: Path) -> Iterator[DataLayout]:
    layout = DataLayout(tmp_path / "friend")
    layout.ensure()
    yield layout


def everything(db: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: [tuple(row) for row in db.execute(f"SELECT * FROM {table} ORDER BY id")]
        for table in ("scores", "notes", "review_imports", "review_packs", "answers", "sessions")
    }


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def scored_pack(pack_file: Path, friend: DataLayout, tmp_path: Path, name: str = "Sam") -> Path:
    """The friend's side: open the pack, score both answers, write a note, send the scores file back."""
    pack = open_review_pack(pack_file, friend.root)
    draft = load_draft(pack)
    draft.reviewer_name = name
    draft.set_score("01", "specific-story", 4)
    draft.set_score("01", "fit", 5)
    draft.set_score("02", "specific-story", 1)
    draft.set_note("02", "Lead with the result.\nThen the story.")
    save_draft(pack, draft)
    return write_scores_file(pack, draft, tmp_path / f"from-{name}.icscores")


# The round trip


def test_a_pack_holds_the_latest_answered_attempts_with_recordings_and_none_of_the_candidates_scores(
    candidate: Candidate, pack_file: Path
) -> None:
    with zipfile.ZipFile(pack_file) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        recordings = {n: archive.read(n) for n in names if n != "manifest.json"}
    assert sorted(names) == ["manifest.json", "recordings/01.flac", "recordings/02.flac"]
    assert manifest["format"] == PACK_FORMAT and manifest["version"] == 1
    assert manifest["candidate_name"] == "Alex"
    answers = manifest["answers"]
    assert [(a["key"], a["position"], a["attempt"]) for a in answers] == [("01", 1, 1), ("02", 2, 2)]
    assert answers[1]["question"]["strong_answer"] == "A strong answer to 2 names a result."
    assert [c["id"] for c in answers[0]["criteria"]] == ["specific-story", "fit", "eye-contact"]
    assert answers[0]["timings"]["answer_seconds"] == 61.5
    root = candidate.layout.root
    assert recordings["recordings/02.flac"] == (root / f"recordings/{candidate.session_id}/02-2.flac").read_bytes()
    text = pack_file.read_bytes()
    assert b"secret note" not in text and b'"scores"' not in text and b'"notes"' not in text
    assert stat.S_IMODE(pack_file.stat().st_mode) == 0o600
    row = candidate.db.execute("SELECT id, session_id, answer_ids_json FROM review_packs").fetchone()
    assert (row[0], row[1]) == (manifest["pack_id"], candidate.session_id)
    assert json.loads(row[2]) == {"01": candidate.answers[1], "02": candidate.answers[2]}


def test_an_improper_question_keeps_its_notice_in_the_pack_and_other_questions_write_no_such_key(
    candidate: Candidate, pack_file: Path, friend: DataLayout, tmp_path: Path
) -> None:
    with zipfile.ZipFile(pack_file) as archive:
        assert b"improper" not in archive.read("manifest.json")  # packs of fair questions are as before
    note = "Age is protected; answer about your energy for the work."
    snapshot = QuestionSnapshot.from_json({**question(1), "improper": note}).to_json()
    candidate.db.execute(
        "UPDATE answers SET question_json = ? WHERE id = ?", (json.dumps(snapshot), candidate.answers[1])
    )
    again = tmp_path / "again.icreview"
    export_review_pack(candidate.db, candidate.layout.root, candidate.session_id, again, candidate_name="Alex")
    pack = open_review_pack(again, friend.root)
    assert [a.improper for a in pack.answers] == [note, ""]


def test_the_review_pack_round_trips_between_two_data_folders(
    candidate: Candidate, pack_file: Path, friend: DataLayout, tmp_path: Path
) -> None:
    self_scores_before = candidate.db.execute("SELECT * FROM scores WHERE scorer_kind = 'self' ORDER BY id").fetchall()
    self_notes_before = candidate.db.execute("SELECT * FROM notes WHERE author_kind = 'self' ORDER BY id").fetchall()
    scores_file = scored_pack(pack_file, friend, tmp_path)
    assert stat.S_IMODE(scores_file.stat().st_mode) == 0o600
    document = json.loads(scores_file.read_text(encoding="utf-8"))
    assert document["format"] == SCORES_FORMAT and document["reviewer_name"] == "Sam"
    assert document["answers"] == {
        "01": {"scores": {"specific-story": 4, "fit": 5}, "note": ""},
        "02": {"scores": {"specific-story": 1}, "note": "Lead with the result.\nThen the story."},
    }

    summary = import_scores_file(candidate.db, scores_file)
    assert (summary.reviewer_name, summary.answer_count, summary.score_count, summary.note_count) == ("Sam", 2, 3, 1)
    assert summary.session_id == candidate.session_id
    repo = PracticeRepository(candidate.db)
    first, second = candidate.answers[1], candidate.answers[2]
    sheets = {s.scorer: s.values for s in repo.current_scores(first)}
    assert sheets == {SELF: {"specific-story": 2, "fit": 3}, Scorer("friend", "Sam"): {"specific-story": 4, "fit": 5}}
    assert {n.author: n.body for n in repo.notes(second)} == {
        SELF: "My own secret note 2.2",
        Scorer("friend", "Sam"): "Lead with the result.\nThen the story.",
    }
    assert candidate.db.execute("SELECT * FROM scores WHERE scorer_kind = 'self' ORDER BY id").fetchall() == (
        self_scores_before
    )
    assert candidate.db.execute("SELECT * FROM notes WHERE author_kind = 'self' ORDER BY id").fetchall() == (
        self_notes_before
    )

    before = everything(candidate.db)
    with pytest.raises(ReviewPackError, match=r"from-Sam\.icscores was already imported on"):
        import_scores_file(candidate.db, scores_file)
    assert everything(candidate.db) == before


def test_the_same_friend_scoring_again_adds_a_round_and_keeps_the_history(
    candidate: Candidate, pack_file: Path, friend: DataLayout, tmp_path: Path
) -> None:
    import_scores_file(candidate.db, scored_pack(pack_file, friend, tmp_path))
    pack = open_review_pack(pack_file, friend.root)
    draft = load_draft(pack)  # reopening keeps the draft
    assert draft.review("01").scores == {"specific-story": 4, "fit": 5}
    draft.set_score("01", "fit", 2)
    draft.set_note("02", "Better on a second listen.")
    import_scores_file(candidate.db, write_scores_file(pack, draft, tmp_path / "again.icscores"))
    repo = PracticeRepository(candidate.db)
    sam = Scorer("friend", "Sam")
    assert next(s.values for s in repo.current_scores(candidate.answers[1]) if s.scorer == sam)["fit"] == 2
    fits = [r.value for r in repo.score_history(candidate.answers[1]) if r.scorer == sam and r.criterion_id == "fit"]
    assert fits == [5, 2]
    assert [n.body for n in repo.notes(candidate.answers[2]) if n.author == sam] == ["Better on a second listen."]


def test_opening_a_pack_unpacks_it_privately_and_reopening_reuses_its_folder_and_draft(
    candidate: Candidate, pack_file: Path, friend: DataLayout
) -> None:
    pack = open_review_pack(pack_file, friend.root)
    assert pack.folder == friend.root / "review_packs" / pack.pack_id
    assert pack.candidate_name == "Alex" and [a.key for a in pack.answers] == ["01", "02"]
    assert [c.id for c in pack.answers[0].audible_criteria] == ["specific-story", "fit"]  # eye contact is left out
    folder = Path(pack.folder)
    assert sorted(files_under(folder)) == ["manifest.json", "recordings/01.flac", "recordings/02.flac"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "recordings" / "01.flac").stat().st_mode) == 0o600
    samples, rate = sf.read(folder / "recordings" / "02.flac")
    assert rate == 16_000 and len(samples) == 6400

    draft = ReviewDraft(reviewer_name="Sam")
    draft.set_score("01", "fit", 3)
    save_draft(pack, draft)
    assert answer_status(pack.answers[0], draft.review("01")) == "partly scored"
    assert stat.S_IMODE((folder / "draft.json").stat().st_mode) == 0o600

    again = open_review_pack(pack_file, friend.root)
    assert again.folder == pack.folder
    kept = load_draft(again)
    assert (kept.reviewer_name, kept.review("01").scores) == ("Sam", {"fit": 3})
    kept.set_score("01", "specific-story", 5)
    assert scored_count(again, kept) == 1
    assert [p.name for p in (friend.root / "review_packs").iterdir()] == [pack.pack_id]  # no staging left


def test_an_unreadable_draft_is_kept_aside_and_the_review_starts_afresh(pack_file: Path, friend: DataLayout) -> None:
    pack = open_review_pack(pack_file, friend.root)
    folder = Path(pack.folder or "")
    (folder / "draft.json").write_text("{ half a draft", encoding="utf-8")
    assert load_draft(pack) == ReviewDraft()
    kept = [p for p in folder.iterdir() if p.name.startswith("draft-unreadable-")]
    assert [p.read_text(encoding="utf-8") for p in kept] == ["{ half a draft"]


def test_the_reviewer_name_is_remembered_in_the_friends_settings(friend: DataLayout) -> None:
    db = open_database(friend.database)
    try:
        assert remembered_name(db, settings_keys.REVIEWER_NAME) == ""
        remember_name(db, settings_keys.REVIEWER_NAME, "  Sam   Jones ")
        assert remembered_name(db, settings_keys.REVIEWER_NAME) == "Sam Jones"
    finally:
        db.close()


def test_a_scores_file_needs_a_name_and_something_scored(pack_file: Path, friend: DataLayout, tmp_path: Path) -> None:
    pack = open_review_pack(pack_file, friend.root)
    draft = ReviewDraft()
    draft.set_score("01", "fit", 4)
    with pytest.raises(ReviewPackError, match="Type your name first"):
        write_scores_file(pack, draft, tmp_path / "s.icscores")
    with pytest.raises(ReviewPackError, match="Score at least one answer"):
        write_scores_file(pack, ReviewDraft(reviewer_name="Sam"), tmp_path / "s.icscores")
    assert not (tmp_path / "s.icscores").exists()


# Exporting: what cannot be sent


def test_exporting_an_unknown_session_or_one_without_answers_says_so(candidate: Candidate, tmp_path: Path) -> None:
    with pytest.raises(ReviewPackError, match="There is no session 999"):
        export_review_pack(candidate.db, candidate.layout.root, 999, tmp_path / "p.icreview")
    empty = PracticeRepository(candidate.db).create_session("solo", {})
    with pytest.raises(ReviewPackError, match="no answered questions"):
        export_review_pack(candidate.db, candidate.layout.root, empty.id, tmp_path / "p.icreview")
    assert not (tmp_path / "p.icreview").exists()
    assert candidate.db.execute("SELECT COUNT(*) FROM review_packs").fetchone()[0] == 0


def test_a_session_whose_recordings_are_gone_cannot_be_sent(candidate: Candidate, tmp_path: Path) -> None:
    for path in (candidate.layout.recordings).rglob("*.flac"):
        path.unlink()
    with pytest.raises(ReviewPackError, match="nothing for a friend to listen to"):
        export_review_pack(candidate.db, candidate.layout.root, candidate.session_id, tmp_path / "p.icreview")


def test_a_full_disk_leaves_no_partial_pack_no_record_and_keeps_an_earlier_file(
    candidate: Candidate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    destination = folder / "session.icreview"
    destination.write_bytes(b"an earlier pack")
    real_fdopen = os.fdopen

    class FillingDisk(io.FileIO):
        def write(self, data: Any) -> int:
            if self.tell() + len(data) > 1_000:  # the manifest fits, the audio does not
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    def fdopen(handle: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return FillingDisk(handle, "wb") if mode == "wb" else real_fdopen(handle, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(ReviewPackError, match=f"Not enough disk space to write the review pack to {destination}"):
        export_review_pack(candidate.db, candidate.layout.root, candidate.session_id, destination)
    monkeypatch.undo()
    assert [p.name for p in folder.iterdir()] == ["session.icreview"]
    assert destination.read_bytes() == b"an earlier pack"
    assert candidate.db.execute("SELECT COUNT(*) FROM review_packs").fetchone()[0] == 0


# Importing: refused scores files change nothing


@pytest.fixture
def valid_scores(pack_file: Path, friend: DataLayout, tmp_path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(scored_pack(pack_file, friend, tmp_path).read_text(encoding="utf-8"))
    return document


def changed(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**document, **changes}


REFUSED_SCORES: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "an unknown pack": (lambda d: changed(d, pack_id=uuid.uuid4().hex), "not sent from this data folder"),
    "a malformed pack id": (lambda d: changed(d, pack_id="../../etc"), "no valid pack_id"),
    "an answer of another session": (
        lambda d: changed(d, answers={"07": {"scores": {"fit": 3}, "note": ""}}),
        r"scores an answer \(07\) that is not in its review pack",
    ),
    "a nonsense answer key": (
        lambda d: changed(d, answers={"../1": {"scores": {"fit": 3}}}),
        "answer key '../1' that no review pack uses",
    ),
    "a score above 5": (
        lambda d: changed(d, answers={"01": {"scores": {"fit": 6}}}),
        "the score for 'fit' must be a whole number from 1 to 5, not 6",
    ),
    "a score of 0": (lambda d: changed(d, answers={"01": {"scores": {"fit": 0}}}), "whole number from 1 to 5"),
    "a score as text": (lambda d: changed(d, answers={"01": {"scores": {"fit": "5"}}}), "whole number from 1 to 5"),
    "a score as true": (lambda d: changed(d, answers={"01": {"scores": {"fit": True}}}), "whole number from 1 to 5"),
    "an unknown criterion": (
        lambda d: changed(d, answers={"01": {"scores": {"structure": 4}}}),
        "answer 01 was not scored on 'structure'",
    ),
    "an in-person criterion": (
        lambda d: changed(d, answers={"01": {"scores": {"eye-contact": 4}}}),
        "'Eye contact', which only someone in the room can judge",
    ),
    "a note that is too long": (
        lambda d: changed(d, answers={"01": {"scores": {}, "note": "x" * 10_001}}),
        "the note is longer than 10000 characters",
    ),
    "no reviewer name": (lambda d: changed(d, reviewer_name="   "), "does not say who scored"),
    "a reviewer name with control characters": (lambda d: changed(d, reviewer_name="Sam\x1b[2J"), "control characters"),
    "a reviewer name that is too long": (lambda d: changed(d, reviewer_name="S" * 81), "longer than 80 characters"),
    "another format": (lambda d: changed(d, format="interview-coach-export"), "is not an Interview Coach scores file"),
    "a newer version": (lambda d: changed(d, version=2), "made by a newer version of Interview Coach"),
    "no answers": (lambda d: changed(d, answers={}), "holds no answers"),
    "a list instead of an object": (lambda d: [d], "it is not a JSON object"),
    "bad JSON": (lambda d: b'{"format": "interview-coach-review-scores", ', "it is not readable JSON"),
    "bytes that are not UTF-8": (lambda d: b"\xff\xfe\x00{", "it is not readable JSON"),
    "deep nesting": (lambda d: b"[" * 100_000 + b"]" * 100_000, "was refused|not readable JSON"),
}


@pytest.mark.parametrize("case", sorted(REFUSED_SCORES))
def test_a_bad_scores_file_is_refused_and_changes_nothing(
    case: str, candidate: Candidate, valid_scores: dict[str, Any], tmp_path: Path
) -> None:
    make, message = REFUSED_SCORES[case]
    content = make(valid_scores)
    path = tmp_path / "bad.icscores"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode("utf-8"))
    before = everything(candidate.db)
    with pytest.raises(ReviewPackError, match=message) as error:
        import_scores_file(candidate.db, path, limits=ReviewPackLimits(max_scores_bytes=2 * 1024 * 1024))
    assert "bad.icscores" in str(error.value) and "\n" not in str(error.value)
    assert everything(candidate.db) == before


def test_an_oversized_scores_file_is_refused_before_it_is_read(candidate: Candidate, tmp_path: Path) -> None:
    path = tmp_path / "huge.icscores"
    path.write_bytes(b" " * 5_000 + b"{}")
    with pytest.raises(ReviewPackError, match=r"huge\.icscores was refused: it is 5\.0 KB; a scores file is at most"):
        import_scores_file(candidate.db, path, limits=ReviewPackLimits(max_scores_bytes=4_000))
    with pytest.raises(ReviewPackError, match="There is no file"):
        import_scores_file(candidate.db, tmp_path / "missing.icscores")


def test_scores_for_a_deleted_session_are_refused(
    candidate: Candidate, valid_scores: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "late.icscores"
    path.write_text(json.dumps(valid_scores), encoding="utf-8")
    PracticeRepository(candidate.db).delete_session(candidate.session_id)
    with pytest.raises(ReviewPackError, match="for a session that has since been deleted"):
        import_scores_file(candidate.db, path)
    assert candidate.db.execute("SELECT COUNT(*) FROM review_imports").fetchone()[0] == 0


def test_scores_for_an_answer_deleted_since_are_left_out_and_reported(
    candidate: Candidate, valid_scores: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "partly.icscores"
    path.write_text(json.dumps(valid_scores), encoding="utf-8")
    PracticeRepository(candidate.db).delete_answer(candidate.answers[1])
    summary = import_scores_file(candidate.db, path)
    assert (summary.answer_count, summary.deleted_answers) == (1, 1)
    assert "1 answer deleted since the pack was sent was left out" in summary.describe()


# Opening: hostile packs are refused and nothing is unpacked


@dataclass
class PackParts:
    manifest: dict[str, Any]
    recordings: dict[str, bytes]


@pytest.fixture
def parts(pack_file: Path) -> PackParts:
    with zipfile.ZipFile(pack_file) as archive:
        recordings = {n: archive.read(n) for n in archive.namelist() if n != "manifest.json"}
        return PackParts(json.loads(archive.read("manifest.json")), recordings)


Entry = tuple[zipfile.ZipInfo, bytes]


def entry(name: str, data: bytes, *, mode: int | None = None, deflate: int = 0) -> Entry:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    if mode is not None:
        info.external_attr = mode << 16
    return info, data


def flag_encrypted(path: Path, name: str) -> Path:
    """Sets an entry's "encrypted" flag in its local header and central directory record (zipfile cannot
    write encrypted entries, and clears the flag when asked to)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(name).header_offset
    data[local + 6] |= 0x1
    start = data.find(b"PK\x01\x02")
    while start >= 0:
        length = int.from_bytes(data[start + 28 : start + 30], "little")
        if data[start + 46 : start + 46 + length] == name.encode():
            data[start + 8] |= 0x1
        start = data.find(b"PK\x01\x02", start + 4)
    path.write_bytes(bytes(data))
    return path


def build(
    path: Path,
    parts: PackParts,
    *,
    recordings: dict[str, bytes] | None = None,
    extra: tuple[Entry, ...] = (),
    manifest: dict[str, Any] | bytes | None = None,
    with_manifest: bool = True,
) -> Path:
    files = dict(parts.recordings) if recordings is None else recordings
    document = parts.manifest if manifest is None else manifest
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, which one case needs
        with zipfile.ZipFile(path, "w") as archive:
            if with_manifest:
                archive.writestr("manifest.json", document if isinstance(document, bytes) else json.dumps(document))
            for name, data in files.items():
                archive.writestr(name, data)
            for info, data in extra:
                archive.writestr(info, data)
    return path


def manifest_with(parts: PackParts, answer_changes: dict[str, Any] | None = None, **changes: Any) -> dict[str, Any]:
    document = json.loads(json.dumps(parts.manifest))
    document.update(changes)
    if answer_changes:
        document["answers"][0].update(answer_changes)
    return document


FLAC_HEAD = b"fLaC" + bytes(60)
LINK = stat.S_IFLNK | 0o777
SMALL = ReviewPackLimits(max_entry_bytes=200_000, max_entries=4, max_ratio=20.0, ratio_check_min_bytes=10_000)

HOSTILE: dict[str, tuple[Callable[[Path, PackParts], Path], str]] = {
    "not a zip": (
        lambda p, _: (p.write_text("hello", encoding="utf-8"), p)[1],
        "is not an Interview Coach review pack, or it is damaged: it is not a complete zip archive",
    ),
    "a truncated zip": (
        lambda p, parts: (p.write_bytes(build(p, parts).read_bytes()[:-200]), p)[1],
        "not a complete zip archive|is damaged",
    ),
    "no manifest": (lambda p, parts: build(p, parts, with_manifest=False), "it has no manifest.json"),
    "a manifest that is not JSON": (lambda p, parts: build(p, parts, manifest=b"{nope"), "manifest cannot be read"),
    "another format": (
        lambda p, parts: build(p, parts, manifest=manifest_with(parts, format="interview-coach-backup")),
        "it is not an Interview Coach review pack",
    ),
    "a newer version": (
        lambda p, parts: build(p, parts, manifest=manifest_with(parts, version=9)),
        "made by a newer version of Interview Coach",
    ),
    "a pack id that is a path": (
        lambda p, parts: build(p, parts, manifest=manifest_with(parts, pack_id="../../outside")),
        "no valid pack_id",
    ),
    "a question text that is far too long": (
        lambda p, parts: build(
            p, parts, manifest=manifest_with(parts, {"question": {"text": "Why? " * 1000, "category": "x"}})
        ),
        "text is longer than 2000 characters",
    ),
    "an improper-question note that is not text": (
        lambda p, parts: build(
            p, parts, manifest=manifest_with(parts, {"question": {"text": "Age?", "improper": ["Unfair."]}})
        ),
        "improper must be text",
    ),
    "a score level that is not text": (
        lambda p, parts: build(
            p,
            parts,
            manifest=manifest_with(
                parts, {"criteria": [{"id": "fit", "name": "Fit", "summary": "", "levels": [1, 2, 3, 4, 5]}]}
            ),
        ),
        "level description that is not text",
    ),
    "a recording named outside its answer": (
        lambda p, parts: build(p, parts, manifest=manifest_with(parts, {"recording": "../../evil.flac"})),
        "names the recording '../../evil.flac'",
    ),
    "path traversal": (
        lambda p, parts: build(p, parts, extra=(entry("recordings/../../evil.flac", FLAC_HEAD),)),
        r"the entry 'recordings/\.\./\.\./evil\.flac' leads out of its folder",
    ),
    "an absolute path": (
        lambda p, parts: build(p, parts, extra=(entry("/tmp/evil.flac", FLAC_HEAD),)),
        "is an absolute path",
    ),
    "a backslash": (
        lambda p, parts: build(p, parts, extra=(entry("recordings\\03.flac", FLAC_HEAD),)),
        "contains a backslash",
    ),
    "a drive letter": (lambda p, parts: build(p, parts, extra=(entry("C:evil.flac", FLAC_HEAD),)), "drive letter"),
    "a symbolic link": (
        lambda p, parts: build(p, parts, extra=(entry("recordings/03.flac", b"/etc/passwd", mode=LINK),)),
        "is a symbolic link",
    ),
    "a device file": (
        lambda p, parts: build(p, parts, extra=(entry("recordings/03.flac", FLAC_HEAD, mode=stat.S_IFIFO | 0o600),)),
        "is not a plain file",
    ),
    "an encrypted entry": (
        lambda p, parts: flag_encrypted(build(p, parts), "recordings/02.flac"),
        "the entry 'recordings/02.flac' is encrypted",
    ),
    "an unexpected file": (
        lambda p, parts: build(p, parts, extra=(entry("run-me.sh", b"#!/bin/sh\n"),)),
        "'run-me.sh' is outside what a review pack holds",
    ),
    "an unexpected kind of recording": (
        lambda p, parts: build(p, parts, extra=(entry("recordings/03.exe", b"MZ"),)),
        "is outside what a review pack holds",
    ),
    "a nested folder": (
        lambda p, parts: build(p, parts, extra=(entry("recordings/x/01.flac", FLAC_HEAD),)),
        "is outside what a review pack holds",
    ),
    "a recording no answer names": (
        lambda p, parts: build(p, parts, extra=(entry("recordings/09.flac", FLAC_HEAD),)),
        "'recordings/09.flac' belongs to no answer",
    ),
    "a missing recording": (
        lambda p, parts: build(p, parts, recordings={"recordings/01.flac": parts.recordings["recordings/01.flac"]}),
        "the recording recordings/02.flac is missing from it",
    ),
    "a duplicate entry": (
        lambda p, parts: build(p, parts, extra=(entry("recordings/01.flac", FLAC_HEAD),)),
        "'recordings/01.flac' appears more than once",
    ),
    "a recording that is not audio": (
        lambda p, parts: build(
            p, parts, recordings={**parts.recordings, "recordings/02.flac": b"MZ\x90\x00 a program" * 10}
        ),
        "recordings/02.flac is not a FLAC recording",
    ),
    "a huge declared entry": (
        lambda p, parts: build(p, parts, extra=(entry("recordings/03.flac", FLAC_HEAD + bytes(300_000)),)),
        r"unpacks to 300\.1 KB; the limit for one file is 200\.0 KB",
    ),
    "a zip bomb": (
        lambda p, parts: build(p, parts, extra=(entry("recordings/03.flac", FLAC_HEAD + bytes(150_000), deflate=1),)),
        r"would expand \d+ times when unpacked \(a zip bomb\?\)",
    ),
    "too many entries": (
        lambda p, parts: build(
            p, parts, extra=tuple(entry(f"recordings/{n:02d}.flac", FLAC_HEAD) for n in range(10, 13))
        ),
        "it holds 6 files; the limit is 4",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_or_damaged_pack_is_refused_and_nothing_is_unpacked(
    case: str, parts: PackParts, friend: DataLayout, tmp_path: Path
) -> None:
    make, message = HOSTILE[case]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = make(inbox / "pack.icreview", parts)
    everything_before = files_under(tmp_path)
    with pytest.raises(ReviewPackError, match=message) as error:
        open_review_pack(path, friend.root, limits=SMALL)
    assert "pack.icreview" in str(error.value) and "\n" not in str(error.value)
    assert files_under(tmp_path) == everything_before  # nothing unpacked here or anywhere else under tmp_path
    packs = friend.root / "review_packs"
    assert not packs.exists() or list(packs.iterdir()) == []
    assert not (tmp_path.parent / "evil.flac").exists() and not Path("/tmp/evil.flac").exists()


def test_a_valid_rebuilt_pack_opens_so_the_hostile_cases_test_one_thing_each(
    parts: PackParts, friend: DataLayout, tmp_path: Path
) -> None:
    pack = open_review_pack(build(tmp_path / "fine.icreview", parts), friend.root, limits=SMALL)
    assert isinstance(pack, ReviewPack) and len(pack.answers) == 2


def test_a_wav_recording_is_accepted_when_it_is_one(parts: PackParts, friend: DataLayout, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    sf.write(buffer, np.zeros(1600, dtype=np.float32), 16_000, format="WAV")
    manifest = manifest_with(parts, {"recording": "recordings/01.wav"})
    recordings = {"recordings/01.wav": buffer.getvalue(), "recordings/02.flac": parts.recordings["recordings/02.flac"]}
    pack = open_review_pack(
        build(tmp_path / "w.icreview", parts, recordings=recordings, manifest=manifest), friend.root
    )
    assert (Path(pack.folder or "") / "recordings" / "01.wav").read_bytes() == buffer.getvalue()
    bad = {**recordings, "recordings/01.wav": b"RIFF\x00\x00\x00\x00AVI LIST"}
    with pytest.raises(ReviewPackError, match=r"recordings/01\.wav is not a WAV recording"):
        open_review_pack(build(tmp_path / "v.icreview", parts, recordings=bad, manifest=manifest), friend.root)


def test_names_with_control_characters_are_cleaned_so_the_friend_can_open_the_pack(
    candidate: Candidate, friend: DataLayout, tmp_path: Path
) -> None:
    path = tmp_path / "odd.icreview"
    export_review_pack(candidate.db, candidate.layout.root, candidate.session_id, path, candidate_name="Al\x1bex\n")
    assert open_review_pack(path, friend.root).candidate_name == "Al ex"


# Delivery analysis (issue 15): the friend sees the transcript and the measured figures


def test_a_pack_carries_each_answers_transcript_and_figures(
    candidate: Candidate, friend: DataLayout, tmp_path: Path
) -> None:
    words = timed_words("Um, I led the migration.")
    figures = analyse_delivery(words, [(1.0, 3.0)], model="tiny.en")
    AnalysisRepository(candidate.db).save(candidate.answers[1], figures)
    destination = tmp_path / "analysed.icreview"
    export_review_pack(candidate.db, candidate.layout.root, candidate.session_id, destination, candidate_name="Alex")
    pack = open_review_pack(destination, friend.root)
    assert pack.answers[0].delivery == figures
    assert pack.answers[1].delivery is None


@pytest.mark.parametrize(
    "delivery",
    [
        "a transcript",
        {"transcript": 5},
        {"words": [{"word": "x", "start": "soon", "end": 1}]},
        {"fillers": {"rm -rf": 1}},
    ],
)
def test_a_pack_with_a_damaged_delivery_analysis_is_refused(
    parts: PackParts, friend: DataLayout, tmp_path: Path, delivery: Any
) -> None:
    good = analyse_delivery([TimedWord("yes", 1.0, 1.2)], [(1.0, 1.2)]).to_json()
    value = {**good, **delivery} if isinstance(delivery, dict) else delivery
    path = build(tmp_path / "pack.icreview", parts, manifest=manifest_with(parts, {"delivery": value}))
    with pytest.raises(ReviewPackError, match="answer 1: its delivery analysis is not valid"):
        open_review_pack(path, friend.root, limits=SMALL)
