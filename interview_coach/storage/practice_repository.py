"""Sessions, answers, scores and notes in SQLite. Every write is committed before it returns."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, fields
from typing import Any, cast

from interview_coach.domain.records import (
    SELF,
    AnswerRecord,
    AnswerStatus,
    AnswerTimings,
    FollowUpRecord,
    FollowUpSource,
    NoteRecord,
    Scorer,
    ScoreRecord,
    ScoreSheet,
    SessionMode,
    SessionRecord,
    SessionStatus,
)
from interview_coach.domain.rubric import SCORE_MAX, SCORE_MIN
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.clock import Clock, from_text, to_text, utc_now
from interview_coach.storage.transactions import transaction

_TIMING_COLUMNS = tuple(f.name for f in fields(AnswerTimings))


class PracticeRepository:
    def __init__(self, connection: sqlite3.Connection, clock: Clock = utc_now) -> None:
        self._db = connection
        self._clock = clock

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db

    # Sessions

    def create_session(self, mode: SessionMode, settings: dict[str, Any] | None = None) -> SessionRecord:
        cursor = self._db.execute(
            "INSERT INTO sessions (mode, settings_json, started_at) VALUES (?, ?, ?)",
            (mode, json.dumps(settings or {}), to_text(self._clock())),
        )
        return self.session(_last_id(cursor))

    def session(self, session_id: int) -> SessionRecord:
        row = self._db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise KeyError(f"no session {session_id}")
        return _session_from_row(row)

    def sessions(self, status: SessionStatus | None = None) -> list[SessionRecord]:
        query = "SELECT * FROM sessions"
        params: tuple[Any, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            params = (status,)
        rows = self._db.execute(query + " ORDER BY started_at DESC, id DESC", params).fetchall()
        return [_session_from_row(r) for r in rows]

    def update_session_settings(self, session_id: int, settings: dict[str, Any]) -> None:
        self._db.execute("UPDATE sessions SET settings_json = ? WHERE id = ?", (json.dumps(settings), session_id))

    def previous_session(self, session_id: int) -> SessionRecord | None:
        """The latest session started before this one that has any answer."""
        row = self._db.execute(
            """SELECT s.* FROM sessions s
               WHERE s.started_at < (SELECT started_at FROM sessions WHERE id = ?)
                 AND EXISTS (SELECT 1 FROM answers a WHERE a.session_id = s.id)
               ORDER BY s.started_at DESC, s.id DESC LIMIT 1""",
            (session_id,),
        ).fetchone()
        return _session_from_row(row) if row else None

    def end_session(self, session_id: int, status: SessionStatus = "finished") -> None:
        self._db.execute(
            "UPDATE sessions SET status = ?, finished_at = ? WHERE id = ?",
            (status, to_text(self._clock()), session_id),
        )

    def delete_session(self, session_id: int) -> list[str]:
        """Deletes the rows; returns the recording paths, which the caller removes after the commit."""
        with transaction(self._db):
            paths = [
                r[0]
                for r in self._db.execute(
                    "SELECT recording_path FROM answers WHERE session_id = ? AND recording_path IS NOT NULL",
                    (session_id,),
                )
            ]
            self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        return paths

    # Answers

    def add_answer(
        self,
        session_id: int,
        position: int,
        question: QuestionSnapshot,
        rubric: RubricSnapshot,
        timings: AnswerTimings | None = None,
    ) -> AnswerRecord:
        """A new attempt at the question in this position; a redo gets the next attempt number."""
        timings = timings or AnswerTimings()
        with transaction(self._db):
            attempt = self._db.execute(
                "SELECT COALESCE(MAX(attempt), 0) + 1 FROM answers WHERE session_id = ? AND position = ?",
                (session_id, position),
            ).fetchone()[0]
            cursor = self._db.execute(
                f"""INSERT INTO answers (session_id, position, attempt, question_key, category, question_text,
                        question_json, rubric_json, created_at, {", ".join(_TIMING_COLUMNS)})
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, {", ".join("?" * len(_TIMING_COLUMNS))})""",
                (
                    session_id,
                    position,
                    attempt,
                    question.key,
                    question.category,
                    question.text,
                    json.dumps(question.to_json()),
                    json.dumps(rubric.to_json()),
                    to_text(self._clock()),
                    *asdict(timings).values(),
                ),
            )
        return self.answer(_last_id(cursor))

    def answer(self, answer_id: int) -> AnswerRecord:
        row = self._db.execute("SELECT * FROM answers WHERE id = ?", (answer_id,)).fetchone()
        if row is None:
            raise KeyError(f"no answer {answer_id}")
        return _answer_from_row(row)

    def answers_for_session(self, session_id: int) -> list[AnswerRecord]:
        rows = self._db.execute(
            "SELECT * FROM answers WHERE session_id = ? ORDER BY position, attempt", (session_id,)
        ).fetchall()
        return [_answer_from_row(r) for r in rows]

    def answers_for_question(self, question_key: str) -> list[AnswerRecord]:
        rows = self._db.execute(
            "SELECT * FROM answers WHERE question_key = ? ORDER BY created_at, id", (question_key,)
        ).fetchall()
        return [_answer_from_row(r) for r in rows]

    def update_answer(
        self,
        answer_id: int,
        *,
        status: AnswerStatus | None = None,
        recording_path: str | None = None,
        timings: AnswerTimings | None = None,
    ) -> AnswerRecord:
        changes: dict[str, Any] = {}
        if status is not None:
            changes["status"] = status
        if recording_path is not None:
            changes["recording_path"] = recording_path
        if timings is not None:
            changes.update(asdict(timings))
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            self._db.execute(f"UPDATE answers SET {assignments} WHERE id = ?", (*changes.values(), answer_id))
        return self.answer(answer_id)

    def delete_answer(self, answer_id: int) -> str | None:
        """Deletes the row; returns its recording path for the caller to remove after the commit."""
        with transaction(self._db):
            row = self._db.execute("SELECT recording_path FROM answers WHERE id = ?", (answer_id,)).fetchone()
            self._db.execute("DELETE FROM answers WHERE id = ?", (answer_id,))
        return row[0] if row else None

    def recording_paths(self) -> list[tuple[int, str]]:
        # From the covering index: the table's rows carry kilobytes of snapshots (65 ms at 20,000 answers,
        # read at every start-up, against 5 ms).
        rows = self._db.execute(
            "SELECT id, recording_path FROM answers INDEXED BY answers_overview WHERE recording_path IS NOT NULL"
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    # Scores

    def add_scores(self, answer_id: int, scorer: Scorer, values: dict[str, int]) -> None:
        """Adds a scoring round; earlier rounds are kept as history."""
        for criterion, value in values.items():
            if not SCORE_MIN <= value <= SCORE_MAX:
                raise ValueError(f"score for {criterion} must be {SCORE_MIN}-{SCORE_MAX}, not {value}")
        stamp = to_text(self._clock())
        with transaction(self._db):
            self._db.executemany(
                """INSERT INTO scores (answer_id, criterion_id, value, scorer_kind, scorer_name, scored_at)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                [(answer_id, c, v, scorer.kind, scorer.name, stamp) for c, v in values.items()],
            )

    def score_history(self, answer_id: int) -> list[ScoreRecord]:
        rows = self._db.execute(
            "SELECT * FROM scores WHERE answer_id = ? ORDER BY scored_at, id", (answer_id,)
        ).fetchall()
        return [_score_from_row(r) for r in rows]

    def current_self_scores(self, answer_ids: list[int]) -> dict[int, dict[str, int]]:
        """The latest self-score per criterion for each answer (friends' scores are kept apart)."""
        return self.current_scores_by(answer_ids, SELF)

    def current_scores_by(self, answer_ids: list[int], scorer: Scorer) -> dict[int, dict[str, int]]:
        """The latest score per criterion from one scorer, for each answer."""
        result: dict[int, dict[str, int]] = {answer_id: {} for answer_id in answer_ids}
        for chunk in _chunks(answer_ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"""SELECT answer_id, criterion_id, value FROM scores
                    WHERE scorer_kind = ? AND scorer_name = ? AND answer_id IN ({marks})
                    ORDER BY scored_at, id""",
                (scorer.kind, scorer.name, *chunk),
            )
            for answer_id, criterion, value in rows:
                result[int(answer_id)][str(criterion)] = int(value)
        return result

    def question_weakness(self) -> dict[str, float]:
        """Per question key, the average self-score of its most recent scored answer (lower is weaker)."""
        rows = self._db.execute(
            """SELECT a.question_key, a.id FROM answers a
               WHERE EXISTS (SELECT 1 FROM scores s WHERE s.answer_id = a.id AND s.scorer_kind = 'self')
               ORDER BY a.created_at, a.id"""
        ).fetchall()
        latest = {str(key): int(answer_id) for key, answer_id in rows}
        scores = self.current_self_scores(list(latest.values()))
        return {
            key: sum(values.values()) / len(values)
            for key, answer_id in latest.items()
            if (values := scores.get(answer_id))
        }

    def current_scores(self, answer_id: int) -> list[ScoreSheet]:
        """The latest value per criterion, one sheet per scorer (self first)."""
        sheets: dict[Scorer, ScoreSheet] = {}
        for record in self.score_history(answer_id):
            sheet = sheets.setdefault(record.scorer, ScoreSheet(record.scorer))
            sheet.values[record.criterion_id] = record.value
        return sorted(sheets.values(), key=lambda s: (s.scorer.kind != "self", s.scorer.name))

    # Follow-ups

    def add_follow_up(
        self, answer_id: int, text: str, source: FollowUpSource, asked_at_seconds: float | None
    ) -> FollowUpRecord:
        cursor = self._db.execute(
            """INSERT INTO follow_ups (answer_id, text, source, asked_at_seconds, created_at)
               VALUES (?, ?, ?, ?, ?)""",
            (answer_id, text, source, asked_at_seconds, to_text(self._clock())),
        )
        row = self._db.execute("SELECT * FROM follow_ups WHERE id = ?", (_last_id(cursor),)).fetchone()
        return _follow_up_from_row(row)

    def follow_ups(self, answer_id: int) -> list[FollowUpRecord]:
        rows = self._db.execute("SELECT * FROM follow_ups WHERE answer_id = ? ORDER BY id", (answer_id,))
        return [_follow_up_from_row(r) for r in rows.fetchall()]

    # Notes

    def set_note(self, answer_id: int, author: Scorer, body: str) -> NoteRecord:
        """One note per author per answer; writing again replaces its text."""
        stamp = to_text(self._clock())
        with transaction(self._db):
            row = self._db.execute(
                "SELECT id FROM notes WHERE answer_id = ? AND author_kind = ? AND author_name = ?",
                (answer_id, author.kind, author.name),
            ).fetchone()
            if row is None:
                cursor = self._db.execute(
                    """INSERT INTO notes (answer_id, author_kind, author_name, body, created_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?)""",
                    (answer_id, author.kind, author.name, body, stamp, stamp),
                )
                note_id = _last_id(cursor)
            else:
                note_id = int(row[0])
                self._db.execute("UPDATE notes SET body = ?, updated_at = ? WHERE id = ?", (body, stamp, note_id))
        return self._note(note_id)

    def notes(self, answer_id: int) -> list[NoteRecord]:
        rows = self._db.execute("SELECT * FROM notes WHERE answer_id = ? ORDER BY id", (answer_id,)).fetchall()
        return [_note_from_row(r) for r in rows]

    def _note(self, note_id: int) -> NoteRecord:
        return _note_from_row(self._db.execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone())


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _last_id(cursor: sqlite3.Cursor) -> int:
    if cursor.lastrowid is None:
        raise RuntimeError("insert returned no row id")
    return cursor.lastrowid


def _session_from_row(row: sqlite3.Row) -> SessionRecord:
    return SessionRecord(
        id=row["id"],
        mode=cast(SessionMode, row["mode"]),
        settings=json.loads(row["settings_json"]),
        started_at=from_text(row["started_at"]),
        finished_at=from_text(row["finished_at"]) if row["finished_at"] else None,
        status=cast(SessionStatus, row["status"]),
    )


def _answer_from_row(row: sqlite3.Row) -> AnswerRecord:
    timings = AnswerTimings(**{c: row[c] for c in _TIMING_COLUMNS})
    return AnswerRecord(
        id=row["id"],
        session_id=row["session_id"],
        position=row["position"],
        attempt=row["attempt"],
        question_key=row["question_key"],
        category=row["category"],
        question=QuestionSnapshot.from_json(json.loads(row["question_json"])),
        rubric=RubricSnapshot.from_json(json.loads(row["rubric_json"])),
        recording_path=row["recording_path"],
        timings=AnswerTimings(**{**asdict(timings), "over_limit": bool(timings.over_limit)}),
        status=cast(AnswerStatus, row["status"]),
        created_at=from_text(row["created_at"]),
    )


def _score_from_row(row: sqlite3.Row) -> ScoreRecord:
    return ScoreRecord(
        id=row["id"],
        answer_id=row["answer_id"],
        criterion_id=row["criterion_id"],
        value=row["value"],
        scorer=Scorer(cast(Any, row["scorer_kind"]), row["scorer_name"]),
        scored_at=from_text(row["scored_at"]),
    )


def _note_from_row(row: sqlite3.Row) -> NoteRecord:
    return NoteRecord(
        id=row["id"],
        answer_id=row["answer_id"],
        author=Scorer(cast(Any, row["author_kind"]), row["author_name"]),
        body=row["body"],
        created_at=from_text(row["created_at"]),
        updated_at=from_text(row["updated_at"]),
    )


def _follow_up_from_row(row: sqlite3.Row) -> FollowUpRecord:
    return FollowUpRecord(
        id=row["id"],
        answer_id=row["answer_id"],
        text=row["text"],
        source=cast(FollowUpSource, row["source"]),
        asked_at_seconds=row["asked_at_seconds"],
        created_at=from_text(row["created_at"]),
    )
