"""Delivery analyses for a demo history (bench/demo_data.py): fewer fillers, steadier pace, fewer long
pauses as the months go by, as practice would bring. Made from synthetic timed words through the real
rules (`analyse_delivery`) and saved through `AnalysisRepository`, so the rows are what the app writes."""

from __future__ import annotations

import random
import sqlite3

from interview_coach.domain.delivery import TimedWord, analyse_delivery
from interview_coach.storage.analysis_repository import AnalysisRepository

STORY_TEXT = (
    "In my last role I led the migration of our billing system to a new provider. The deadline was fixed "
    "by the old contract, so I split the work into three stages and agreed a test plan with finance. "
    "We found forty mismatched invoices in the second stage and fixed the import before launch. "
    "We finished two weeks early with no customer outage, and I now plan every migration that way."
)
FILLERS = ("um,", "uh,", "like,", "you know,", "so,")


def add_delivery(connection: sqlite3.Connection, *, seed: int = 1) -> int:
    """Analyses every recorded answer (synthetically); returns how many."""
    rng = random.Random(seed)
    rows = connection.execute(
        "SELECT id, answer_seconds, answer_limit_seconds FROM answers WHERE status = 'recorded' ORDER BY created_at, id"
    ).fetchall()
    repository = AnalysisRepository(connection)
    for index, (answer_id, seconds, limit) in enumerate(rows):
        progress = index / max(1, len(rows) - 1)  # 0 at the first answer, 1 at the last
        words, speech = _spoken(rng, progress)
        repository.save(
            answer_id,
            analyse_delivery(words, speech, cue_end=0.4, answer_seconds=seconds, limit_seconds=limit, model="tiny.en"),
        )
    return len(rows)


def _spoken(rng: random.Random, progress: float) -> tuple[list[TimedWord], list[tuple[float, float]]]:
    filler_every = 5 + progress * 25 + rng.uniform(-2, 2)  # about 14 a minute at first, 4 at the end
    step = 60 / (118 + progress * 30 + rng.uniform(-12, 12))  # seconds per word: pace rises to ~148
    pause_chance = 0.05 * (1 - progress) + 0.005
    at = 0.4 + rng.uniform(0.4, 2.5 - 1.5 * progress)
    words: list[TimedWord] = []
    speech: list[tuple[float, float]] = []
    started = at
    for index, word in enumerate(STORY_TEXT.split()):
        if index and rng.random() < 1 / filler_every:
            for part in rng.choice(FILLERS).split():
                words.append(TimedWord(part, at, at + step * 0.8))
                at += step
        words.append(TimedWord(word, at, at + step * 0.8))
        at += step
        if rng.random() < pause_chance:
            speech.append((started, at))
            at += rng.uniform(2.2, 4.0)
            started = at
    speech.append((started, at))
    return words, speech
