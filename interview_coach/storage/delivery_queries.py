"""Delivery over time for Progress, from SQL: per session the mean pace, fillers, pauses and onset of its
analysed answers, and your Delivery self-scores against the fillers measured on the same answers.

Grouped by the database, so Progress reads a row per session, not one per answer (issue 19)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from interview_coach.domain.delivery_progress import ScoreAgainstMeasure
from interview_coach.domain.progress import Point
from interview_coach.storage.clock import from_text, to_text

# Pace and fillers only where speech was recognised (wpm > 0), as domain/delivery_progress.py reads them.
_PER_SESSION = """
    SELECT s.started_at,
           AVG(CASE WHEN x.wpm > 0 THEN x.wpm END),
           AVG(CASE WHEN x.wpm > 0 THEN x.fillers_per_minute END),
           AVG(x.long_pauses),
           AVG(x.time_to_first_word),
           COUNT(*)
    FROM answer_analyses x JOIN answers a ON a.id = x.answer_id JOIN sessions s ON s.id = a.session_id
    WHERE s.started_at >= :since
    GROUP BY s.id ORDER BY s.started_at, s.id
"""
# From the analyses (at most one per answer) to each one's Delivery self-score by its primary key: the
# planner would otherwise walk every self-score in the database (125 ms at 20,000 answers, no analyses).
_AGAINST_SCORE = """
    SELECT c.value, COUNT(*), AVG(x.fillers_per_minute), AVG(x.long_pauses)
    FROM answer_analyses x
         CROSS JOIN current_scores c ON c.answer_id = x.answer_id AND c.criterion_id = 'delivery'
                                        AND c.scorer_kind = 'self'
         JOIN sessions s ON s.id = c.session_id
    WHERE x.wpm > 0 AND s.started_at >= :since
    GROUP BY c.value ORDER BY c.value
"""
KEYS = ("wpm", "fillers_per_minute", "long_pauses", "time_to_first_word")


def delivery_progress(
    connection: sqlite3.Connection, since: datetime | None
) -> tuple[dict[str, tuple[Point, ...]], int, tuple[ScoreAgainstMeasure, ...]]:
    """Per figure its points per session (oldest first), how many answers were analysed, and calibration."""
    series: dict[str, list[Point]] = {key: [] for key in KEYS}
    analysed = 0
    params = {"since": to_text(since) if since is not None else ""}
    rows = connection.execute(_PER_SESSION, params)
    for started_at, *values, count in rows:
        analysed += int(count)
        when = from_text(started_at)
        for key, value in zip(KEYS, values, strict=True):
            if value is not None:
                series[key].append(Point(when, float(value)))
    calibration = tuple(
        ScoreAgainstMeasure(int(score), int(answers), float(fillers), float(pauses))
        for score, answers, fillers, pauses in connection.execute(_AGAINST_SCORE, params)
    )
    return {key: tuple(points) for key, points in series.items() if points}, analysed, calibration
