"""Loads every session's facts in four queries, fast enough to open History on 10,000 answers at once."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Mapping
from typing import cast

from interview_coach.domain.delivery import DeliveryMeasure
from interview_coach.domain.history import AnswerFact, HistoryData, SessionFact
from interview_coach.domain.records import SessionMode
from interview_coach.domain.snapshots import RubricSnapshot
from interview_coach.storage.analysis_repository import AnalysisRepository, has_analyses
from interview_coach.storage.clock import from_text


def load_history(connection: sqlite3.Connection, known_names: Mapping[str, str] | None = None) -> HistoryData:
    """Sessions that have answers, newest first, each answer with its latest score per criterion and scorer.

    `known_names` (criterion id -> name, from the loaded rubrics) saves reading answers' rubric
    snapshots; a criterion only older snapshots know is looked up in one of them.
    """
    by_session = _answers_by_session(connection)
    sessions = tuple(
        SessionFact(
            id=session_id,
            mode=cast(SessionMode, mode),
            started_at=from_text(started_at),
            status=status,
            answers=tuple(by_session[session_id]),
        )
        for session_id, mode, started_at, status in connection.execute(
            "SELECT id, mode, started_at, status FROM sessions ORDER BY started_at DESC, id DESC"
        )
        if session_id in by_session
    )
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


_SelfScores = dict[int, dict[str, int]]  # answer id -> criterion id -> value
_FriendScores = dict[int, dict[str, dict[str, int]]]  # answer id -> friend's name -> criterion id -> value


def _latest_scores(connection: sqlite3.Connection) -> tuple[_SelfScores, _FriendScores]:
    """Each answer's latest score per criterion: the candidate's own, and each friend's."""
    self_scores: _SelfScores = defaultdict(dict)
    friend_scores: _FriendScores = defaultdict(lambda: defaultdict(dict))
    # SQLite returns the other columns from the row holding MAX(id): the latest round per criterion.
    for answer_id, criterion, kind, name, value, _ in connection.execute(
        """SELECT answer_id, criterion_id, scorer_kind, scorer_name, value, MAX(id) FROM scores
           INDEXED BY scores_latest GROUP BY answer_id, criterion_id, scorer_kind, scorer_name"""
    ):
        if kind == "self":
            self_scores[answer_id][criterion] = value
        else:
            friend_scores[answer_id][name or "Friend"][criterion] = value
    return self_scores, friend_scores


def _answers_by_session(connection: sqlite3.Connection) -> dict[int, list[AnswerFact]]:
    """Every answer with its latest scores and its notes, by session id, in order of position and attempt."""
    self_scores, friend_scores = _latest_scores(connection)
    notes = dict(
        connection.execute("SELECT answer_id, group_concat(body, ' ') FROM notes GROUP BY answer_id").fetchall()
    )
    by_session: dict[int, list[AnswerFact]] = defaultdict(list)
    for row in connection.execute(
        # Only columns of the answers_overview index: the snapshots in the table rows are never read.
        """SELECT id, session_id, created_at, position, attempt, question_key, category, question_text,
                  status, recording_path, answer_seconds, answer_limit_seconds, over_limit
           FROM answers INDEXED BY answers_overview ORDER BY session_id, position, attempt"""
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
    for (criterion,) in connection.execute("SELECT DISTINCT criterion_id FROM scores").fetchall():
        if criterion in names:
            continue
        row = connection.execute(
            """SELECT a.rubric_json FROM answers a JOIN scores s ON s.answer_id = a.id
               WHERE s.criterion_id = ? ORDER BY s.id DESC LIMIT 1""",
            (criterion,),
        ).fetchone()
        if row is not None:
            names.update(RubricSnapshot.from_json(json.loads(row[0])).names())
    return names
