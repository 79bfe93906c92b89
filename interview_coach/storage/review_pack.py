"""Review packs on disk: the candidate exports one, a friend opens it in their own copy of the app and
sends back a scores file, which the candidate imports.

Both files travel between computers, so whatever comes in is treated as hostile until checked: the
pack's table of contents (names, sizes, compression ratio, links, encryption; shared with backups in
`zip_safety`), its manifest (`domain.review_pack.parse_manifest`), the audio's own signature, and for a
scores file its size, shape, pack, session, answers and criteria. A friend's scores are added as a new
round under their name; the candidate's own scores and notes are never touched.
Formats and every refusal: docs/DATA_FORMATS.md, "Review packs and scores files".
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
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from interview_coach import __version__
from interview_coach.domain.records import AnswerTimings
from interview_coach.domain.review_pack import (
    AUDIO_SUFFIXES,
    MANIFEST_NAME,
    MAX_CATEGORY_CHARS,
    MAX_CRITERIA,
    MAX_FOLLOW_UP_CHARS,
    MAX_FOLLOW_UPS,
    MAX_GUIDE_CHARS,
    MAX_NAME_CHARS,
    MAX_QUESTION_CHARS,
    MAX_SUMMARY_CHARS,
    RECORDINGS_FOLDER,
    PackAnswer,
    PackFormatError,
    ReviewDraft,
    ReviewPack,
    ScoresFile,
    answer_key,
    draft_from_json,
    draft_to_json,
    manifest_to_json,
    parse_manifest,
    parse_scores,
    recording_name,
    scores_document,
)
from interview_coach.domain.rubric import Criterion
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot, snapshot_criteria
from interview_coach.domain.wording import count_of
from interview_coach.storage.analysis_repository import AnalysisRepository
from interview_coach.storage.clock import Clock, from_text, to_text, utc_now
from interview_coach.storage.locations import make_private_dir
from interview_coach.storage.safe_json import JsonFormatError, load_json, stored_object
from interview_coach.storage.settings_repository import SettingsRepository
from interview_coach.storage.transactions import transaction
from interview_coach.storage.zip_safety import (
    GIB,
    MIB,
    ZIP_ERRORS,
    check_count_and_duplicates,
    check_total,
    create_private,
    entry_name,
    entry_problem,
    format_size,
    free_bytes,
    fsync_folder,
    open_zip,
    path_problem,
    private_entry,
    read_capped,
    write_atomically,
    write_failure,
)
from interview_coach.stored_paths import UnsafePathError, contained, resolve_stored

PACK_SUFFIX = ".icreview"
SCORES_SUFFIX = ".icscores"
PACKS_FOLDER = "review_packs"  # in the friend's data folder: one folder per pack opened
DRAFT_NAME = "draft.json"

_CHUNK = MIB
_READ_ERRORS: tuple[type[BaseException], ...] = (*ZIP_ERRORS, OSError)
_ENTRY_NAME = re.compile(r"^recordings/[0-9]{2,3}\.(flac|wav)$")
_MAX_DRAFT_BYTES = 16 * MIB


class ReviewPackError(Exception):
    """A pack or scores file that cannot be made, opened or imported; the message is for the user."""


@dataclass(frozen=True)
class ReviewPackLimits:
    """What the friend's copy accepts in a pack, and the candidate's in a scores file. Tests lower them."""

    max_entry_bytes: int = 512 * MIB  # one recording: a 10-minute FLAC answer is about 15 MB
    max_total_bytes: int = 4 * GIB
    max_entries: int = 256  # the manifest and one recording per answer (at most 200)
    max_manifest_bytes: int = MIB
    # Packs store audio as it is (ratio about 1); anything packed far tighter is a zip bomb.
    max_ratio: float = 50.0
    ratio_check_min_bytes: int = MIB
    free_space_margin_bytes: int = 64 * MIB
    max_scores_bytes: int = MIB


DEFAULT_LIMITS = ReviewPackLimits()


@dataclass(frozen=True)
class PackExport:
    path: Path
    pack_id: str
    session_id: int
    answer_count: int
    left_out: int  # answered questions whose recording is gone
    archive_bytes: int

    def describe(self) -> str:
        text = f"{self.answer_count} answer{'s' if self.answer_count != 1 else ''} ({format_size(self.archive_bytes)})"
        if self.left_out:
            text += f"; {self.left_out} without a recording left out"
        return text


@dataclass(frozen=True)
class ScoresImport:
    pack_id: str
    session_id: int
    session_started_at: datetime
    reviewer_name: str
    answer_count: int  # answers that received scores or a note
    score_count: int
    note_count: int
    deleted_answers: int  # answers in the file that were deleted here since the pack was sent

    def describe(self) -> str:
        when = self.session_started_at.astimezone().strftime("%d %b %Y")
        text = f"{self.reviewer_name}'s scores for {count_of(self.answer_count, 'answer')} of the session of {when}"
        if self.deleted_answers:
            gone = f"{count_of(self.deleted_answers, 'answer')} deleted since the pack was sent"
            text += f" ({gone} {'was' if self.deleted_answers == 1 else 'were'} left out)"
        return text


# Export (the candidate's side)


def export_review_pack(
    connection: sqlite3.Connection,
    data_root: Path,
    session_id: int,
    destination: Path,
    *,
    candidate_name: str = "",
    clock: Clock = utc_now,
) -> PackExport:
    """Writes one session's review pack (0600, whole or not at all) and records it for the import later.

    The pack holds the latest answered attempt at each question that still has its recording; the
    candidate's own scores and notes stay out, so the friend scores independently.
    """
    destination = Path(destination).absolute()
    if destination.is_dir():
        raise ReviewPackError(f"Cannot write the review pack to {destination}: it is a folder.")
    if not destination.parent.is_dir():
        raise ReviewPackError(
            f"Cannot write the review pack to {destination}: the folder {destination.parent} does not exist."
        )
    session = connection.execute("SELECT started_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if session is None:
        raise ReviewPackError(f"There is no session {session_id} to send for review; it may have been deleted.")
    chosen, sources, left_out = _pack_answers(connection, Path(data_root), session_id)
    answers = [answer for answer, _ in chosen]
    pack = ReviewPack(
        pack_id=uuid.uuid4().hex,
        created_at=to_text(clock()),
        app_version=__version__,
        candidate_name=_one_line(candidate_name)[:MAX_NAME_CHARS],
        session_started_at=str(session[0]),
        answers=tuple(answers),
    )
    manifest = manifest_to_json(pack)
    try:
        parse_manifest(manifest)  # the friend's app will check it this way: never send what it refuses
    except PackFormatError as error:
        raise ReviewPackError(f"Cannot make a review pack of this session: {error}.") from error
    needed = sum(source.stat().st_size for source in sources.values()) + MIB
    free = free_bytes(destination.parent)
    if free is not None and free < needed:
        raise ReviewPackError(
            f"Not enough disk space to write the review pack to {destination}: it needs about "
            f"{format_size(needed)} and {format_size(free)} is free."
        )
    ids = {answer.key: answer_id for answer, answer_id in chosen}  # the scores file names answers by key

    # The row and the file go together: a failed write rolls the row back, so a pack either exists
    # and can be matched by the import, or neither.
    with transaction(connection):
        connection.execute(
            "INSERT INTO review_packs (id, session_id, answer_ids_json, created_at) VALUES (?, ?, ?, ?)",
            (pack.pack_id, session_id, json.dumps(ids), pack.created_at),
        )
        write_atomically(
            destination, "the review pack", lambda raw: _write_pack(raw, manifest, sources), ReviewPackError
        )

    return PackExport(destination, pack.pack_id, session_id, len(answers), left_out, destination.stat().st_size)


def _pack_answers(
    connection: sqlite3.Connection, data_root: Path, session_id: int
) -> tuple[list[tuple[PackAnswer, int]], dict[str, Path], int]:
    """(answer, its id) for each question's latest answered attempt with a recording; the recordings by
    entry name; and how many answered questions were left out for want of a recording."""
    rows = connection.execute(
        """SELECT * FROM answers WHERE session_id = ? AND status IN ('recorded', 'recording')
           ORDER BY position, attempt""",
        (session_id,),
    ).fetchall()
    latest = {int(row["position"]): row for row in rows}  # a later attempt replaces an earlier one
    if not latest:
        raise ReviewPackError("This session has no answered questions to send for review.")
    answers: list[tuple[PackAnswer, int]] = []
    sources: dict[str, Path] = {}
    analyses = AnalysisRepository(connection).for_answers(int(row["id"]) for row in latest.values())
    for position, row in sorted(latest.items()):
        source = _recording_source(data_root, row["recording_path"])
        if source is None:
            continue
        key = answer_key(position)
        name = recording_name(key, source.suffix.lower())
        sources[name] = source
        answer = replace(_pack_answer(row, key, name), delivery=analyses.get(int(row["id"])))
        answers.append((answer, int(row["id"])))
    if not answers:
        raise ReviewPackError(
            "None of this session's answers still has its recording, so there is nothing for a friend to listen to."
        )
    return answers, sources, len(latest) - len(answers)


def _recording_source(data_root: Path, relative: str | None) -> Path | None:
    """The recording's file, if it is still there and inside the data folder."""
    if not relative:
        return None
    try:
        source = resolve_stored(data_root, relative)
        if not source.is_file():
            return None
    except (OSError, UnsafePathError):
        return None
    return source if source.suffix.lower() in AUDIO_SUFFIXES else None


def _pack_answer(row: sqlite3.Row, key: str, recording: str) -> PackAnswer:
    question = QuestionSnapshot.from_json(stored_object(row["question_json"]))
    rubric = RubricSnapshot.from_json(stored_object(row["rubric_json"]))
    return PackAnswer(
        key=key,
        position=int(row["position"]),
        attempt=int(row["attempt"]),
        question_text=question.text[:MAX_QUESTION_CHARS] or str(row["question_key"]),
        category=question.category[:MAX_CATEGORY_CHARS] or str(row["category"])[:MAX_CATEGORY_CHARS],
        strong_answer=question.strong_answer[:MAX_GUIDE_CHARS],
        handling=question.handling[:MAX_GUIDE_CHARS],
        improper=question.improper[:MAX_GUIDE_CHARS],
        follow_ups=tuple(f[:MAX_FOLLOW_UP_CHARS] for f in question.follow_ups[:MAX_FOLLOW_UPS]),
        criteria=tuple(_fit(c) for c in snapshot_criteria(question, rubric)[:MAX_CRITERIA]),
        timings=AnswerTimings(
            think_limit_seconds=row["think_limit_seconds"],
            answer_limit_seconds=row["answer_limit_seconds"],
            think_seconds=row["think_seconds"],
            answer_seconds=row["answer_seconds"],
            speech_onset_seconds=row["speech_onset_seconds"],
            over_limit=bool(row["over_limit"]),
        ),
        recording=recording,
    )


def _fit(criterion: Criterion) -> Criterion:
    """A criterion within the pack's limits (rubrics are the user's own files, with no such limits)."""
    return replace(
        criterion,
        name=_one_line(criterion.name)[:MAX_NAME_CHARS] or criterion.id,
        summary=criterion.summary[:MAX_SUMMARY_CHARS],
        levels=tuple(level[:MAX_SUMMARY_CHARS] for level in criterion.levels),
    )


def _write_pack(raw: IO[bytes], manifest: dict[str, Any], sources: dict[str, Path]) -> None:
    with zipfile.ZipFile(raw, "w", allowZip64=True) as archive:
        archive.writestr(private_entry(MANIFEST_NAME), json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        for name, source in sources.items():
            with source.open("rb") as reader:
                status = os.fstat(reader.fileno())
                info = private_entry(name, mtime=status.st_mtime, stored=True)
                info.file_size = status.st_size  # lets zipfile choose ZIP64 up front for a very long answer
                with archive.open(info, "w") as writer:
                    shutil.copyfileobj(reader, writer, _CHUNK)


# Open (the friend's side)


def open_review_pack(path: Path, workspace_root: Path, *, limits: ReviewPackLimits = DEFAULT_LIMITS) -> ReviewPack:
    """Checks a pack completely, then unpacks it into `<workspace_root>/review_packs/<pack id>/` (private).

    Opening the same pack again reuses its folder, so the friend's draft is kept. Nothing is unpacked
    anywhere else, and a refused pack leaves nothing behind.
    """
    path = Path(path)
    with open_zip(path, f"{path} is not an Interview Coach review pack, or it is damaged", ReviewPackError) as archive:
        raw, pack = _check_pack(archive, path, limits)
        needed = sum(info.file_size for info in archive.infolist()) + limits.free_space_margin_bytes
        packs = Path(workspace_root) / PACKS_FOLDER
        free = free_bytes(packs)
        if free is not None and free < needed:
            raise ReviewPackError(
                f"Not enough free disk space to open {path}: it needs {format_size(needed)} "
                f"and {format_size(free)} is free."
            )
        try:
            folder = _unpack(archive, pack, raw, packs, path)
        except OSError as error:
            raise ReviewPackError(write_failure("unpack the review pack into", packs, error)) from error
    return replace(pack, folder=folder)


def _check_pack(archive: zipfile.ZipFile, path: Path, limits: ReviewPackLimits) -> tuple[bytes, ReviewPack]:
    infos = archive.infolist()
    names = check_count_and_duplicates(infos, path, limits, ReviewPackError)
    for info in infos:
        name = entry_name(info)  # as written, before zipfile cut it at a NUL
        problem = _name_problem(name) or entry_problem(info, limits, "review packs")
        if problem:
            raise ReviewPackError(f"{path} was refused: the entry {name!r} {problem}.")
    check_total(sum(info.file_size for info in infos), limits.max_total_bytes, path, ReviewPackError)
    if MANIFEST_NAME not in names:
        raise ReviewPackError(f"{path} is not an Interview Coach review pack: it has no {MANIFEST_NAME}.")
    info = archive.getinfo(MANIFEST_NAME)
    too_large = f"{path} was refused: its manifest is over {format_size(limits.max_manifest_bytes)}, far too large."
    if info.file_size > limits.max_manifest_bytes:
        raise ReviewPackError(too_large)
    try:
        raw = read_capped(archive, info, limits.max_manifest_bytes)
    except _READ_ERRORS as error:
        raise ReviewPackError(f"{path} is damaged: its manifest cannot be read ({error}).") from error
    if len(raw) > limits.max_manifest_bytes:
        raise ReviewPackError(too_large)
    try:
        data = load_json(raw, max_bytes=limits.max_manifest_bytes)
    except JsonFormatError as error:
        raise ReviewPackError(f"{path} is damaged: its manifest cannot be read (it {error}).") from error
    try:
        pack = parse_manifest(data)
    except PackFormatError as error:
        raise ReviewPackError(f"{path} was refused: {error}.") from error
    referenced = {a.recording for a in pack.answers if a.recording is not None}
    missing, unlisted = sorted(referenced - names), sorted(names - referenced - {MANIFEST_NAME})
    if missing:
        raise ReviewPackError(f"{path} is damaged: the recording {missing[0]} is missing from it.")
    if unlisted:
        raise ReviewPackError(f"{path} was refused: the entry {unlisted[0]!r} belongs to no answer in its manifest.")
    return raw, pack


def _name_problem(name: str) -> str | None:
    problem = path_problem(name)
    if problem:
        return problem
    if name == MANIFEST_NAME or _ENTRY_NAME.fullmatch(name):
        return None
    return f"is outside what a review pack holds ({MANIFEST_NAME} and {RECORDINGS_FOLDER}/NN.flac or .wav)"


def _unpack(archive: zipfile.ZipFile, pack: ReviewPack, manifest: bytes, packs: Path, path: Path) -> Path:
    try:  # a link would send the pack (and make_private_dir's chmod) somewhere else
        contained(packs.parent, packs)
        if (packs / pack.pack_id / RECORDINGS_FOLDER).exists():
            contained(packs, packs / pack.pack_id / RECORDINGS_FOLDER)
    except UnsafePathError as error:
        raise ReviewPackError(f"Cannot open {path}: {error}") from error
    make_private_dir(packs)
    target = packs / pack.pack_id  # 32 hexadecimal digits, checked by parse_manifest
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ReviewPackError(f"Cannot open {path}: {target} is in the way; move it elsewhere first.")
    staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=packs))  # 0700
    try:
        with create_private(staging / MANIFEST_NAME) as writer:
            writer.write(manifest)
        make_private_dir(staging / RECORDINGS_FOLDER)
        for answer in pack.answers:
            if answer.recording is not None:
                _unpack_audio(archive, archive.getinfo(answer.recording), staging, path)
        if not target.exists():
            os.replace(staging, target)
        else:  # opened before: new copies of the pack's files; the draft stays
            make_private_dir(target / RECORDINGS_FOLDER)
            for item in sorted(staging.rglob("*")):
                if item.is_file():
                    os.replace(item, target / item.relative_to(staging))
        fsync_folder(packs)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _is_flac(head: bytes) -> bool:
    return head[:4] == b"fLaC"


def _is_wav(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WAVE"


_SIGNATURES: dict[str, tuple[str, Callable[[bytes], bool]]] = {".flac": ("FLAC", _is_flac), ".wav": ("WAV", _is_wav)}


def _unpack_audio(archive: zipfile.ZipFile, info: zipfile.ZipInfo, staging: Path, path: Path) -> None:
    target = staging.joinpath(*info.filename.split("/"))
    if not target.resolve().is_relative_to(staging.resolve()):  # _name_problem refused this; be sure anyway
        raise ReviewPackError(f"{path} was refused: the entry {info.filename!r} leads out of its folder.")
    kind, matches = _SIGNATURES[target.suffix]
    size = 0
    try:
        with archive.open(info) as reader, create_private(target) as writer:
            while chunk := reader.read(_CHUNK):
                if size == 0 and not matches(chunk):
                    raise ReviewPackError(f"{path} was refused: {info.filename} is not a {kind} recording.")
                size += len(chunk)
                if size > info.file_size:
                    raise ReviewPackError(f"{path} is damaged: {info.filename} is larger than it says.")
                writer.write(chunk)
    except ZIP_ERRORS as error:
        raise ReviewPackError(f"{path} is damaged: {info.filename} cannot be unpacked ({error}).") from error
    if size == 0:
        raise ReviewPackError(f"{path} was refused: {info.filename} is empty.")


# The friend's draft and scores file


def draft_path(pack: ReviewPack) -> Path:
    if pack.folder is None:
        raise ValueError("the pack has not been unpacked")
    return Path(pack.folder) / DRAFT_NAME


def load_draft(pack: ReviewPack) -> ReviewDraft:
    """The friend's saved scores and notes, or an empty draft. An unreadable draft is kept aside, not lost."""
    path = draft_path(pack)
    try:
        if path.is_symlink():
            raise ValueError("a link")
        if path.stat().st_size > _MAX_DRAFT_BYTES:
            raise ValueError("too large")
        data = load_json(path.read_bytes(), max_bytes=_MAX_DRAFT_BYTES)
    except FileNotFoundError:
        return ReviewDraft()
    except (OSError, ValueError):  # JsonFormatError among them
        with contextlib.suppress(OSError):
            os.replace(path, path.with_name(f"draft-unreadable-{uuid.uuid4().hex[:8]}.json"))
        return ReviewDraft()
    return draft_from_json(data, pack)


def save_draft(pack: ReviewPack, draft: ReviewDraft) -> None:
    """Replaces the draft file whole (a temporary file renamed into place), so a crash never half-writes it."""
    path = draft_path(pack)
    text = json.dumps(draft_to_json(draft), indent=1, ensure_ascii=False) + "\n"
    write_atomically(path, "your draft", lambda raw: raw.write(text.encode("utf-8")), ReviewPackError)


def write_scores_file(pack: ReviewPack, draft: ReviewDraft, destination: Path, *, clock: Clock = utc_now) -> Path:
    """The small file the friend sends back (0600, whole or not at all)."""
    destination = Path(destination).absolute()
    if destination.is_dir():
        raise ReviewPackError(f"Cannot write the scores file to {destination}: it is a folder.")
    try:
        document = scores_document(pack, draft, to_text(clock()))
    except PackFormatError as error:
        raise ReviewPackError(f"{str(error)[:1].upper()}{str(error)[1:]}.") from error
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomically(destination, "the scores file", lambda raw: raw.write(text.encode("utf-8")), ReviewPackError)
    return destination


def remembered_name(connection: sqlite3.Connection, key: str) -> str:
    value = SettingsRepository(connection).get(key, "")
    return value if isinstance(value, str) else ""


def remember_name(connection: sqlite3.Connection, key: str, name: str) -> None:
    SettingsRepository(connection).set(key, _one_line(name)[:MAX_NAME_CHARS])


# Import (the candidate's side)


def import_scores_file(
    connection: sqlite3.Connection,
    path: Path,
    *,
    limits: ReviewPackLimits = DEFAULT_LIMITS,
    clock: Clock = utc_now,
) -> ScoresImport:
    """Adds a friend's scores and notes to the answers of a pack sent from this data folder, in one transaction.

    Refused, changing nothing: a file that is too large, not a scores file, for a pack this folder did not
    send or whose session is gone, with answers or criteria the pack does not have, out-of-range scores,
    or a file imported before. The friend's scores are a new round under their name: history is kept and
    the candidate's own scores and notes are never touched.
    """
    path = Path(path)
    raw = _read_scores_bytes(path, limits)
    digest = hashlib.sha256(raw).hexdigest()
    scores = _parse_scores_bytes(raw, path, limits)
    session_id, started_at, answer_ids = _scored_session(connection, scores, path)
    plan, deleted = _check_answers(connection, scores, answer_ids, session_id, path)
    stamp = to_text(clock())
    with transaction(connection):
        earlier = connection.execute("SELECT imported_at FROM review_imports WHERE digest = ?", (digest,)).fetchone()
        if earlier is not None:
            when = from_text(str(earlier[0])).astimezone().strftime("%d %b %Y at %H:%M")
            raise ReviewPackError(f"{path.name} was already imported on {when}; its scores are in your history.")
        score_count, note_count = _add_reviews(connection, plan, scores.reviewer_name, stamp)
        connection.execute(
            """INSERT INTO review_imports (pack_id, reviewer_name, digest, answer_count, imported_at)
               VALUES (?, ?, ?, ?, ?)""",
            (scores.pack_id, scores.reviewer_name, digest, len(plan), stamp),
        )
    return ScoresImport(
        pack_id=scores.pack_id,
        session_id=session_id,
        session_started_at=from_text(started_at),
        reviewer_name=scores.reviewer_name,
        answer_count=len(plan),
        score_count=score_count,
        note_count=note_count,
        deleted_answers=deleted,
    )


def _parse_scores_bytes(raw: bytes, path: Path, limits: ReviewPackLimits) -> ScoresFile:
    try:
        data = load_json(raw, max_bytes=limits.max_scores_bytes)
    except JsonFormatError as error:
        raise ReviewPackError(
            f"{path.name} is not an Interview Coach scores file: it is not readable JSON (it {error})."
        ) from error
    try:
        return parse_scores(data)
    except PackFormatError as error:
        raise ReviewPackError(f"{path.name} was refused: {error}.") from error


def _scored_session(connection: sqlite3.Connection, scores: ScoresFile, path: Path) -> tuple[int, str, dict[str, int]]:
    """The scored pack's session: its id, when it started, and the pack's answer ids by answer key."""
    pack = connection.execute(
        "SELECT session_id, answer_ids_json FROM review_packs WHERE id = ?", (scores.pack_id,)
    ).fetchone()
    if pack is None:
        raise ReviewPackError(
            f"{path.name} is for a review pack that was not sent from this data folder, so its scores have "
            "nowhere to go. Import it in the copy of Interview Coach that made the pack."
        )
    session_id = int(pack[0])
    session = connection.execute("SELECT started_at FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if session is None:
        raise ReviewPackError(f"{path.name} is for a session that has since been deleted; there is nothing to score.")
    return session_id, str(session[0]), _pack_answer_ids(pack[1])


def _read_scores_bytes(path: Path, limits: ReviewPackLimits) -> bytes:
    try:
        if not path.is_file():
            raise ReviewPackError(f"There is no file {path}." if not path.exists() else f"{path} is not a file.")
        size = path.stat().st_size
        if size > limits.max_scores_bytes:
            raise ReviewPackError(
                f"{path.name} was refused: it is {format_size(size)}; a scores file is at most "
                f"{format_size(limits.max_scores_bytes)}."
            )
        with path.open("rb") as reader:
            raw = reader.read(limits.max_scores_bytes + 1)
    except OSError as error:
        raise ReviewPackError(f"Cannot read {path}: {error.strerror or error}.") from error
    if len(raw) > limits.max_scores_bytes:  # grew since the size was read
        raise ReviewPackError(f"{path.name} was refused: it is larger than a scores file can be.")
    return raw


def _pack_answer_ids(text: str) -> dict[str, int]:
    data = stored_object(text)
    if not data:
        raise ReviewPackError("The record of this review pack in your data folder is damaged; it cannot be matched.")
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)}


_Plan = list[tuple[int, dict[str, int], str]]  # answer id, scores, note


def _check_answers(
    connection: sqlite3.Connection, scores: ScoresFile, answer_ids: dict[str, int], session_id: int, path: Path
) -> tuple[_Plan, int]:
    plan: _Plan = []
    deleted = 0
    for key, review in sorted(scores.answers.items()):
        answer_id = answer_ids.get(key)
        if answer_id is None:
            raise ReviewPackError(
                f"{path.name} was refused: it scores an answer ({key}) that is not in its review pack."
            )
        row = connection.execute(
            "SELECT question_json, rubric_json FROM answers WHERE id = ? AND session_id = ?", (answer_id, session_id)
        ).fetchone()
        if row is None:
            deleted += 1
            continue
        question = QuestionSnapshot.from_json(stored_object(row[0]))
        criteria = {c.id: c for c in snapshot_criteria(question, RubricSnapshot.from_json(stored_object(row[1])))}
        for criterion in review.scores:
            known = criteria.get(criterion)
            if known is None:
                raise ReviewPackError(
                    f"{path.name} was refused: answer {key} was not scored on {criterion!r}, so a score for it "
                    "cannot be added."
                )
            if known.in_person:
                raise ReviewPackError(
                    f"{path.name} was refused: answer {key} has a score for {known.name!r}, which only someone "
                    "in the room can judge."
                )
        if not review.is_empty:
            plan.append((answer_id, dict(review.scores), review.note))
    if not plan:
        raise ReviewPackError(f"{path.name} holds no scores or notes for answers that are still in your history.")
    return plan, deleted


def _add_reviews(connection: sqlite3.Connection, plan: _Plan, reviewer: str, stamp: str) -> tuple[int, int]:
    score_count = note_count = 0
    for answer_id, values, note in plan:
        connection.executemany(
            """INSERT INTO scores (answer_id, criterion_id, value, scorer_kind, scorer_name, scored_at)
               VALUES (?, ?, ?, 'friend', ?, ?)""",
            [(answer_id, criterion, value, reviewer, stamp) for criterion, value in values.items()],
        )
        score_count += len(values)
        if note:
            # One note per author per answer, as PracticeRepository.set_note keeps it: the same friend's
            # later file replaces their earlier note.
            updated = connection.execute(
                """UPDATE notes SET body = ?, updated_at = ?
                   WHERE answer_id = ? AND author_kind = 'friend' AND author_name = ?""",
                (note, stamp, answer_id, reviewer),
            ).rowcount
            if not updated:
                connection.execute(
                    """INSERT INTO notes (answer_id, author_kind, author_name, body, created_at, updated_at)
                       VALUES (?, 'friend', ?, ?, ?, ?)""",
                    (answer_id, reviewer, note, stamp, stamp),
                )
            note_count += 1
    return score_count, note_count


# Helpers


def _one_line(text: str) -> str:
    """A name as one line without control characters (the friend's app refuses names that have them)."""
    return " ".join("".join(c if ord(c) >= 32 and ord(c) != 127 else " " for c in text).split())
