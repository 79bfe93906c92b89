"""Sessions, answers, scores and notes exported as JSON (complete) or CSV (one row per answer and scorer).

The formats are documented in docs/DATA_FORMATS.md; change the two together. Sessions are read and
written in batches (`BATCH_SESSIONS`; one query per table per batch, never one per answer) inside one
read transaction, so an export is a consistent picture even while the app writes, and its memory stays
the same for 20,000 answers as for 2,000. Run it where the connection's other database work runs (the
task runner's serial lane): it opens a transaction on the connection it is given.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any, Literal, TextIO

from interview_coach import __version__
from interview_coach.domain.records import AnswerTimings
from interview_coach.domain.snapshots import RubricSnapshot
from interview_coach.storage.analysis_repository import has_analyses, stored_figures
from interview_coach.storage.clock import Clock, to_text, utc_now
from interview_coach.storage.database import schema_version
from interview_coach.storage.journal_repository import journal_export
from interview_coach.storage.safe_json import stored_object

EXPORT_FORMAT = "interview-coach-export"
EXPORT_VERSION = 1
ExportKind = Literal["json", "csv"]

TIMING_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(AnswerTimings))
SCORE_COLUMN_PREFIX = "score:"
CSV_COLUMNS_BEFORE_SCORES: tuple[str, ...] = (
    "session_id",
    "session_started_at",
    "session_mode",
    "session_status",
    "answer_id",
    "position",
    "attempt",
    "question_key",
    "question_text",
    "category",
    "answer_status",
    "think_seconds",
    "think_limit_seconds",
    "answer_seconds",
    "answer_limit_seconds",
    "over_limit",
    "speech_onset_seconds",
    "recording",
    "scorer_kind",
    "scorer_name",
    "scored_at",
)
# The delivery analysis (issue 15) follows the note, so the older columns keep their places.
DELIVERY_COLUMNS: tuple[str, ...] = (
    "wpm",
    "fillers_per_minute",
    "filler_count",
    "long_pauses",
    "time_to_first_word",
    "speaking_seconds",
    "transcript",
)
CSV_COLUMNS_AFTER_SCORES: tuple[str, ...] = ("note", *DELIVERY_COLUMNS)

_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit
BATCH_SESSIONS = 200  # sessions gathered and written at a time (about 2,000 answers)
Progress = Callable[[int, int], None]  # sessions written so far, sessions in the export
_PRETTY_LEVELS = 5  # document, sessions, session, answers, answer


class ExportError(Exception):
    """An export that cannot be made; the message is meant for the user."""


def collect_sessions(
    connection: sqlite3.Connection, session_ids: Collection[int] | None = None
) -> list[dict[str, Any]]:
    """Every session (or the chosen ones), oldest first, as the JSON export's `sessions` list."""
    with _read_transaction(connection):
        return _collect(connection, session_ids)


def export_document(
    connection: sqlite3.Connection, session_ids: Collection[int] | None = None, *, clock: Clock = utc_now
) -> dict[str, Any]:
    """The whole JSON export as a dictionary; the journal is in it unless only some sessions are asked for."""
    with _read_transaction(connection):
        sessions = _collect(connection, session_ids)
        version = schema_version(connection)
        journal = journal_export(connection) if session_ids is None else None
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": to_text(clock()),
        "app_version": __version__,
        "schema_version": version,
        "sessions": sessions,
    }
    if journal is not None:
        document["journal"] = journal
    return document


def export_json(
    connection: sqlite3.Connection,
    out: TextIO,
    session_ids: Collection[int] | None = None,
    *,
    clock: Clock = utc_now,
    progress: Progress | None = None,
) -> int:
    """Writes the JSON export to `out`, a batch of sessions at a time (the same text as the whole
    document written by `_write_json`); returns the number of sessions written."""
    with _read_transaction(connection):
        ordered = _ordered_session_ids(connection, session_ids)
        header = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": to_text(clock()),
            "app_version": __version__,
            "schema_version": schema_version(connection),
        }
        out.write("{")
        for key, value in header.items():
            out.write(("," if key != "format" else "") + "\n  " + json.dumps(key) + ": ")
            _write_json(out, value, _PRETTY_LEVELS - 1, "  ")
        out.write(',\n  "sessions": ' + ("[" if ordered else "[]"))
        written = 0
        for batch in _batches(connection, ordered, progress):
            for session in batch:
                out.write(("," if written else "") + "\n    ")
                _write_json(out, session, _PRETTY_LEVELS - 2, "    ")
                written += 1
        if ordered:
            out.write("\n  ]")
        if session_ids is None:
            out.write(',\n  "journal": ')
            _write_json(out, journal_export(connection), _PRETTY_LEVELS - 1, "  ")
        out.write("\n}\n")
    return written


def export_csv(
    connection: sqlite3.Connection,
    out: TextIO,
    session_ids: Collection[int] | None = None,
    *,
    progress: Progress | None = None,
) -> int:
    """Writes the CSV export to `out` (open it with newline=""), a batch of sessions at a time;
    returns the number of data rows."""
    with _read_transaction(connection):
        ordered = _ordered_session_ids(connection, session_ids)
        criteria = _criterion_columns_of(connection, ordered)
        writer = csv.writer(out)
        writer.writerow(
            [*CSV_COLUMNS_BEFORE_SCORES, *(SCORE_COLUMN_PREFIX + c for c in criteria), *CSV_COLUMNS_AFTER_SCORES]
        )
        rows = 0
        for batch in _batches(connection, ordered, progress):
            for session in batch:
                for answer in session["answers"]:
                    for row in _csv_rows(session, answer, criteria):
                        writer.writerow(row)
                        rows += 1
    return rows


def _ordered_session_ids(connection: sqlite3.Connection, session_ids: Collection[int] | None) -> list[int]:
    """The sessions to export, oldest first (only their ids: the rows are read a batch at a time)."""
    wanted = None if session_ids is None else sorted(set(session_ids))
    rows = _select(connection, "SELECT id, started_at FROM sessions INDEXED BY sessions_by_start", "id", wanted)
    if wanted is not None:
        missing = sorted(set(wanted) - {int(r["id"]) for r in rows})
        if missing:
            listed = ", ".join(str(m) for m in missing)
            raise ExportError(
                f"There is no session {listed}." if len(missing) == 1 else f"There are no sessions {listed}."
            )
    return [int(r["id"]) for r in sorted(rows, key=lambda r: (r["started_at"], r["id"]))]


def _batches(
    connection: sqlite3.Connection, ordered: list[int], progress: Progress | None
) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(ordered), BATCH_SESSIONS):
        yield _collect(connection, ordered[start : start + BATCH_SESSIONS])
        if progress is not None:
            progress(min(start + BATCH_SESSIONS, len(ordered)), len(ordered))


def _criterion_columns_of(connection: sqlite3.Connection, ordered: list[int]) -> list[str]:
    """`criterion_columns` of the exported sessions, read without holding them: the distinct rubric
    snapshots in answer order, then the criteria of the scores."""
    order: list[str] = []
    seen: set[str] = set()
    scored: dict[str, None] = {}
    for start in range(0, len(ordered), BATCH_SESSIONS):
        batch = ordered[start : start + BATCH_SESSIONS]
        marks = ",".join("?" * len(batch))
        rank = {session_id: index for index, session_id in enumerate(batch)}
        answers = connection.execute(
            f"SELECT session_id, position, attempt, id, rubric_json FROM answers WHERE session_id IN ({marks})", batch
        ).fetchall()
        for *_key, snapshot in sorted(answers, key=lambda r: (rank[r[0]], r[1], r[2], r[3])):
            if snapshot not in seen:
                seen.add(snapshot)
                _merge_order(order, list(criterion_names({"rubric": stored_object(snapshot)})))
        scores = connection.execute(
            f"""SELECT a.session_id, a.position, a.attempt, a.id, s.scored_at, s.id, s.criterion_id
                FROM scores s JOIN answers a ON a.id = s.answer_id WHERE a.session_id IN ({marks})""",
            batch,
        ).fetchall()
        for row in sorted(scores, key=lambda r: (rank[r[0]], r[1], r[2], r[3], r[4], r[5])):
            scored.setdefault(row[6], None)
    return order + [c for c in scored if c not in order]


def export_to_file(
    connection: sqlite3.Connection,
    path: Path,
    kind: ExportKind,
    session_ids: Collection[int] | None = None,
    *,
    clock: Clock = utc_now,
    progress: Progress | None = None,
) -> int:
    """Writes an export file private to the user (0600), whole or not at all; returns sessions or rows."""

    def write(out: TextIO) -> int:
        if kind == "json":
            return export_json(connection, out, session_ids, clock=clock, progress=progress)
        return export_csv(connection, out, session_ids, progress=progress)

    return write_private_text(path, write)


def write_private_text(path: Path, write: Callable[[TextIO], int]) -> int:
    """Runs `write` on a temporary file beside `path`, then renames it into place (0600, UTF-8)."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"Cannot write to {path}: it is a folder.")
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as error:
        raise ExportError(f"Cannot write to {path}: {error.strerror or error}.") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            result = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ExportError(f"Cannot write to {path}: {error.strerror or error}.") from error
        raise
    return result


def criterion_columns(sessions: Sequence[dict[str, Any]]) -> list[str]:
    """Every criterion id in the export, in rubric order, then any others that were scored.

    Snapshots hold only the criteria that applied to each question, so their orders are merged:
    a criterion first met in a later snapshot goes right after the one it follows there (or before
    the first known one, when it leads).
    """
    order: list[str] = []
    for session in sessions:
        for answer in session["answers"]:
            _merge_order(order, list(criterion_names(answer)))
    for session in sessions:
        for answer in session["answers"]:
            for score in answer["scores"]["history"]:
                if score["criterion_id"] not in order:
                    order.append(score["criterion_id"])
    return order


def _merge_order(order: list[str], snapshot: list[str]) -> None:
    for index, criterion in enumerate(snapshot):
        if criterion in order:
            continue
        if index:  # the one before it in this snapshot is already placed
            order.insert(order.index(snapshot[index - 1]) + 1, criterion)
        else:
            known = next((c for c in snapshot if c in order), None)
            order.insert(order.index(known) if known is not None else len(order), criterion)


def criterion_names(answer: dict[str, Any]) -> dict[str, str]:
    """Criterion id -> name from the answer's rubric snapshot, in rubric order."""
    return RubricSnapshot.from_json(answer["rubric"]).names()


# Gathering


@contextmanager
def _read_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One snapshot for every SELECT (WAL readers see a fixed state until the transaction ends)."""
    if connection.in_transaction:
        yield
        return
    connection.execute("BEGIN")
    try:
        yield
    finally:
        connection.execute("COMMIT")


def _collect(connection: sqlite3.Connection, session_ids: Collection[int] | None) -> list[dict[str, Any]]:
    wanted = None if session_ids is None else sorted(set(session_ids))
    session_rows = _session_rows(connection, wanted)
    answer_rows = _select(connection, "SELECT * FROM answers", "session_id", wanted)
    answer_rows.sort(key=lambda r: (r["session_id"], r["position"], r["attempt"], r["id"]))
    history, notes, follow_ups = _per_answer(connection, wanted)
    delivery = _delivery(connection, wanted)
    answers: dict[int, list[dict[str, Any]]] = {}
    for row in answer_rows:
        answer_id = int(row["id"])
        exported = _answer(row, history.get(answer_id, []), notes.get(answer_id, []), follow_ups.get(answer_id, []))
        exported["delivery"] = delivery.get(answer_id)
        answers.setdefault(int(row["session_id"]), []).append(exported)
    return [
        {
            "id": row["id"],
            "mode": row["mode"],
            "status": row["status"],
            "started_at": row["started_at"],
            "finished_at": row["finished_at"],
            "settings": stored_object(row["settings_json"]),
            "answers": answers.get(int(row["id"]), []),
        }
        for row in session_rows
    ]


def _session_rows(connection: sqlite3.Connection, wanted: Sequence[int] | None) -> list[sqlite3.Row]:
    session_rows = _select(connection, "SELECT * FROM sessions", "id", wanted)
    if wanted is not None:
        missing = sorted(set(wanted) - {int(r["id"]) for r in session_rows})
        if missing:
            listed = ", ".join(str(m) for m in missing)
            raise ExportError(
                f"There is no session {listed}." if len(missing) == 1 else f"There are no sessions {listed}."
            )
    session_rows.sort(key=lambda r: (r["started_at"], r["id"]))
    return session_rows


_ByAnswer = dict[int, list[dict[str, Any]]]


def _per_answer(connection: sqlite3.Connection, wanted: Sequence[int] | None) -> tuple[_ByAnswer, _ByAnswer, _ByAnswer]:
    """Score history, notes and follow-ups, each by answer id, in the order they happened."""
    score_rows = _select(
        connection, "SELECT s.* FROM scores s JOIN answers a ON a.id = s.answer_id", "a.session_id", wanted
    )
    score_rows.sort(key=lambda r: (r["scored_at"], r["id"]))
    note_rows = _select(
        connection, "SELECT n.* FROM notes n JOIN answers a ON a.id = n.answer_id", "a.session_id", wanted
    )
    note_rows.sort(key=lambda r: (r["created_at"], r["id"]))
    follow_up_rows = _select(
        connection, "SELECT f.* FROM follow_ups f JOIN answers a ON a.id = f.answer_id", "a.session_id", wanted
    )
    follow_up_rows.sort(key=lambda r: r["id"])
    follow_ups: _ByAnswer = {}
    for row in follow_up_rows:
        follow_ups.setdefault(int(row["answer_id"]), []).append(
            {"text": row["text"], "source": row["source"], "asked_at_seconds": row["asked_at_seconds"]}
        )
    history: _ByAnswer = {}
    for row in score_rows:
        history.setdefault(int(row["answer_id"]), []).append(
            {
                "id": row["id"],
                "criterion_id": row["criterion_id"],
                "value": row["value"],
                "scorer": _scorer(row["scorer_kind"], row["scorer_name"]),
                "scored_at": row["scored_at"],
            }
        )
    notes: _ByAnswer = {}
    for row in note_rows:
        notes.setdefault(int(row["answer_id"]), []).append(
            {
                "id": row["id"],
                "author": _scorer(row["author_kind"], row["author_name"]),
                "body": row["body"],
                "created_at": row["created_at"],
                "updated_at": row["updated_at"],
            }
        )
    return history, notes, follow_ups


def _delivery(connection: sqlite3.Connection, wanted: Sequence[int] | None) -> dict[int, dict[str, Any]]:
    """Each analysed answer's transcript and figures (DeliveryFigures.to_json()); damaged rows are left out."""
    if not has_analyses(connection):
        return {}
    rows = _select(
        connection,
        "SELECT x.answer_id, x.transcript, x.words_json, x.figures_json FROM answer_analyses x "
        "JOIN answers a ON a.id = x.answer_id",
        "a.session_id",
        wanted,
    )
    found = {}
    for row in rows:
        figures = stored_figures(row["answer_id"], row["transcript"], row["words_json"], row["figures_json"])
        if figures is not None:
            found[int(row["answer_id"])] = figures.to_json()
    return found


def _answer(
    row: sqlite3.Row, scores: list[dict[str, Any]], notes: list[dict[str, Any]], follow_ups: list[dict[str, Any]]
) -> dict[str, Any]:
    rubric = stored_object(row["rubric_json"])
    return {
        "id": int(row["id"]),
        "position": row["position"],
        "attempt": row["attempt"],
        "question_key": row["question_key"],
        "category": row["category"],
        "status": row["status"],
        "created_at": row["created_at"],
        "recording": row["recording_path"],
        "timings": {name: bool(row[name]) if name == "over_limit" else row[name] for name in TIMING_FIELDS},
        "question": stored_object(row["question_json"]),
        "rubric": rubric,
        "scores": {"current": _current(scores, rubric), "history": scores},
        "notes": notes,
        "follow_ups": follow_ups,
    }


def _select(connection: sqlite3.Connection, query: str, column: str, ids: Sequence[int] | None) -> list[sqlite3.Row]:
    cursor = connection.cursor()
    cursor.row_factory = sqlite3.Row
    if ids is None:
        return list(cursor.execute(query))
    rows: list[sqlite3.Row] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows.extend(cursor.execute(f"{query} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk))
    return rows


def _current(history: list[dict[str, Any]], rubric: dict[str, Any]) -> list[dict[str, Any]]:
    """The latest value per criterion, one sheet per scorer: self first, then friends by name."""
    sheets: dict[tuple[str, str], dict[str, Any]] = {}
    for score in history:  # oldest first, so later rows win
        scorer = score["scorer"]
        sheet = sheets.setdefault(
            (scorer["kind"], scorer["name"]), {"scorer": scorer, "values": {}, "scored_at": score["scored_at"]}
        )
        sheet["values"][score["criterion_id"]] = score["value"]
        sheet["scored_at"] = max(sheet["scored_at"], score["scored_at"])
    order = {c: i for i, c in enumerate(criterion_names({"rubric": rubric}))}
    for sheet in sheets.values():
        values = sheet["values"]
        sheet["values"] = dict(sorted(values.items(), key=lambda item: order.get(item[0], len(order))))
    return [sheets[key] for key in sorted(sheets, key=lambda k: (k[0] != "self", k[1]))]


def _scorer(kind: str, name: str) -> dict[str, str]:
    return {"kind": kind, "name": name}


def _write_json(out: TextIO, value: Any, levels: int, indent: str = "") -> None:
    """Indented down to `levels` of nesting, compact below: each answer field is one line.

    json.dumps with indent falls back to the pure-Python encoder (4x slower on 10,000 answers).
    """
    if levels == 0 or not isinstance(value, (dict, list)) or not value:
        out.write(json.dumps(value, ensure_ascii=False))
        return
    inner = indent + "  "
    items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
    out.write("{" if isinstance(value, dict) else "[")
    for index, (key, item) in enumerate(items):
        out.write(("," if index else "") + "\n" + inner)
        if key is not None:
            out.write(json.dumps(key, ensure_ascii=False) + ": ")
        _write_json(out, item, levels - 1, inner)
    out.write("\n" + indent + ("}" if isinstance(value, dict) else "]"))


# CSV


def _csv_rows(session: dict[str, Any], answer: dict[str, Any], criteria: list[str]) -> list[list[str]]:
    timings = answer["timings"]
    common = [
        str(session["id"]),
        session["started_at"],
        session["mode"],
        session["status"],
        str(answer["id"]),
        str(answer["position"]),
        str(answer["attempt"]),
        answer["question_key"],
        str(answer["question"].get("text", "")),
        answer["category"],
        answer["status"],
        _number(timings["think_seconds"]),
        _number(timings["think_limit_seconds"]),
        _number(timings["answer_seconds"]),
        _number(timings["answer_limit_seconds"]),
        "1" if timings["over_limit"] else "0",
        _number(timings["speech_onset_seconds"]),
        answer["recording"] or "",
    ]
    sheets = {(s["scorer"]["kind"], s["scorer"]["name"]): s for s in answer["scores"]["current"]}
    notes = {(n["author"]["kind"], n["author"]["name"]): n["body"] for n in answer["notes"]}
    scorers = sorted(set(sheets) | set(notes), key=lambda k: (k[0] != "self", k[1]))
    delivery = _delivery_cells(answer.get("delivery"))
    if not scorers:
        return [[*common, "", "", "", *("" for _ in criteria), "", *delivery]]
    rows = []
    for kind, name in scorers:
        sheet = sheets.get((kind, name))
        values = sheet["values"] if sheet else {}
        rows.append(
            [
                *common,
                kind,
                name,
                sheet["scored_at"] if sheet else "",
                *(str(values[c]) if c in values else "" for c in criteria),
                notes.get((kind, name), ""),
                *delivery,
            ]
        )
    return rows


def _delivery_cells(delivery: dict[str, Any] | None) -> list[str]:
    if delivery is None:
        return ["" for _ in DELIVERY_COLUMNS]
    return [
        _number(delivery["wpm"]),
        _number(delivery["fillers_per_minute"]),
        str(delivery["filler_count"]),
        str(len(delivery["long_pauses"])),
        _number(delivery["time_to_first_word"]),
        _number(delivery["speaking_seconds"]),
        delivery["transcript"],
    ]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")
