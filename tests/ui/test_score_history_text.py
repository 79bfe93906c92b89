"""The re-scoring line under an answer's scores: only what changed, never "first scores" per click."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from interview_coach.domain.records import SELF, Scorer, ScoreRecord
from interview_coach.ui.history.answer_panel import _history_text

NAMES = {"delivery": "Delivery", "structure": "Structure"}
T0 = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)


def score(criterion: str, value: int, minutes: int, scorer: Scorer = SELF) -> ScoreRecord:
    return ScoreRecord(0, 1, criterion, value, scorer, T0 + timedelta(minutes=minutes))


def test_first_scores_given_one_click_at_a_time_are_not_history() -> None:
    clicks = [score("delivery", 3, 0), score("structure", 4, 1), score("delivery", 3, 2)]
    assert _history_text(clicks, NAMES) == ""


def test_a_rescore_names_what_changed_once_per_scorer_and_day() -> None:
    sam = Scorer("friend", "Sam")
    records = [
        score("delivery", 2, 0),
        score("structure", 4, 1),
        score("delivery", 3, 60 * 24 * 2),
        score("structure", 5, 60 * 24 * 2 + 1),
        score("delivery", 2, 5, sam),
        score("delivery", 4, 60 * 24 * 3, sam),
    ]
    text = _history_text(records, NAMES)
    assert text.count("You") == 1 and text.count("Sam") == 1
    assert "Delivery 2\N{RIGHTWARDS ARROW}3, Structure 4\N{RIGHTWARDS ARROW}5" in text
    assert "Delivery 2\N{RIGHTWARDS ARROW}4" in text and "first scores" not in text
    assert text.index("Sam") < text.index("You")  # newest first
