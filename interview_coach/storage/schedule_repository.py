"""Each question's spaced-repetition card, cached in `review_cards` and rebuilt from the attempts.

The attempts are the truth; the table is a cache. Every read first takes a fingerprint of each
question's attempts in one aggregate query over the covering indexes (answer ids and statuses, the
number of score rows and the newest one, the scheduler's version). A question whose fingerprint differs
from the cached one, after a new answer, a re-score, a friend's imported scores, a deletion or its undo,
or a restored backup, is replayed from its attempts (`domain.scheduling.build_card`) and written back.
So no writer has to remember to update the schedule. Schema step 10 adds a change counter kept by
triggers: while it still equals the count the cache last agreed at, no fingerprint is taken at all.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import datetime

from interview_coach.domain.scheduling import SCHEDULER_VERSION, Attempt, CardState, build_card, outcome_score
from interview_coach.storage.clock import from_text, to_text
from interview_coach.storage.transactions import transaction

_BULK = 200  # more stale questions than this: read every attempt at once rather than question by question

_FINGERPRINTS = """
    SELECT a.question_key, COUNT(*), SUM(a.id), SUM(a.status = 'skipped'), TOTAL(s.n), MAX(s.newest)
    FROM answers a INDEXED BY answers_overview
    LEFT JOIN (SELECT answer_id, COUNT(*) AS n, MAX(id) AS newest FROM scores INDEXED BY scores_latest
               GROUP BY answer_id) s ON s.answer_id = a.id
    GROUP BY a.question_key
"""


class ScheduleRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def cards(self) -> dict[str, CardState]:
        """Every answered question's card, brought up to date with its attempts first.

        When nothing the schedule is made from has changed since the cache last agreed with it (one row
        of `schedule_state`, kept by triggers), the cached cards are used as they are: no fingerprints."""
        generation, synced = self._state()
        cached = self._cached()
        if generation is not None and generation == synced and all(print_ for print_, _ in cached.values()):
            return {key: card for key, (_print, card) in cached.items() if card is not None}
        current = self._fingerprints()
        stale = [key for key, print_ in current.items() if cached.get(key, ("", None))[0] != print_]
        gone = [key for key in cached if key not in current]
        rebuilt = self._rebuild(stale)
        self._write(rebuilt, {key: current[key] for key in stale}, gone, generation)
        for key in stale:
            cached[key] = (current[key], rebuilt.get(key))
        return {key: card for key, (_print, card) in cached.items() if key in current and card is not None}

    def clear(self) -> None:
        """Forgets every cached card (they are rebuilt on the next read)."""
        with transaction(self._db):
            self._db.execute("DELETE FROM review_cards")
            self._db.execute("UPDATE schedule_state SET synced_generation = NULL")

    def _state(self) -> tuple[int | None, int | None]:
        """(changes to answers and scores so far, that count when the cache last agreed); a missing or
        odd row reads as never agreed."""
        row = self._db.execute("SELECT generation, synced_generation FROM schedule_state WHERE id = 1").fetchone()
        if row is None or not isinstance(row[0], int) or not isinstance(row[1], (int, type(None))):
            return None, None
        return row[0], row[1]

    def _fingerprints(self) -> dict[str, str]:
        return {
            str(key): f"{SCHEDULER_VERSION}:{count}:{ids}:{skipped}:{int(scores)}:{newest or 0}"
            for key, count, ids, skipped, scores, newest in self._db.execute(_FINGERPRINTS)
        }

    def _cached(self) -> dict[str, tuple[str, CardState | None]]:
        found: dict[str, tuple[str, CardState | None]] = {}
        for row in self._db.execute(
            """SELECT question_key, fingerprint, due_at, stability, difficulty, reviews, poor, last_rating,
                      last_review_at, interval_days FROM review_cards"""
        ):
            try:
                card = _card_from_row(row)
            except (TypeError, ValueError):  # a row the app could not have written: rebuilt, never trusted
                found[str(row[0])] = ("", None)
                continue
            found[str(row[0])] = (str(row[1]), card)
        return found

    def attempts(self, keys: Collection[str] | None = None, since: datetime | None = None) -> list[Attempt]:
        """Every attempt at the given questions (all questions: None), each with its outcome score;
        with `since`, only those made from then on."""
        where, params = "", tuple[str, ...]()
        if keys is not None:
            where, params = f"WHERE question_key IN ({', '.join('?' * len(keys))})", tuple[str, ...](keys)
        elif since is not None:
            where, params = "WHERE created_at >= ?", (to_text(since),)
        rows = self._db.execute(
            f"SELECT id, question_key, created_at, status FROM answers INDEXED BY answers_overview {where}", params
        ).fetchall()
        # Every score row only when every attempt is wanted: a recent window reads its own answers' scores.
        scores = self._latest_scores(None if keys is None and since is None else [r[0] for r in rows])
        attempts = []
        for answer_id, key, created_at, status in rows:
            own, friends = scores.get(answer_id, ({}, {}))
            score = None if status == "skipped" else outcome_score(own, friends)
            attempts.append(Attempt(answer_id, key, from_text(created_at), score))
        return attempts

    def _latest_scores(
        self, answer_ids: list[int] | None
    ) -> dict[int, tuple[dict[str, int], dict[str, dict[str, int]]]]:
        found: dict[int, tuple[dict[str, int], dict[str, dict[str, int]]]] = defaultdict(lambda: ({}, {}))
        query = """SELECT answer_id, criterion_id, scorer_kind, scorer_name, value, MAX(id) FROM scores
                   INDEXED BY scores_latest {where} GROUP BY answer_id, criterion_id, scorer_kind, scorer_name"""
        batches: Iterable[list[int] | None] = (
            [None] if answer_ids is None else [answer_ids[i : i + 500] for i in range(0, len(answer_ids), 500)]
        )
        for batch in batches:
            where = "" if batch is None else f"WHERE answer_id IN ({', '.join('?' * len(batch))})"
            for answer_id, criterion, kind, name, value, _newest in self._db.execute(
                query.format(where=where), tuple(batch or ())
            ):
                own, friends = found[answer_id]
                if kind == "self":
                    own[criterion] = value
                else:
                    friends.setdefault(name or "Friend", {})[criterion] = value
        return found

    def _rebuild(self, keys: list[str]) -> dict[str, CardState | None]:
        if not keys:
            return {}
        wanted = set(keys)
        by_question: dict[str, list[Attempt]] = defaultdict(list)
        source = self.attempts(None if len(keys) > _BULK else keys)
        for attempt in source:
            if attempt.question_key in wanted:
                by_question[attempt.question_key].append(attempt)
        return {key: build_card(key, by_question.get(key, ())) for key in keys}

    def _write(
        self, cards: dict[str, CardState | None], prints: dict[str, str], gone: list[str], generation: int | None
    ) -> None:
        # A read-only or full database: the cards are still right, only not cached for next time.
        with contextlib.suppress(sqlite3.OperationalError):
            self._replace(cards, prints, gone, generation)

    def _replace(
        self, cards: dict[str, CardState | None], prints: dict[str, str], gone: list[str], generation: int | None
    ) -> None:
        with transaction(self._db):
            self._db.executemany("DELETE FROM review_cards WHERE question_key = ?", [(k,) for k in gone])
            self._db.executemany(
                """INSERT OR REPLACE INTO review_cards (question_key, fingerprint, due_at, stability, difficulty,
                   reviews, poor, last_rating, last_review_at, interval_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [(key, prints[key], *_card_values(card)) for key, card in cards.items()],
            )
            if generation is not None:  # the cache now agrees with the answers as they were at `generation`
                self._db.execute(
                    "UPDATE schedule_state SET synced_generation = ? WHERE generation = ?", (generation, generation)
                )


def _card_values(card: CardState | None) -> tuple[object, ...]:
    if card is None:
        return (None, None, None, 0, 0, None, None, None)
    return (
        to_text(card.due),
        card.stability,
        card.difficulty,
        card.reviews,
        card.poor,
        card.last_rating,
        to_text(card.last_review),
        card.interval_days,
    )


def _card_from_row(row: tuple[object, ...]) -> CardState | None:
    """The cached card; None for a question with no scored attempt. Raises ValueError or TypeError
    for a row that makes no sense."""
    key, _print, due, stability, difficulty, reviews, poor, rating, last, interval = row
    if due is None:
        return None
    card = CardState(
        question_key=str(key),
        due=_moment(due),
        stability=_finite(stability),
        difficulty=_finite(difficulty),
        reviews=_count(reviews),
        poor=_count(poor),
        last_rating=_count(rating),
        last_review=_moment(last),
        interval_days=_count(interval),
    )
    if not 1 <= card.last_rating <= 4:
        raise ValueError("not a rating")
    return card


def _moment(value: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError("not a timestamp")
    moment = from_text(value)
    if moment.tzinfo is None:
        raise ValueError("no time zone")
    return moment


def _finite(value: object) -> float:
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("not a finite number")
    return float(value)


def _count(value: object) -> int:
    if not isinstance(value, int) or value < 0:
        raise ValueError("not a count")
    return value
