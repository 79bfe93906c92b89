"""The aggregate tables History and Progress read (current scores, per-answer and per-session totals).

Triggers from the schema step that made them keep them equal to the source rows (answers, scores) in
the same transaction as every write. They hold nothing of their own: `rebuild_summaries` recomputes
them from the source rows, which is what a restored backup gets (an archive's copies are never
trusted), and `tests/unit/test_summaries.py` checks that the triggers and the rebuild always agree.
"""

from __future__ import annotations

import sqlite3

from interview_coach.storage.migrations import MIGRATIONS

SUMMARY_TABLES = ("current_scores", "answer_scores", "session_totals", "session_criteria", "session_calibration")

# The schema step that adds them (found rather than numbered: steps are renumbered when branches merge).
SUMMARIES_VERSION = next(
    number for number, step in enumerate(MIGRATIONS, start=1) if "CREATE TABLE session_totals" in step
)

_REBUILD = """
DELETE FROM session_calibration;
DELETE FROM session_criteria;
DELETE FROM session_totals;
DELETE FROM answer_scores;
DELETE FROM current_scores;
INSERT INTO current_scores (answer_id, criterion_id, scorer_kind, scorer_name, session_id, score_id, value)
    SELECT s.answer_id, s.criterion_id, s.scorer_kind, s.scorer_name, a.session_id, MAX(s.id), s.value
    FROM scores s JOIN answers a ON a.id = s.answer_id
    GROUP BY s.answer_id, s.criterion_id, s.scorer_kind, s.scorer_name;
INSERT INTO answer_scores (answer_id, session_id, question_key, category, created_at, position, attempt,
                           session_started_at, self_total, self_count, friend_total, friend_count)
    SELECT a.id, a.session_id, a.question_key, a.category, a.created_at, a.position, a.attempt,
           (SELECT started_at FROM sessions WHERE id = a.session_id),
           COALESCE(SUM(CASE WHEN c.scorer_kind = 'self' THEN c.value END), 0),
           COUNT(CASE WHEN c.scorer_kind = 'self' THEN 1 END),
           COALESCE(SUM(CASE WHEN c.scorer_kind = 'friend' THEN c.value END), 0),
           COUNT(CASE WHEN c.scorer_kind = 'friend' THEN 1 END)
    FROM answers a LEFT JOIN current_scores c ON c.answer_id = a.id
    GROUP BY a.id;
INSERT INTO session_totals
    SELECT session_id, COUNT(*), SUM(answered), TOTAL(CASE WHEN answered THEN answer_seconds END),
           SUM(timed), TOTAL(CASE WHEN timed THEN answer_seconds END),
           TOTAL(CASE WHEN timed THEN answer_limit_seconds END), SUM(timed AND over_limit <> 0),
           COUNT(recording_path), SUM(self_total), SUM(self_count), SUM(friend_total), SUM(friend_count)
    FROM (
        SELECT a.session_id, a.status <> 'skipped' AS answered,
               COALESCE(a.status <> 'skipped' AND a.answer_seconds <> 0 AND a.answer_limit_seconds <> 0, 0)
                   AS timed,
               a.answer_seconds, a.answer_limit_seconds, a.over_limit, a.recording_path,
               t.self_total, t.self_count, t.friend_total, t.friend_count
        FROM answers a JOIN answer_scores t ON t.answer_id = a.id
    )
    GROUP BY session_id;
DELETE FROM session_criteria;
DELETE FROM session_calibration;
INSERT INTO session_criteria (session_id, criterion_id, self_total, self_count)
    SELECT session_id, criterion_id, SUM(value), COUNT(*) FROM current_scores
    WHERE scorer_kind = 'self' GROUP BY session_id, criterion_id;
INSERT INTO session_calibration (session_id, criterion_id, gap_total, pairs)
    SELECT f.session_id, f.criterion_id, SUM(s.value - f.value), COUNT(*)
    FROM current_scores f JOIN current_scores s
        ON s.answer_id = f.answer_id AND s.criterion_id = f.criterion_id AND s.scorer_kind = 'self'
    WHERE f.scorer_kind = 'friend' GROUP BY f.session_id, f.criterion_id;
"""


def rebuild_summaries(connection: sqlite3.Connection) -> None:
    """Recomputes every aggregate table from the answers and scores, in one transaction.

    Inserting current scores fires the triggers that add them up (into tables still empty, except the
    per-criterion ones, which are emptied again before their own fill).
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(_REBUILD):
            connection.execute(statement)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]
