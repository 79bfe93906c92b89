"""Answers in full (latest scores per criterion and scorer, notes) for Review: one session, every attempt
at one question, or (tests and tools) everything. History's list and Progress read the aggregate tables
instead (storage/history_queries.py, storage/progress_queries.py).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, cast

from interview_coach.domain.delivery import DeliveryMeasure
from interview_coach.domain.history import AnswerFact, HistoryData, SessionFact
from interview_coach.domain.records import SessionMode
from interview_coach.domain.snapshots import RubricSnapshot
from interview_coach.storage.analysis_repository import AnalysisRepository, has_analyses
from interview_coach.storage.clock import from_text

_SESSIONS = "SELECT id, mode, started_at, status FROM sessions"


def load_history(connection: sqlite3.Connection, known_names: Mapping[str, str] | None = None) -> HistoryData:
    """Sessions that have answers, newest first, each answer with its latest score per criterion and scorer.

    `known_names` (criterion id -> name, from the loaded rubrics) saves reading answers' rubric
    snapshots; a criterion only older snapshots know is looked up in one of them.
    """
    by_session = _answers_by_session(connection, "", ())
    rows = connection.execute(_SESSIONS + " ORDER BY started_at DESC, id DESC").fetchall()
    sessions = tuple(_session(row, by_session[row[0]]) for row in rows if row[0] in by_session)
    return HistoryData(sessions, _criterion_names(connection, known_names or {}), _delivery(connection))


def _delivery(connection: sqlite3.Connection) -> dict[int, DeliveryMeasure]:
    """Each analysed answer's headline figures (a handful of numbers; the words stay in the database)."""
    if not has_analyses(connection):
        return {}
    return {
        point.answer_id: DeliveryMeasure(
            point.wpm, point.fillers_per_minute, point.long_pauses, point.time_to_first_word
        )
        for point in AnalysisRepository(connection).points().values()
    }


def load_session(connection: sqlite3.Connection, session_id: int) -> SessionFact | None:
    """One session with its answers in full; None when it is gone or has no answers."""
    row = connection.execute(_SESSIONS + " WHERE id = ?", (session_id,)).fetchone()
    answers = _answers_by_session(connection, "WHERE session_id = ?", (session_id,)).get(session_id)
    return _session(row, answers) if row is not None and answers else None


def load_attempts(connection: sqlite3.Connection, question_key: str) -> list[AnswerFact]:
    """Every answer to one question, oldest first."""
    by_session = _answers_by_session(
        connection, "WHERE id IN (SELECT id FROM answers WHERE question_key = ?)", (question_key,)
    )
    found = [answer for answers in by_session.values() for answer in answers]
    return sorted(found, key=lambda a: (a.created_at, a.answer_id))


def _session(row: Any, answers: list[AnswerFact]) -> SessionFact:
    return SessionFact(
        id=row[0], mode=cast(SessionMode, row[1]), started_at=from_text(row[2]), status=row[3], answers=tuple(answers)
    )


_SelfScores = dict[int, dict[str, int]]  # answer id -> criterion id -> value
_FriendScores = dict[int, dict[str, dict[str, int]]]  # answer id -> friend's name -> criterion id -> value


def _latest_scores(
    connection: sqlite3.Connection, answers: str, params: tuple[Any, ...]
) -> tuple[_SelfScores, _FriendScores]:
    """Each answer's latest score per criterion: the candidate's own, and each friend's."""
    self_scores: _SelfScores = defaultdict(dict)
    friend_scores: _FriendScores = defaultdict(lambda: defaultdict(dict))
    # current_scores holds the latest round per criterion and scorer, kept by triggers on every write.
    where = f"WHERE answer_id IN (SELECT id FROM answers {answers})" if answers else ""
    for answer_id, criterion, kind, name, value in connection.execute(
        f"SELECT answer_id, criterion_id, scorer_kind, scorer_name, value FROM current_scores {where}", params
    ):
        if kind == "self":
            self_scores[answer_id][criterion] = value
        else:
            friend_scores[answer_id][name or "Friend"][criterion] = value
    return self_scores, friend_scores


def _answers_by_session(
    connection: sqlite3.Connection, answers: str, params: tuple[Any, ...]
) -> dict[int, list[AnswerFact]]:
    """The answers `answers` (a WHERE clause on the answers table, or "" for all) with their latest
    scores and their notes, by session id, in order of position and attempt."""
    self_scores, friend_scores = _latest_scores(connection, answers, params)
    where = f"WHERE answer_id IN (SELECT id FROM answers {answers})" if answers else ""
    notes = dict(
        connection.execute(
            f"SELECT answer_id, group_concat(body, ' ') FROM notes {where} GROUP BY answer_id", params
        ).fetchall()
    )
    by_session: dict[int, list[AnswerFact]] = defaultdict(list)
    for row in connection.execute(
        # Only columns of the answers_overview index: the snapshots in the table rows are never read.
        f"""SELECT id, session_id, created_at, position, attempt, question_key, category, question_text,
                   status, recording_path, answer_seconds, answer_limit_seconds, over_limit
            FROM answers INDEXED BY answers_overview {answers} ORDER BY session_id, position, attempt""",
        params,
    ):
        answer_id = row[0]
        by_session[row[1]].append(
            AnswerFact(
                answer_id=answer_id,
                session_id=row[1],
                created_at=from_text(row[2]),
                position=row[3],
                attempt=row[4],
                question_key=row[5],
                bank_id=row[5].partition("/")[0],  # keys are "<bank id>/<question id>"
                category=row[6],
                question_text=row[7],
                status=row[8],
                recording_path=row[9],
                answer_seconds=row[10],
                answer_limit_seconds=row[11],
                over_limit=bool(row[12]),
                self_scores=self_scores.get(answer_id, {}),
                friend_scores={k: dict(v) for k, v in friend_scores[answer_id].items()}
                if answer_id in friend_scores
                else {},
                note_text=notes.get(answer_id) or "",
            )
        )
    return by_session


def _criterion_names(connection: sqlite3.Connection, known: Mapping[str, str]) -> dict[str, str]:
    names = dict(known)
    # Self-scored criteria, as Progress's aggregates name them: a friend's score is shown beside your own.
    scored = "SELECT DISTINCT criterion_id FROM scores WHERE scorer_kind = 'self'"
    for (criterion,) in connection.execute(scored).fetchall():
        if criterion in names:
            continue
        row = connection.execute(
            """SELECT a.rubric_json FROM answers a JOIN scores s ON s.answer_id = a.id
               WHERE s.criterion_id = ? ORDER BY s.id DESC LIMIT 1""",
            (criterion,),
        ).fetchone()
        if row is not None:
            found = RubricSnapshot.from_json(json.loads(row[0])).names()
            if criterion in found:  # this criterion only: which snapshot is read must not change the result
                names[criterion] = found[criterion]
    return names
