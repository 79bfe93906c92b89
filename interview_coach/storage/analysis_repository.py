"""Stored delivery analyses: one per answer, re-analysable, searchable by what was said (FTS5).

A row read back goes through `figures_from_json` (and the size and depth limits of `safe_json`):
a damaged row reads as "not analysed", so the answer can be analysed again, never as a crash.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from interview_coach.domain.delivery import ANALYSIS_VERSION, DeliveryDataError, DeliveryFigures, figures_from_json
from interview_coach.storage.clock import Clock, to_text, utc_now
from interview_coach.storage.safe_json import MAX_STORED_JSON_BYTES, JsonFormatError, load_json
from interview_coach.storage.transactions import transaction

log = logging.getLogger(__name__)

_SEARCH_TERM = re.compile(r"\w+", re.UNICODE)
_MAX_SEARCH_TERMS = 16
_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit


@dataclass(frozen=True)
class PendingAnswer:
    """A recorded answer still to analyse (none yet, or one made by older rules)."""

    answer_id: int
    recording_path: str
    cue_end_seconds: float
    answer_seconds: float | None
    limit_seconds: float | None


@dataclass(frozen=True)
class DeliveryPoint:
    """One analysed answer's headline figures, for Progress."""

    answer_id: int
    wpm: float
    fillers_per_minute: float
    long_pauses: int
    time_to_first_word: float | None
    speaking_seconds: float


class AnalysisRepository:
    def __init__(self, connection: sqlite3.Connection, clock: Clock = utc_now) -> None:
        self._db = connection
        self._clock = clock

    @property
    def connection(self) -> sqlite3.Connection:
        return self._db

    def save(self, answer_id: int, figures: DeliveryFigures) -> None:
        """Stores (or replaces) the answer's analysis; an answer deleted meanwhile is skipped."""
        data = figures.to_json()
        words = data.pop("words")
        transcript = data.pop("transcript")
        with transaction(self._db):
            if self._db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return
            self._db.execute(
                """INSERT INTO answer_analyses (answer_id, transcript, words_json, figures_json, wpm,
                       fillers_per_minute, long_pauses, time_to_first_word, speaking_seconds, model, version,
                       analysed_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (answer_id) DO UPDATE SET
                       transcript = excluded.transcript, words_json = excluded.words_json,
                       figures_json = excluded.figures_json, wpm = excluded.wpm,
                       fillers_per_minute = excluded.fillers_per_minute, long_pauses = excluded.long_pauses,
                       time_to_first_word = excluded.time_to_first_word,
                       speaking_seconds = excluded.speaking_seconds, model = excluded.model,
                       version = excluded.version, analysed_at = excluded.analysed_at""",
                (
                    answer_id,
                    transcript,
                    json.dumps(words),
                    json.dumps(data),
                    figures.wpm,
                    figures.fillers_per_minute,
                    len(figures.long_pauses),
                    figures.time_to_first_word,
                    figures.speaking_seconds,
                    figures.model,
                    figures.version,
                    to_text(self._clock()),
                ),
            )

    def get(self, answer_id: int) -> DeliveryFigures | None:
        return self.for_answers([answer_id]).get(answer_id)

    def for_answers(self, answer_ids: Iterable[int]) -> dict[int, DeliveryFigures]:
        found: dict[int, DeliveryFigures] = {}
        ids = list(dict.fromkeys(answer_ids))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            rows = self._db.execute(
                "SELECT answer_id, transcript, words_json, figures_json FROM answer_analyses "
                f"WHERE answer_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for answer_id, transcript, words, figures in rows:
                parsed = stored_figures(answer_id, transcript, words, figures)
                if parsed is not None:
                    found[int(answer_id)] = parsed
        return found

    def delete(self, answer_id: int) -> None:
        with transaction(self._db):
            self._db.execute("DELETE FROM answer_analyses WHERE answer_id = ?", (answer_id,))

    def search(self, text: str) -> set[int]:
        """Answers whose transcript holds every word typed (each as a word start: "migr" finds "migration")."""
        terms = _SEARCH_TERM.findall(text)[:_MAX_SEARCH_TERMS]
        if not terms:
            return set()
        # Each term quoted, so nothing typed is read as FTS5 syntax (AND, NEAR, column filters, quotes).
        query = " ".join('"' + term.replace('"', '""') + '"*' for term in terms)
        rows = self._db.execute(
            "SELECT a.answer_id FROM answer_transcripts JOIN answer_analyses a ON a.id = answer_transcripts.rowid "
            "WHERE answer_transcripts MATCH ?",
            (query,),
        )
        return {int(row[0]) for row in rows}

    def pending(self, *, limit: int | None = None) -> list[PendingAnswer]:
        """Recorded answers with a recording and no analysis by the current rules, oldest first."""
        rows = self._db.execute(
            """SELECT a.id, a.recording_path, COALESCE(a.cue_end_seconds, 0), a.answer_seconds,
                      a.answer_limit_seconds
               FROM answers a LEFT JOIN answer_analyses x ON x.answer_id = a.id
               WHERE a.status = 'recorded' AND a.recording_path IS NOT NULL
                 AND (x.id IS NULL OR x.version < ?)
               ORDER BY a.id LIMIT ?""",
            (ANALYSIS_VERSION, -1 if limit is None else limit),
        )
        return [PendingAnswer(int(i), str(p), float(c), _number(s), _number(li)) for i, p, c, s, li in rows]

    def pending_count(self) -> int:
        row = self._db.execute(
            """SELECT count(*) FROM answers a LEFT JOIN answer_analyses x ON x.answer_id = a.id
               WHERE a.status = 'recorded' AND a.recording_path IS NOT NULL AND (x.id IS NULL OR x.version < ?)""",
            (ANALYSIS_VERSION,),
        ).fetchone()
        return int(row[0])

    def points(self, answer_ids: Sequence[int] | None = None) -> dict[int, DeliveryPoint]:
        """Headline figures of every analysed answer (or of those given), for Progress."""
        rows = self._db.execute(
            "SELECT answer_id, wpm, fillers_per_minute, long_pauses, time_to_first_word, speaking_seconds "
            "FROM answer_analyses"
        )
        wanted = None if answer_ids is None else set(answer_ids)
        points = {}
        for answer_id, wpm, fpm, pauses, onset, speaking in rows:
            if wanted is not None and answer_id not in wanted:
                continue
            point = _point(answer_id, wpm, fpm, pauses, onset, speaking)
            if point is not None:
                points[point.answer_id] = point
        return points


def stored_figures(answer_id: object, transcript: object, words: object, figures: object) -> DeliveryFigures | None:
    """One row's columns as figures; None (and a log line) when the row is damaged."""
    try:
        if not isinstance(words, str) or not isinstance(figures, str):
            raise DeliveryDataError("not JSON text")
        data = load_json(figures, max_bytes=MAX_STORED_JSON_BYTES)
        if not isinstance(data, dict):
            raise DeliveryDataError("figures are not an object")
        data["words"] = load_json(words, max_bytes=MAX_STORED_JSON_BYTES)
        data["transcript"] = transcript
        return figures_from_json(data)
    except (JsonFormatError, DeliveryDataError) as error:
        log.warning("the stored analysis of answer %s is damaged and is ignored: %s", answer_id, error)
        return None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _point(
    answer_id: object, wpm: object, fpm: object, pauses: object, onset: object, speaking: object
) -> DeliveryPoint | None:
    pace, fillers, spoken = _number(wpm), _number(fpm), _number(speaking)
    if not isinstance(answer_id, int) or not isinstance(pauses, int) or pace is None or fillers is None:
        return None
    return DeliveryPoint(answer_id, pace, fillers, pauses, _number(onset), spoken or 0.0)


def has_analyses(connection: sqlite3.Connection) -> bool:
    """False for a database opened read-only before schema step 7 could run (an export off a full disk)."""
    row = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'answer_analyses'")
    return row.fetchone() is not None
