"""History's list, a page at a time: filters and search run in SQL on the aggregate tables, so a page
costs the same with 20,000 answers as with 20 (storage/summaries.py keeps the tables).

`session_filter` is the one place that turns the user's filter and search into SQL: a new searchable
text (transcripts, through their full-text index) is one more clause in `_word_matches`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from interview_coach.domain.history import SELF_SCORER, HistoryFilter, SessionFact, SessionTotals
from interview_coach.domain.records import SessionMode
from interview_coach.storage.clock import from_text, to_text

PAGE_SIZE = 100


@dataclass(frozen=True)
class FilterChoices:
    """What the History filters offer: every bank, category and friend that has an answer or a score."""

    bank_ids: tuple[str, ...]
    categories: tuple[str, ...]
    friends: tuple[str, ...]


@dataclass(frozen=True)
class SessionFilter:
    """A WHERE clause on `sessions s JOIN session_totals t`, with its parameters."""

    sql: str
    params: tuple[Any, ...]


def session_filter(wanted: HistoryFilter, bank_titles: Mapping[str, str], choices: FilterChoices) -> SessionFilter:
    """The sessions the filter keeps: every word of the search in the session's questions, notes, banks
    (id or title) or friends' names, whatever the case."""
    clauses: list[str] = []
    params: list[Any] = []
    if wanted.mode is not None:
        clauses.append("s.mode = ?")
        params.append(wanted.mode)
    if wanted.first_day is not None:
        clauses.append("s.started_at >= ?")
        params.append(_local_midnight(wanted.first_day))
    if wanted.last_day is not None:
        clauses.append("s.started_at < ?")
        params.append(_local_midnight(wanted.last_day + timedelta(days=1)))
    if wanted.bank_id:
        clauses.append(_HAS_BANK)
        params.extend(_bank_range(wanted.bank_id))
    if wanted.category:
        clauses.append("EXISTS (SELECT 1 FROM answer_scores a WHERE a.session_id = s.id AND a.category = ?)")
        params.append(wanted.category)
    if wanted.scorer == SELF_SCORER:
        clauses.append("t.self_count > 0")
    elif wanted.scorer:
        clauses.append(_HAS_FRIEND)
        params.append(wanted.scorer)
    for typed in wanted.text.split():
        sql, word_params = _word_matches(typed, bank_titles, choices)
        clauses.append(sql)
        params.extend(word_params)
    return SessionFilter(" AND ".join(clauses) or "1", tuple(params))


def _word_matches(typed: str, bank_titles: Mapping[str, str], choices: FilterChoices) -> tuple[str, list[Any]]:
    """One word of the search: found in a question, a note, a bank's id or title, or a friend's name.

    The sessions that have it are one set (a UNION read once per query, then looked up per session);
    a new searchable text is one more SELECT of session ids here."""
    word = typed.casefold()
    pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if typed.isascii():
        # LIKE folds ASCII case in C (20,000 questions in a few ms). It does not see the few letters
        # beyond ASCII that fold into ASCII ones: "strasse" does not find "Straße"; "straße" does, as
        # does any word typed with a letter beyond ASCII (through Python's casefold).
        test = "{0} LIKE ? ESCAPE '\\'"
        needles: list[Any] = [pattern]
    else:
        test = "instr(ic_casefold({0}), ?) > 0"
        needles = [word]
    sources = [
        "SELECT session_id FROM answers INDEXED BY answers_overview WHERE " + test.format("question_text"),
        "SELECT a.session_id FROM notes n JOIN answer_scores a ON a.answer_id = n.answer_id WHERE "
        + test.format("n.body"),
    ]
    params: list[Any] = [*needles, *needles]
    if re.search(r"\w", word):  # what was said: the transcripts' full-text index, the word as a prefix
        sources.append(
            "SELECT an.session_id FROM answer_transcripts t JOIN answer_analyses x ON x.id = t.rowid "
            "JOIN answers an ON an.id = x.answer_id WHERE answer_transcripts MATCH ?"
        )
        params.append('"' + word.replace('"', '""') + '"*')  # quoted: nothing typed is FTS5 syntax
    for bank in choices.bank_ids:
        if word in bank.casefold() or word in bank_titles.get(bank, "").casefold():
            sources.append(
                "SELECT session_id FROM answer_scores INDEXED BY answer_scores_by_session "
                "WHERE question_key >= ? AND question_key < ?"
            )
            params.extend(_bank_range(bank))
    for friend in choices.friends:
        if word in friend.casefold():
            sources.append(
                "SELECT session_id FROM current_scores INDEXED BY current_scores_by_scorer "
                "WHERE scorer_kind = 'friend' AND scorer_name = ?"
            )
            params.append(friend)
    return "s.id IN (" + " UNION ".join(sources) + ")", params


_HAS_BANK = (
    "EXISTS (SELECT 1 FROM answer_scores a WHERE a.session_id = s.id AND a.question_key >= ? AND a.question_key < ?)"
)
_HAS_FRIEND = (
    "EXISTS (SELECT 1 FROM current_scores c WHERE c.session_id = s.id "
    "AND c.scorer_kind = 'friend' AND c.scorer_name = ?)"
)


def _bank_range(bank_id: str) -> tuple[str, str]:
    """Keys are "<bank id>/<question id>": the bank's keys sort from "<bank id>/" up to "<bank id>0"."""
    return bank_id + "/", bank_id + "0"


def _local_midnight(day: date) -> str:
    return to_text(datetime.combine(day, time.min).astimezone())


def count_sessions(connection: sqlite3.Connection, where: SessionFilter | None = None) -> int:
    if where is None:
        return int(connection.execute("SELECT COUNT(*) FROM session_totals").fetchone()[0])
    row = connection.execute(
        f"SELECT COUNT(*) FROM sessions s JOIN session_totals t ON t.session_id = s.id WHERE {where.sql}",
        where.params,
    ).fetchone()
    return int(row[0])


def session_page(
    connection: sqlite3.Connection, where: SessionFilter, after: SessionFact | None = None, limit: int = PAGE_SIZE
) -> list[SessionFact]:
    """Up to `limit` sessions the filter keeps, newest first, starting after `after` (keyset paging:
    the tenth page costs what the first does)."""
    clause, params = where.sql, list(where.params)
    if after is not None:
        clause += " AND (s.started_at, s.id) < (?, ?)"
        params += [to_text(after.started_at), after.id]
    rows = connection.execute(
        f"""SELECT s.id, s.mode, s.started_at, s.status, t.answered, t.speaking_seconds, t.timed,
                   t.timed_seconds, t.timed_limit_seconds, t.timed_over, t.recordings,
                   t.self_total, t.self_count, t.friend_total, t.friend_count
            FROM sessions s INDEXED BY sessions_by_start JOIN session_totals t ON t.session_id = s.id
            WHERE {clause} ORDER BY s.started_at DESC, s.id DESC LIMIT ?""",
        [*params, limit],
    ).fetchall()
    return _with_labels(connection, rows)


def _with_labels(connection: sqlite3.Connection, rows: Sequence[Any]) -> list[SessionFact]:
    """Sessions with their banks and categories (in the order of their answers) and friends."""
    ids = [int(row[0]) for row in rows]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    banks: dict[int, dict[str, None]] = {i: {} for i in ids}
    categories: dict[int, set[str]] = {i: set() for i in ids}
    for session_id, key, category in connection.execute(
        f"""SELECT session_id, question_key, category FROM answer_scores
            WHERE session_id IN ({marks}) ORDER BY session_id, position, attempt""",
        ids,
    ):
        banks[session_id][key.partition("/")[0]] = None
        categories[session_id].add(category)
    friends: dict[int, list[str]] = {i: [] for i in ids}
    for session_id, name in connection.execute(
        f"""SELECT DISTINCT session_id, scorer_name FROM current_scores INDEXED BY current_scores_by_session
            WHERE session_id IN ({marks}) AND scorer_kind = 'friend' ORDER BY session_id, scorer_name""",
        ids,
    ):
        friends[session_id].append(name or "Friend")
    return [
        SessionFact(
            id=row[0],
            mode=cast(SessionMode, row[1]),
            started_at=from_text(row[2]),
            status=row[3],
            answers=(),
            totals=totals_from_row(
                row[4:15],
                bank_ids=tuple(banks[row[0]]),
                categories=frozenset(categories[row[0]]),
                friends=tuple(sorted(set(friends[row[0]]))),
            ),
        )
        for row in rows
    ]


def totals_from_row(
    row: Sequence[Any],
    criteria: Mapping[str, tuple[int, int]] | None = None,
    *,
    bank_ids: tuple[str, ...] = (),
    categories: frozenset[str] = frozenset(),
    friends: tuple[str, ...] = (),
) -> SessionTotals:
    """From session_totals' columns answered ... friend_count, in the table's order."""
    answered, speaking, timed, timed_seconds, timed_limit, timed_over, recordings, *scores = row
    self_total, self_count, friend_total, friend_count = scores
    return SessionTotals(
        answered,
        speaking,
        timed,
        timed_seconds,
        timed_limit,
        timed_over,
        recordings,
        self_total,
        self_count,
        friend_total,
        friend_count,
        criteria or {},
        bank_ids,
        categories,
        friends,
    )


def filter_choices(connection: sqlite3.Connection) -> FilterChoices:
    """Each distinct value read by skipping from one to the next in an index (a few hundred steps,
    not a pass over every answer)."""
    keys = _distinct(connection, "answers", "question_key", "")
    banks = tuple(dict.fromkeys(key.partition("/")[0] for key in keys))
    categories = _distinct(connection, "answer_scores", "category", "")
    friends = _distinct(connection, "current_scores", "scorer_name", "scorer_kind = 'friend' AND")
    return FilterChoices(banks, tuple(categories), tuple(name or "Friend" for name in friends))


def _distinct(connection: sqlite3.Connection, table: str, column: str, condition: str) -> list[str]:
    rows = connection.execute(
        f"""WITH RECURSIVE seen(value) AS (
                SELECT MIN({column}) FROM {table} WHERE {condition} 1
                UNION ALL
                SELECT (SELECT MIN({column}) FROM {table} WHERE {condition} {column} > seen.value)
                FROM seen WHERE seen.value IS NOT NULL
            )
            SELECT value FROM seen WHERE value IS NOT NULL"""
    )
    return [str(row[0]) for row in rows]
