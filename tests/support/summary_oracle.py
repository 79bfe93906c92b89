"""The aggregate tables recomputed in plain Python from the source rows: what the triggers must keep."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

Rows = dict[str, list[tuple[Any, ...]]]


def expected(connection: sqlite3.Connection) -> Rows:
    answers = connection.execute(
        """SELECT id, session_id, question_key, category, created_at, position, attempt, status, answer_seconds,
                  answer_limit_seconds, over_limit, recording_path FROM answers"""
    ).fetchall()
    session_of = {a[0]: a[1] for a in answers}
    started = dict(connection.execute("SELECT id, started_at FROM sessions").fetchall())
    latest: dict[tuple[Any, ...], tuple[int, int]] = {}
    for score_id, answer_id, criterion, kind, name, value in connection.execute(
        "SELECT id, answer_id, criterion_id, scorer_kind, scorer_name, value FROM scores"
    ):
        key = (answer_id, criterion, kind, name)
        if key not in latest or latest[key][0] < score_id:
            latest[key] = (score_id, value)
    current = [(*key, session_of[key[0]], score_id, value) for key, (score_id, value) in latest.items()]
    per_answer: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    per_criterion: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for answer_id, criterion, kind, _name, session_id, _score_id, value in current:
        slot = 0 if kind == "self" else 2
        per_answer[answer_id][slot] += value
        per_answer[answer_id][slot + 1] += 1
        if kind == "self":
            per_criterion[(session_id, criterion)][0] += value
            per_criterion[(session_id, criterion)][1] += 1
    calibration: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    own = {(row[0], row[1]): row[6] for row in current if row[2] == "self"}
    for answer_id, criterion, kind, _name, session_id, _score_id, value in current:
        if kind == "friend" and (answer_id, criterion) in own:
            calibration[(session_id, criterion)][0] += own[(answer_id, criterion)] - value
            calibration[(session_id, criterion)][1] += 1
    answer_rows = []
    sessions: dict[int, list[Any]] = {}
    for answer_id, session_id, key, category, created, position, attempt, status, seconds, limit, over, path in answers:
        scores = per_answer[answer_id]
        answer_rows.append(
            (answer_id, session_id, key, category, created, position, attempt, started[session_id], *scores)
        )
        totals = sessions.setdefault(session_id, [0, 0, 0.0, 0, 0.0, 0.0, 0, 0, 0, 0, 0, 0])
        answered = status != "skipped"
        timed = answered and bool(seconds) and bool(limit)
        increments = (
            1,
            answered,
            (seconds or 0.0) if answered else 0.0,
            timed,
            seconds if timed else 0.0,
            limit if timed else 0.0,
            timed and bool(over),
            path is not None,
            *scores,
        )
        for index, amount in enumerate(increments):
            totals[index] += amount
    return {
        "current_scores": sorted(current),
        "answer_scores": sorted(answer_rows),
        "session_totals": sorted((session_id, *_rounded(t)) for session_id, t in sessions.items()),
        "session_criteria": sorted((*key, *v) for key, v in per_criterion.items()),
        "session_calibration": sorted((*key, *v) for key, v in calibration.items()),
    }


def actual(connection: sqlite3.Connection) -> Rows:
    found = {
        "current_scores": connection.execute(
            """SELECT answer_id, criterion_id, scorer_kind, scorer_name, session_id, score_id, value
               FROM current_scores"""
        ).fetchall(),
        "answer_scores": connection.execute(
            """SELECT answer_id, session_id, question_key, category, created_at, position, attempt,
                      session_started_at, self_total, self_count, friend_total, friend_count FROM answer_scores"""
        ).fetchall(),
        "session_totals": [
            (row[0], *_rounded(row[1:])) for row in connection.execute("SELECT * FROM session_totals").fetchall()
        ],
        "session_criteria": connection.execute(
            "SELECT session_id, criterion_id, self_total, self_count FROM session_criteria"
        ).fetchall(),
        "session_calibration": connection.execute(
            "SELECT session_id, criterion_id, gap_total, pairs FROM session_calibration"
        ).fetchall(),
    }
    return {table: sorted(tuple(row) for row in rows) for table, rows in found.items()}


def _rounded(values: Any) -> tuple[Any, ...]:
    """Sums of seconds add and subtract floats in another order than a fresh sum: compare to the µs."""
    return tuple(round(float(v), 6) if isinstance(v, float) else int(v) for v in values)
