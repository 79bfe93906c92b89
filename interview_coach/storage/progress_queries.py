"""Progress from the aggregate tables: session summaries and the few figures that need single answers.

Nothing here reads the score rows or builds an object per answer: the report for 20,000 answers is a
few thousand session rows and a handful of grouped queries (see storage/summaries.py for the tables).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from interview_coach.domain.calibration import CriterionCalibration
from interview_coach.domain.history import HistoryData, SessionFact, SessionTotals
from interview_coach.domain.progress import (
    AnswerFigures,
    ImprovedQuestion,
    ProgressReport,
    WeakQuestion,
    build_report,
    recent_start,
)
from interview_coach.domain.records import SessionMode
from interview_coach.domain.snapshots import RubricSnapshot
from interview_coach.storage.clock import from_text, to_text

WEAKEST_QUESTIONS = 5
# Sessions started from a moment on, by the covering index on sessions(started_at, ...).
_SINCE = "SELECT id FROM sessions INDEXED BY sessions_by_start WHERE started_at >= :since"


def progress_report(
    connection: sqlite3.Connection, *, since: datetime | None, today: date, known_names: Mapping[str, str]
) -> ProgressReport:
    history = session_summaries(connection, known_names)
    figures = answer_figures(connection, since=since, today=today, names=history.criterion_names)
    return build_report(history, since=since, today=today, figures=figures)


def session_summaries(connection: sqlite3.Connection, known_names: Mapping[str, str]) -> HistoryData:
    """Every session that has answers, newest first, as totals (no answers, no labels)."""
    criteria: dict[int, dict[str, tuple[int, int]]] = {}
    some_session: dict[str, int] = {}
    for session_id, criterion, total, count in connection.execute(
        "SELECT session_id, criterion_id, self_total, self_count FROM session_criteria"
    ):
        criteria.setdefault(session_id, {})[criterion] = (total, count)
        some_session.setdefault(criterion, session_id)
    sessions = tuple(
        SessionFact(
            id=row[0],
            mode=cast(SessionMode, row[1]),
            started_at=from_text(row[2]),
            status=row[3],
            answers=(),
            totals=_totals(row[4:], criteria.get(row[0], {})),
        )
        for row in connection.execute(
            """SELECT s.id, s.mode, s.started_at, s.status, t.answered, t.speaking_seconds, t.timed,
                      t.timed_seconds, t.timed_limit_seconds, t.timed_over, t.recordings,
                      t.self_total, t.self_count, t.friend_total, t.friend_count
               FROM sessions s INDEXED BY sessions_by_start JOIN session_totals t ON t.session_id = s.id
               ORDER BY s.started_at DESC, s.id DESC"""
        )
    )
    return HistoryData(sessions, criterion_names(connection, known_names, some_session))


def _totals(row: Sequence[Any], criteria: Mapping[str, tuple[int, int]]) -> SessionTotals:
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
        criteria,
    )


def criterion_names(
    connection: sqlite3.Connection, known: Mapping[str, str], some_session: Mapping[str, int]
) -> dict[str, str]:
    """The rubric's names, and for a criterion only older answers know, the name in one of their snapshots."""
    names = dict(known)
    for criterion, session_id in some_session.items():
        if criterion in names:
            continue
        row = connection.execute(
            """SELECT a.rubric_json FROM current_scores c JOIN answers a ON a.id = c.answer_id
               WHERE c.session_id = ? AND c.scorer_kind = 'self' AND c.criterion_id = ? LIMIT 1""",
            (session_id, criterion),
        ).fetchone()
        if row is not None:
            try:
                names.update(RubricSnapshot.from_json(json.loads(row[0])).names())
            except (ValueError, TypeError, KeyError):  # an unreadable snapshot leaves the id as the name
                continue
    return names


def answer_figures(
    connection: sqlite3.Connection, *, since: datetime | None, today: date, names: Mapping[str, str]
) -> AnswerFigures:
    in_range = f"AND a.session_id IN ({_SINCE})" if since is not None else ""
    params: dict[str, Any] = {
        "since": to_text(since) if since is not None else "",
        "recent": to_text(recent_start(today)),
    }
    overall, recent = _category_averages(connection, in_range, params)
    return AnswerFigures(
        category_averages=overall,
        recent_category_averages=recent,
        weakest_questions=_weakest_questions(connection, in_range, params),
        most_improved=_most_improved(connection),
        calibration=_calibration(connection, in_range.replace("a.session_id", "f.session_id"), params, names),
    )


def _category_averages(
    connection: sqlite3.Connection, in_range: str, params: Mapping[str, Any]
) -> tuple[dict[str, float], dict[str, float]]:
    """Per category, the mean of the answers' mean self-scores: in the range, and in its last 30 days."""
    overall: dict[str, float] = {}
    recent: dict[str, float] = {}
    for category, average, recent_average in connection.execute(
        f"""SELECT a.category, AVG(a.self_total * 1.0 / a.self_count),
                   AVG(CASE WHEN a.session_id IN (
                       SELECT id FROM sessions INDEXED BY sessions_by_start WHERE started_at >= :recent
                   ) THEN a.self_total * 1.0 / a.self_count END)
            FROM answer_scores a WHERE a.self_count > 0 {in_range} GROUP BY a.category""",
        params,
    ):
        overall[category] = average
        if recent_average is not None:
            recent[category] = recent_average
    return overall, recent


def _weakest_questions(
    connection: sqlite3.Connection, in_range: str, params: Mapping[str, Any]
) -> tuple[WeakQuestion, ...]:
    """Questions whose latest scored attempt is lowest; ties go to the one practised less."""
    rows = connection.execute(
        f"""SELECT question_key, answer_id, category, average, attempts FROM (
                SELECT a.question_key, a.answer_id, a.category, a.self_total * 1.0 / a.self_count AS average,
                       COUNT(*) OVER (PARTITION BY a.question_key) AS attempts,
                       ROW_NUMBER() OVER (
                           PARTITION BY a.question_key ORDER BY a.created_at DESC, a.answer_id DESC
                       ) AS newest
                FROM answer_scores a WHERE a.self_count > 0 {in_range}
            ) WHERE newest = 1
            ORDER BY average, attempts, question_key LIMIT {WEAKEST_QUESTIONS}""",
        params,
    ).fetchall()
    texts = _question_texts(connection, [row[1] for row in rows])
    return tuple(
        WeakQuestion(key, texts.get(answer_id, ""), category, average, attempts)
        for key, answer_id, category, average, attempts in rows
    )


def _most_improved(connection: sqlite3.Connection) -> ImprovedQuestion | None:
    """All time: the question whose last self-scored attempt gained most on its first.

    Attempts run in the order History lists them (sessions oldest first, then position and attempt);
    between equal gains, the question practised first wins.
    """
    rows = connection.execute(
        """WITH ordered AS (SELECT id, ROW_NUMBER() OVER (ORDER BY started_at, id) AS n FROM sessions),
                scored AS (
                    SELECT a.question_key, a.answer_id, a.self_total * 1.0 / a.self_count AS average,
                           o.n, a.position, a.attempt
                    FROM answer_scores a JOIN ordered o ON o.id = a.session_id WHERE a.self_count > 0
                )
           SELECT first_answer, first_average, last_average, attempts FROM (
               SELECT n, position, attempt,
                      FIRST_VALUE(answer_id) OVER w AS first_answer,
                      FIRST_VALUE(average) OVER w AS first_average,
                      LAST_VALUE(average) OVER w AS last_average,
                      COUNT(*) OVER w AS attempts,
                      ROW_NUMBER() OVER w AS number
               FROM scored
               WINDOW w AS (
                   PARTITION BY question_key ORDER BY n, position, attempt
                   ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
               )
           ) WHERE number = 1 AND attempts >= 2 ORDER BY n, position, attempt"""
    ).fetchall()
    if not rows:
        return None
    answer_id, first, last, attempts = max(rows, key=lambda row: row[2] - row[1])  # first of equal gains
    text = _question_texts(connection, [answer_id]).get(answer_id, "")
    return ImprovedQuestion(text, first, last, attempts)


def _calibration(
    connection: sqlite3.Connection, in_range: str, params: Mapping[str, Any], names: Mapping[str, str]
) -> tuple[CriterionCalibration, ...]:
    """Per criterion, the mean of self minus friend over every pair of current scores on one answer."""
    rows = connection.execute(
        f"""SELECT f.criterion_id, SUM(me.value - f.value), COUNT(*)
            FROM session_totals t
            JOIN current_scores f INDEXED BY current_scores_by_session
                ON f.session_id = t.session_id AND f.scorer_kind = 'friend'
            JOIN current_scores me ON me.answer_id = f.answer_id AND me.criterion_id = f.criterion_id
                AND me.scorer_kind = 'self' AND me.scorer_name = ''
            WHERE t.friend_count > 0 {in_range}
            GROUP BY f.criterion_id""",
        params,
    ).fetchall()
    found = [
        CriterionCalibration(c, names.get(c) or c.replace("-", " ").capitalize(), total / count, count)
        for c, total, count in rows
    ]
    return tuple(sorted(found, key=lambda c: (-abs(c.mean_gap), c.name)))


def _question_texts(connection: sqlite3.Connection, answer_ids: Sequence[int]) -> dict[int, str]:
    if not answer_ids:
        return {}
    marks = ",".join("?" * len(answer_ids))
    rows = connection.execute(f"SELECT id, question_text FROM answers WHERE id IN ({marks})", list(answer_ids))
    return {int(answer_id): str(text) for answer_id, text in rows}
