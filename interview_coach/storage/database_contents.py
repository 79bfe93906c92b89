"""What a database from somewhere else (a backup being restored) may hold, column by column.

The schema check (backup.py compares sqlite_master with a fresh database migrated to the same version)
proves the tables are ours; it says nothing of the rows. SQLite stores any value in any column unless the
table is STRICT, and CHECK constraints can be switched off by whoever wrote the file, so a hostile backup
can hold text where the app reads a number (`answers.position = 'abc'` ends an export in a traceback),
JSON that nests 5,000 deep, a time that does not parse, or a recording path that leads out of the data
folder (deleting the session would then delete or move someone else's file). Every column of every table
has a rule here, checked on every row; a column without a rule is refused, so a new migration step must
add its columns' rules (tests/unit/test_hostile_archives.py checks that every column has one).

Why checks rather than STRICT tables (a new migration step): STRICT still accepts any text in a TEXT
column (a path, a date, JSON), it needs every table copied, and a database from an older version is
restored as it is, before any migration could make it strict. The checks cover every version.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from interview_coach.domain.delivery import DeliveryDataError, analyse_delivery, figures_from_json
from interview_coach.domain.review_pack import ANSWER_KEY, PACK_ID
from interview_coach.domain.validation import moment_problem
from interview_coach.storage.safe_json import MAX_STORED_JSON_BYTES, JsonFormatError, load_json
from interview_coach.storage.summaries import SUMMARY_TABLES
from interview_coach.stored_paths import shown, stored_path_problem

MAX_SHORT_TEXT = 10_000  # keys, names, categories
MAX_LONG_TEXT = 1_000_000  # notes, feedback, templates
MAX_SECONDS = 10_000_000.0  # timings: far beyond any answer, well within what every reader handles
MAX_COUNT = 1_000_000  # positions, attempts
DIGEST = re.compile(r"^[0-9a-f]{64}$")

Problem = str | None


class ContentError(ValueError):
    """A row holding what the app never writes; the message names the table, column and row."""


@dataclass(frozen=True)
class Rule:
    """Accepts a value given its SQLite type (`typeof`): 'integer', 'real', 'text', 'blob' or 'null'."""

    check: Callable[[str, Any], Problem]


# Rules


def _integer(low: int, high: int, *, nullable: bool = False) -> Rule:
    def check(kind: str, value: Any) -> Problem:
        if kind == "null":
            return None if nullable else "is empty"
        if kind != "integer":
            return f"is {_kind(kind, value)}, not a whole number"
        return None if low <= value <= high else f"is {value}, outside {low} to {high}"

    return Rule(check)


def _seconds() -> Rule:
    def check(kind: str, value: Any) -> Problem:
        if kind == "null":
            return None
        if kind not in ("real", "integer"):
            return f"is {_kind(kind, value)}, not a number of seconds"
        if not math.isfinite(value) or not 0 <= value <= MAX_SECONDS:
            return f"is {value!r}, not a number of seconds from 0 to {MAX_SECONDS:.0f}"
        return None

    return Rule(check)


def _number(low: float, high: float, *, nullable: bool = False) -> Rule:
    def check(kind: str, value: Any) -> Problem:
        if kind == "null":
            return None if nullable else "is empty"
        if kind not in ("real", "integer"):
            return f"is {_kind(kind, value)}, not a number"
        if not math.isfinite(value) or not low <= value <= high:
            return f"is {value!r}, not a number from {low:g} to {high:g}"
        return None

    return Rule(check)


def _text(
    limit: int = MAX_SHORT_TEXT,
    *,
    nullable: bool = False,
    choices: Collection[str] | None = None,
    pattern: re.Pattern[str] | None = None,
    parse: Callable[[str], Problem] | None = None,
) -> Rule:
    def check(kind: str, value: Any) -> Problem:
        if kind == "null":
            return None if nullable else "is empty"
        if kind != "text":
            return f"is {_kind(kind, value)}, not text"
        if len(value) > limit:
            return f"is longer than {limit} characters"
        if choices is not None and value not in choices:
            return f"is {shown(value)}, not one of {', '.join(sorted(choices))}"
        if pattern is not None and not pattern.fullmatch(value):
            return f"is {shown(value)}, which is not in the form the app writes"
        return parse(value) if parse is not None else None

    return Rule(check)


def _timestamp(*, nullable: bool = False) -> Rule:
    return _text(64, nullable=nullable, parse=_moment_problem)


def _day() -> Rule:
    return _text(10, nullable=True, parse=_day_problem)


def _json(shape: Callable[[Any], Problem] | None = None) -> Rule:
    def parse(value: str) -> Problem:
        try:
            document = load_json(value, max_bytes=MAX_STORED_JSON_BYTES)
        except JsonFormatError as error:
            return f"holds JSON that {error}"
        return shape(document) if shape is not None else None

    return _text(MAX_STORED_JSON_BYTES, parse=parse)


RECORDING = Rule(lambda kind, value: None)  # checked against the archive's files by `check_contents`


def _moment_problem(text: str) -> Problem:
    problem = moment_problem(text)
    return f"is {shown(text)}, {problem}" if problem else None


def _day_problem(text: str) -> Problem:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return f"is {shown(text)}, not a date"
    return None if day.isoformat() == text else f"is {shown(text)}, not a date written YYYY-MM-DD"


# JSON shapes: what the readers (history, resume, exports, packs) index into without checking again.


def _fields(
    data: Any, what: str, texts: tuple[str, ...] = (), lists: tuple[str, ...] = (), numbers: tuple[str, ...] = ()
) -> Problem:
    if not isinstance(data, dict):
        return f"holds {what} that is not a JSON object"
    for key in texts:
        if key in data and not isinstance(data[key], str):
            return f"holds {what} whose {key} is not text"
    for key in lists:
        if key in data and not (isinstance(data[key], list) and all(isinstance(v, str) for v in data[key])):
            return f"holds {what} whose {key} is not a list of text"
    for key in numbers:
        value = data.get(key)
        if key in data and (isinstance(value, bool) or not isinstance(value, int | float) or value < 0):
            return f"holds {what} whose {key} is not a number"
    return None


def _question(data: Any) -> Problem:
    return _fields(
        data,
        "a question",
        texts=("bank_id", "id", "key", "text", "category", "strong_answer", "handling", "improper"),
        lists=("tags", "follow_ups", "criteria"),
        numbers=("think_seconds", "answer_seconds"),
    )


def _rubric(data: Any) -> Problem:
    problem = _fields(data, "a rubric", texts=("id", "title"))
    if problem:
        return problem
    criteria = data.get("criteria", [])
    if not isinstance(criteria, list):
        return "holds a rubric whose criteria are not a list"
    for criterion in criteria:
        problem = _fields(criterion, "a rubric criterion", texts=("id", "name", "summary"), lists=("levels",))
        if problem:
            return problem
        if not criterion.get("id"):
            return "holds a rubric criterion without an id"
        if not isinstance(criterion.get("in_person", False), bool):
            return "holds a rubric criterion whose in_person is not true or false"
    return None


def _session_settings(data: Any) -> Problem:
    problem = _fields(data, "session settings", texts=("rubric",))
    if problem:
        return problem
    if "setup" in data and not isinstance(data["setup"], dict):
        return "holds session settings whose setup is not a JSON object"
    plan = data.get("plan", [])
    if not isinstance(plan, list):
        return "holds session settings whose plan is not a list"
    for question in plan:
        problem = _question(question)
        if problem:
            return problem.replace("a question", "a planned question", 1)
    return None


def _answer_ids(data: Any) -> Problem:
    if not isinstance(data, dict):
        return "holds answer ids that are not a JSON object"
    for key, value in data.items():
        if not ANSWER_KEY.fullmatch(key) or isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return "holds answer ids that are not answer keys and numbers"
    return None


_NO_ANALYSIS = analyse_delivery([], []).to_json()


def _analysis_words(data: Any) -> Problem:
    try:
        figures_from_json({**_NO_ANALYSIS, "words": data})
    except DeliveryDataError as error:
        return f"holds timed words that are not what the app writes ({error})"
    return None


def _analysis_figures(data: Any) -> Problem:
    """The figures without their words: which word each filler is is checked against the count only."""
    if not isinstance(data, dict):
        return "holds figures that are not a JSON object"
    filler_words = data.get("filler_words", [])
    if not isinstance(filler_words, list):
        return "holds figures whose filler_words is not a list"
    words = [{"word": "", "start": 0, "end": 0}] * (
        max((i for i in filler_words if isinstance(i, int)), default=-1) + 1
    )
    try:
        figures_from_json({**data, "transcript": "", "words": words})
    except DeliveryDataError as error:
        return f"holds figures that are not what the app writes ({error})"
    return None


_ID = _integer(1, 2**63 - 1)
_ENTRY_ID = _integer(1, 2**63 - 1)
_POSITION = _integer(0, MAX_COUNT)
_KIND = _text(choices=("self", "friend"))
_LONG = _text(MAX_LONG_TEXT)
_TOTAL = _integer(0, 2**63 - 1)


def _sum_of_seconds() -> Rule:
    def check(kind: str, value: Any) -> Problem:
        if kind not in ("real", "integer"):
            return f"is {_kind(kind, value)}, not a number of seconds"
        return None if math.isfinite(value) else f"is {value!r}, not a number of seconds"

    return Rule(check)


_SUM = _sum_of_seconds()

COLUMN_RULES: Mapping[str, Mapping[str, Rule]] = {
    "sessions": {
        "id": _ID,
        "mode": _text(choices=("solo", "friend")),
        "settings_json": _json(_session_settings),
        "started_at": _timestamp(),
        "finished_at": _timestamp(nullable=True),
        "status": _text(choices=("in_progress", "finished", "abandoned")),
    },
    "answers": {
        "id": _ID,
        "session_id": _ID,
        "position": _integer(1, MAX_COUNT),
        "attempt": _integer(1, MAX_COUNT),
        "question_key": _text(),
        "category": _text(),
        "question_json": _json(_question),
        "rubric_json": _json(_rubric),
        "recording_path": RECORDING,
        "think_limit_seconds": _seconds(),
        "answer_limit_seconds": _seconds(),
        "think_seconds": _seconds(),
        "answer_seconds": _seconds(),
        "speech_onset_seconds": _seconds(),
        "over_limit": _integer(0, 1),
        "status": _text(choices=("pending", "recording", "recorded", "skipped")),
        "created_at": _timestamp(),
        "question_text": _text(MAX_LONG_TEXT),
        "cue_end_seconds": _seconds(),
    },
    "scores": {
        "id": _ID,
        "answer_id": _ID,
        "criterion_id": _text(),
        "value": _integer(1, 5),
        "scorer_kind": _KIND,
        "scorer_name": _text(),
        "scored_at": _timestamp(),
    },
    "notes": {
        "id": _ID,
        "answer_id": _ID,
        "author_kind": _KIND,
        "author_name": _text(),
        "body": _LONG,
        "created_at": _timestamp(),
        "updated_at": _timestamp(),
    },
    "settings": {"key": _text(), "value_json": _json()},
    "follow_ups": {
        "id": _ID,
        "answer_id": _ID,
        "text": _LONG,
        "source": _text(choices=("bank", "red_flag", "custom")),
        "asked_at_seconds": _seconds(),
        "created_at": _timestamp(),
    },
    "review_packs": {
        "id": _text(pattern=PACK_ID),
        "session_id": _ID,
        "answer_ids_json": _json(_answer_ids),
        "created_at": _timestamp(),
    },
    "review_imports": {
        "id": _ID,
        "pack_id": _text(pattern=PACK_ID),
        "reviewer_name": _text(),
        "digest": _text(pattern=DIGEST),
        "answer_count": _integer(0, MAX_COUNT),
        "imported_at": _timestamp(),
    },
    "journal_entries": {
        "id": _ID,
        "company": _text(),
        "role": _text(),
        "contact": _text(),
        "applied_on": _day(),
        "heard_on": _day(),
        "stage_reached": _text(choices=("application", "phone-screen", "interview", "final-round", "offer")),
        "outcome": _text(choices=("waiting", "rejected", "withdrew", "offer", "accepted")),
        "feedback": _LONG,
        "created_at": _timestamp(),
        "updated_at": _timestamp(),
        "interview_on": _day(),
    },
    "journal_reflections": {"entry_id": _ENTRY_ID, "prompt_id": _text(), "answer": _LONG},
    "journal_tags": {"entry_id": _ENTRY_ID, "area": _text(), "position": _POSITION},
    "action_items": {
        "id": _ID,
        "entry_id": _integer(1, 2**63 - 1, nullable=True),
        "area": _text(),
        "action": _LONG,
        "due_on": _day(),
        "status": _text(choices=("todo", "doing", "done")),
        "position": _POSITION,
        "created_at": _timestamp(),
        "updated_at": _timestamp(),
    },
    "review_cards": {  # a cache the app rebuilds from the answers whenever it disagrees with them
        "question_key": _text(),
        "fingerprint": _text(),
        "due_at": _timestamp(nullable=True),
        "stability": _number(0.0, 1e6, nullable=True),
        "difficulty": _number(0.0, 10.0, nullable=True),
        "reviews": _integer(0, MAX_COUNT),
        "poor": _integer(0, MAX_COUNT),
        "last_rating": _integer(1, 4, nullable=True),
        "last_review_at": _timestamp(nullable=True),
        "interval_days": _integer(0, 36500, nullable=True),
    },
    "schedule_state": {  # when review_cards last agreed with the answers: reset on restore (rebuild_derived)
        "id": _integer(1, 1),
        "generation": _integer(0, 2**62),
        "synced_generation": _integer(0, 2**62, nullable=True),
    },
    # Aggregates: rebuilt from the rows above once these checks pass (storage/summaries.py); checked
    # all the same, so nothing unchecked is ever read, even for a moment.
    "current_scores": {
        "answer_id": _ID,
        "criterion_id": _text(),
        "scorer_kind": _KIND,
        "scorer_name": _text(),
        "session_id": _ID,
        "score_id": _ID,
        "value": _integer(1, 5),
    },
    "answer_scores": {
        "answer_id": _ID,
        "session_id": _ID,
        "question_key": _text(),
        "category": _text(),
        "created_at": _timestamp(),
        "position": _TOTAL,
        "attempt": _TOTAL,
        "session_started_at": _timestamp(),
        **{column: _TOTAL for column in ("self_total", "self_count", "friend_total", "friend_count")},
    },
    "session_totals": {
        "session_id": _ID,
        **{
            column: _TOTAL
            for column in (
                "answer_rows",
                "answered",
                "timed",
                "timed_over",
                "recordings",
                "self_total",
                "self_count",
                "friend_total",
                "friend_count",
            )
        },
        **{column: _SUM for column in ("speaking_seconds", "timed_seconds", "timed_limit_seconds")},
    },
    "session_criteria": {"session_id": _ID, "criterion_id": _text(), "self_total": _TOTAL, "self_count": _TOTAL},
    "session_calibration": {
        "session_id": _ID,
        "criterion_id": _text(),
        "gap_total": _integer(-(2**62), 2**62),
        "pairs": _TOTAL,
    },
    "message_templates": {
        "id": _text(),
        "title": _text(),
        "subject": _LONG,
        "body": _LONG,
        "updated_at": _timestamp(),
    },
    "answer_analyses": {
        "id": _ID,
        "answer_id": _ID,
        "transcript": _LONG,
        "words_json": _json(_analysis_words),
        "figures_json": _json(_analysis_figures),
        "wpm": _seconds(),
        "fillers_per_minute": _seconds(),
        "long_pauses": _integer(0, MAX_COUNT),
        "time_to_first_word": _seconds(),
        "speaking_seconds": _seconds(),
        "model": _text(),
        "version": _integer(1, MAX_COUNT),
        "analysed_at": _timestamp(),
    },
}
# The full-text index over transcripts and its shadow tables: derived from answer_analyses, never
# trusted from an archive. `rebuild_derived` rewrites them from the checked rows before a restore.
FULL_TEXT_INDEX = "answer_transcripts"
DERIVED_TABLES = frozenset(
    {FULL_TEXT_INDEX, *(f"{FULL_TEXT_INDEX}_{shadow}" for shadow in ("data", "idx", "docsize", "config"))}
)


def rebuild_derived(connection: sqlite3.Connection) -> None:
    """Rebuilds the transcript index from the (checked) analyses (a database before step 9 has none),
    and makes the schedule cache be checked question by question before it is used again."""
    tables = {str(row[0]) for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if FULL_TEXT_INDEX in tables:
        connection.execute(f"INSERT INTO {FULL_TEXT_INDEX} ({FULL_TEXT_INDEX}) VALUES ('rebuild')")
    if "schedule_state" in tables:
        connection.execute("UPDATE schedule_state SET synced_generation = NULL")


def check_contents(connection: sqlite3.Connection, archive_files: Collection[str]) -> None:
    """Raises ContentError naming the first value the app would never have written, or a recording path
    that is not a plain path inside `recordings/` naming a file in `archive_files`.

    A take cut short by a crash may still name its WAV while the archive holds the FLAC it became (the
    app converts the take, then updates the row): that is accepted, as the app accepts it on resume.
    """
    tables = [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    tables.sort(key=lambda name: name in SUMMARY_TABLES)  # the source rows first: their errors are the real ones
    files = frozenset(archive_files)
    previous = connection.text_factory
    connection.text_factory = bytes  # decoded here, so text that is not UTF-8 is named, not a crash
    try:
        for table in tables:
            if table in DERIVED_TABLES:
                continue
            rules = COLUMN_RULES.get(table)
            if rules is None:
                raise ContentError(f"the table {shown(table)} is not one this app checks")
            _check_table(connection, table, rules, files)
    finally:
        connection.text_factory = previous


def _check_table(connection: sqlite3.Connection, table: str, rules: Mapping[str, Rule], files: frozenset[str]) -> None:
    columns = [_decoded(row[1]) for row in connection.execute(f'PRAGMA table_info("{table}")')]
    unknown = [c for c in columns if c not in rules]
    if unknown:
        raise ContentError(f"the column {table}.{unknown[0]} is not one this app checks")
    selected = ", ".join(f'typeof("{c}"), "{c}"' for c in columns)
    for row in connection.execute(f'SELECT rowid, {selected} FROM "{table}"'):
        values: dict[str, tuple[str, Any]] = {}
        for index, column in enumerate(columns):
            kind, value = _decoded(row[1 + 2 * index]), row[2 + 2 * index]
            if kind == "text":
                try:
                    value = _decoded(value)
                except UnicodeDecodeError:
                    raise ContentError(f"{table}.{column} in row {row[0]} is not UTF-8 text") from None
            values[column] = (kind, value)
        for column, (kind, value) in values.items():
            rule = rules[column]
            if rule is RECORDING:
                problem = _recording_problem(kind, value, values.get("status", ("", None))[1], files)
            else:
                problem = rule.check(kind, value)
            if problem:
                raise ContentError(f"{table}.{column} in row {row[0]} {problem}")


def _recording_problem(kind: str, value: Any, status: Any, files: frozenset[str]) -> Problem:
    if kind == "null":
        return None
    if kind != "text":
        return f"is {_kind(kind, value)}, not a recording's path"
    problem = stored_path_problem(value)
    if problem:
        return f"is {shown(value)}, a recording path that {problem}"
    if value in files:
        return None
    if status == "recording" and value.endswith(".wav") and value[: -len(".wav")] + ".flac" in files:
        return None
    return f"is {shown(value)}, a recording this backup does not hold"


def _decoded(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _kind(kind: str, value: Any) -> str:
    if kind == "text":
        return f"text ({shown(value)})"
    if kind == "blob":
        return "binary data"
    if kind == "null":
        return "empty"
    return f"a {'whole number' if kind == 'integer' else 'number'} ({value!r})"
