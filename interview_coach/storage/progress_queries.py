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
from interview_coach.domain.history import HistoryData, SessionFact
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
from interview_coach.storage.history_queries import totals_from_row

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
                names.update(RubricSnapshot.from_json(json.loads(row[0])).names())
            except (ValueError, TypeError, KeyError):  # an unreadable snapshot leaves the id as the name
                continue
    return names


def answer_figures(
    connection: sqlite3.Connection, *, since: datetime | None, today: date, names: Mapping[str, str]
) -> AnswerFigures:
    params = {"since": to_text(since) if since is not None else "", "recent": to_text(recent_start(today))}
    attempts = _scored_attempts(connection, params["since"])
    overall, recent = _category_averages(connection, params)
    return AnswerFigures(
        category_averages=overall,
        recent_category_averages=recent,
        weakest_questions=_weakest_questions(connection, attempts, params["since"]),
        most_improved=_most_improved(connection, attempts if since is None else _scored_attempts(connection, "")),
        calibration=_calibration(connection, since is not None, params, names),
    )


def _scored_attempts(connection: sqlite3.Connection, since: str) -> dict[str, int]:
    """Per question, how many of its answers in sessions started from `since` on have self-scores."""
    rows = connection.execute(
        """SELECT question_key, COUNT(*) FROM answer_scores INDEXED BY answer_scores_in_order
           WHERE self_count > 0 AND session_started_at >= ? GROUP BY question_key""",
        (since,),
    )
    return {str(key): int(count) for key, count in rows}


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


def _weakest_questions(
    connection: sqlite3.Connection, attempts: Mapping[str, int], since: str
) -> tuple[WeakQuestion, ...]:
    """Questions whose latest scored attempt (by time) is lowest; ties go to the one practised less."""
    latest = [
        int(
            connection.execute(
                """SELECT answer_id FROM answer_scores INDEXED BY answer_scores_latest
                   WHERE question_key = ? AND self_count > 0 AND session_started_at >= ?
                   ORDER BY created_at DESC, answer_id DESC LIMIT 1""",
                (key, since),
            ).fetchone()[0]
        )
        for key in attempts
    ]
    scored = _scored(connection, latest)
    ranked = sorted(latest, key=lambda a: (scored[a][2], attempts[scored[a][0]], scored[a][0]))[:WEAKEST_QUESTIONS]
    texts = _question_texts(connection, ranked)
    return tuple(
        WeakQuestion(scored[a][0], texts.get(a, ""), scored[a][1], scored[a][2], attempts[scored[a][0]]) for a in ranked
    )


def _most_improved(connection: sqlite3.Connection, attempts: Mapping[str, int]) -> ImprovedQuestion | None:
    """All time: the question whose last self-scored attempt gained most on its first.

    Attempts run in the order History lists them (sessions oldest first, then position and attempt);
    between equal gains, the question practised first wins.
    """
    order = """SELECT answer_id, session_started_at, session_id, position, attempt
               FROM answer_scores INDEXED BY answer_scores_in_order
               WHERE question_key = ? AND self_count > 0
               ORDER BY session_started_at {0}, session_id {0}, position {0}, attempt {0} LIMIT 1"""
    ends: list[tuple[tuple[Any, ...], int, int, int]] = []  # where first practised, first, last, attempts
    for key, count in attempts.items():
        if count >= 2:
            first = connection.execute(order.format("ASC"), (key,)).fetchone()
            last = connection.execute(order.format("DESC"), (key,)).fetchone()
            ends.append((tuple(first[1:]), int(first[0]), int(last[0]), count))
    if not ends:
        return None
    ends.sort()
    scored = _scored(connection, [answer for _, first, last, _ in ends for answer in (first, last)])
    _, first, last, count = max(ends, key=lambda end: scored[end[2]][2] - scored[end[1]][2])
    text = _question_texts(connection, [first]).get(first, "")
    return ImprovedQuestion(text, scored[first][2], scored[last][2], count)


def _scored(connection: sqlite3.Connection, answer_ids: Sequence[int]) -> dict[int, tuple[str, str, float]]:
    """Answer id -> (question key, category, mean self-score)."""
    found: dict[int, tuple[str, str, float]] = {}
    for chunk in range(0, len(answer_ids), 500):
        ids = list(answer_ids[chunk : chunk + 500])
        rows = connection.execute(
            f"""SELECT answer_id, question_key, category, self_total * 1.0 / self_count FROM answer_scores
                WHERE answer_id IN ({",".join("?" * len(ids))})""",
            ids,
        )
        found.update({int(row[0]): (str(row[1]), str(row[2]), float(row[3])) for row in rows})
    return found


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
