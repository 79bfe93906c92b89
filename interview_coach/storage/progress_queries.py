"""Progress from the aggregate tables: session summaries and the few figures that need single answers.

Nothing here reads the score rows or builds an object per answer: the report for 20,000 answers is a
few thousand session rows and a handful of grouped queries (see storage/summaries.py for the tables).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, cast

from interview_coach.domain.calibration import CriterionCalibration
from interview_coach.domain.history import HistoryData, SessionFact
from interview_coach.domain.progress import ProgressReport, assemble_report
from interview_coach.domain.progress_figures import AnswerFigures, ImprovedQuestion, WeakQuestion, recent_start
from interview_coach.domain.records import SessionMode
from interview_coach.domain.snapshots import RubricSnapshot
from interview_coach.storage.clock import from_text, to_text
from interview_coach.storage.delivery_queries import delivery_progress
from interview_coach.storage.history_queries import totals_from_row
from interview_coach.storage.progress_parts import report_parts

WEAKEST_QUESTIONS = 5
# Sessions started from a moment on, by the covering index on sessions(started_at, ...).
_SINCE = "SELECT id FROM sessions INDEXED BY sessions_by_start WHERE started_at >= :since"


def progress_report(
    connection: sqlite3.Connection, *, since: datetime | None, today: date, known_names: Mapping[str, str]
) -> ProgressReport:
    parts = report_parts(connection, since)
    unnamed = [c for c in parts.criterion_counts if c not in known_names]
    names = criterion_names(connection, known_names, _some_session(connection, unnamed))
    figures = answer_figures(connection, since=since, today=today, names=names)
    report = assemble_report(parts, today=today, names=names, figures=figures)
    trends, analysed, calibration = delivery_progress(connection, since)
    return replace(report, delivery_trends=trends, delivery_analysed=analysed, delivery_calibration=calibration)


def _some_session(connection: sqlite3.Connection, criteria: Sequence[str]) -> dict[str, int]:
    """For each of `criteria` (scored, but named by no rubric the app has now), one session that scored
    it, to find its name. Usually none: every criterion is a current rubric's, and nothing is read."""
    if not criteria:
        return {}
    marks = ", ".join("?" * len(criteria))
    rows = connection.execute(
        f"SELECT criterion_id, MIN(session_id) FROM session_criteria WHERE criterion_id IN ({marks}) "
        "GROUP BY criterion_id",
        list(criteria),
    )
    return {str(criterion): int(session) for criterion, session in rows}


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
            totals=totals_from_row(row[4:], criteria.get(row[0], {})),
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
                found = RubricSnapshot.from_json(json.loads(row[0])).names()
            except (ValueError, TypeError, KeyError):  # an unreadable snapshot leaves the id as the name
                continue
            if criterion in found:  # this criterion only: which snapshot is read must not change the result
                names[criterion] = found[criterion]
    return names


def answer_figures(
    connection: sqlite3.Connection, *, since: datetime | None, today: date, names: Mapping[str, str]
) -> AnswerFigures:
    params = {"since": to_text(since) if since is not None else "", "recent": to_text(recent_start(today))}
    overall, recent = _category_averages(connection, params)
    return AnswerFigures(
        category_averages=overall,
        recent_category_averages=recent,
        weakest_questions=_weakest_questions(connection, params["since"]),
        most_improved=_most_improved(connection),
        calibration=_calibration(connection, since is not None, params, names),
    )


# Per question, its scored answers in sessions started from :since on (the index holds only scored ones).
_ATTEMPTS = """SELECT question_key, COUNT(*) AS attempts FROM answer_scores INDEXED BY answer_scores_in_order
               WHERE self_count > 0 AND session_started_at >= :since GROUP BY question_key"""


def _category_averages(
    connection: sqlite3.Connection, params: Mapping[str, Any]
) -> tuple[dict[str, float], dict[str, float]]:
    """Per category, the mean of the answers' mean self-scores: in the range, and in its last 30 days."""
    overall: dict[str, float] = {}
    recent: dict[str, float] = {}
    for category, average, recent_average in connection.execute(
        """SELECT category, AVG(self_total * 1.0 / self_count),
                  AVG(CASE WHEN session_started_at >= :recent THEN self_total * 1.0 / self_count END)
           FROM answer_scores INDEXED BY answer_scores_by_category
           WHERE self_count > 0 AND session_started_at >= :since GROUP BY category""",
        params,
    ):
        overall[category] = average
        if recent_average is not None:
            recent[category] = recent_average
    return overall, recent


def _weakest_questions(connection: sqlite3.Connection, since: str) -> tuple[WeakQuestion, ...]:
    """Questions whose latest scored attempt (by time) is lowest; ties go to the one practised less.
    One query: per question, a seek to its latest attempt in the index."""
    rows = connection.execute(
        f"""SELECT k.question_key, a.answer_id, a.category, a.self_total * 1.0 / a.self_count AS average,
                   k.attempts
            FROM ({_ATTEMPTS}) k
            JOIN answer_scores a ON a.answer_id = (
                SELECT answer_id FROM answer_scores INDEXED BY answer_scores_latest
                WHERE question_key = k.question_key AND self_count > 0 AND session_started_at >= :since
                ORDER BY created_at DESC, answer_id DESC LIMIT 1
            )
            ORDER BY average, k.attempts, k.question_key LIMIT {WEAKEST_QUESTIONS}""",
        {"since": since},
    ).fetchall()
    texts = _question_texts(connection, [row[1] for row in rows])
    return tuple(
        WeakQuestion(key, texts.get(answer, ""), category, average, attempts)
        for key, answer, category, average, attempts in rows
    )


def _most_improved(connection: sqlite3.Connection) -> ImprovedQuestion | None:
    """All time: the question whose last self-scored attempt gained most on its first.

    Attempts run in the order History lists them (sessions oldest first, then position and attempt);
    between equal gains, the question practised first wins. One query: per question, a seek to each end.
    """
    end = """SELECT answer_id FROM answer_scores INDEXED BY answer_scores_in_order
             WHERE question_key = k.question_key AND self_count > 0
             ORDER BY session_started_at {0}, session_id {0}, position {0}, attempt {0} LIMIT 1"""
    rows = connection.execute(
        f"""SELECT f.answer_id, f.self_total * 1.0 / f.self_count, l.self_total * 1.0 / l.self_count, k.attempts
            FROM ({_ATTEMPTS} HAVING COUNT(*) >= 2) k
            JOIN answer_scores f ON f.answer_id = ({end.format("ASC")})
            JOIN answer_scores l ON l.answer_id = ({end.format("DESC")})
            ORDER BY f.session_started_at, f.session_id, f.position, f.attempt""",
        {"since": ""},
    ).fetchall()
    if not rows:
        return None
    first_answer, first, last, attempts = max(rows, key=lambda row: row[2] - row[1])  # the first of equal gains
    text = _question_texts(connection, [first_answer]).get(first_answer, "")
    return ImprovedQuestion(text, first, last, attempts)


def _calibration(
    connection: sqlite3.Connection, ranged: bool, params: Mapping[str, Any], names: Mapping[str, str]
) -> tuple[CriterionCalibration, ...]:
    """Per criterion, the mean of self minus friend over every pair of current scores on one answer
    (each friend pairs once), from the per-session sums."""
    rows = connection.execute(
        f"""SELECT criterion_id, SUM(gap_total), SUM(pairs) FROM session_calibration
            {f"WHERE session_id IN ({_SINCE})" if ranged else ""}
            GROUP BY criterion_id HAVING SUM(pairs) > 0""",
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
