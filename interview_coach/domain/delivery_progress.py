"""Delivery over time, for Progress: pace, fillers a minute, long pauses and time to first word per session.

Each session's point is the mean over its analysed answers; the chart adds the rolling average (as
for scores) and, where a sourced norm exists, its band (pace 130-160 words a minute, up to 5
fillers a minute). Long pauses and time to first word have no band: no source gives one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

from interview_coach.domain.delivery import DeliveryMeasure
from interview_coach.domain.delivery_norms import FILLERS, PACE
from interview_coach.domain.history import SessionFact
from interview_coach.domain.progress import Point


@dataclass(frozen=True)
class DeliveryFigure:
    key: str
    label: str  # for the chooser and the axis
    unit: str
    band: tuple[float, float] | None  # the norm's comfortable range, when there is a sourced one
    note: str


DELIVERY_FIGURES: tuple[DeliveryFigure, ...] = (
    DeliveryFigure("wpm", "Pace", "words a minute", PACE.comfortable, PACE.text),
    DeliveryFigure(
        "fillers_per_minute", "Fillers a minute", "a minute", FILLERS.comfortable, f"{FILLERS.text} ({FILLERS.source})"
    ),
    DeliveryFigure("long_pauses", "Long pauses per answer", "per answer", None, "Pauses over 2 seconds."),
    DeliveryFigure(
        "time_to_first_word", "Time to first word", "seconds", None, "From the end of the cue to your first word."
    ),
)


def _value(measure: DeliveryMeasure, key: str) -> float | None:
    if key == "wpm":
        return measure.wpm if measure.wpm > 0 else None  # no speech recognised: no pace
    if key == "fillers_per_minute":
        return measure.fillers_per_minute if measure.wpm > 0 else None
    if key == "long_pauses":
        return float(measure.long_pauses)
    return measure.time_to_first_word


def delivery_series(sessions: Sequence[SessionFact], measures: Mapping[int, DeliveryMeasure], key: str) -> list[Point]:
    """Per session (oldest first), the mean of one figure over its analysed answers."""
    points = []
    for session in sessions:
        values = [
            value
            for answer in session.answers
            if (measure := measures.get(answer.answer_id)) is not None and (value := _value(measure, key)) is not None
        ]
        if values:
            points.append(Point(session.started_at, fmean(values)))
    return points


@dataclass(frozen=True)
class ScoreAgainstMeasure:
    """Your Delivery self-score against what was measured on the same answers."""

    score: int
    answers: int
    fillers_per_minute: float
    long_pauses: float


def delivery_calibration(
    sessions: Sequence[SessionFact], measures: Mapping[int, DeliveryMeasure], criterion: str = "delivery"
) -> list[ScoreAgainstMeasure]:
    """Per self-score given to Delivery, the mean fillers a minute and long pauses of those answers."""
    grouped: dict[int, list[DeliveryMeasure]] = {}
    for session in sessions:
        for answer in session.answers:
            score = answer.self_scores.get(criterion)
            measure = measures.get(answer.answer_id)
            if score is not None and measure is not None and measure.wpm > 0:
                grouped.setdefault(score, []).append(measure)
    return [
        ScoreAgainstMeasure(
            score,
            len(found),
            fmean(m.fillers_per_minute for m in found),
            fmean(m.long_pauses for m in found),
        )
        for score, found in sorted(grouped.items())
    ]


def calibration_sentence(rows: Sequence[ScoreAgainstMeasure]) -> str:
    """How your own Delivery scores line up with the measure, in one sentence (empty with too little to say)."""
    if len(rows) < 2 or sum(r.answers for r in rows) < 3:
        return ""
    low, high = rows[0], rows[-1]
    sentence = (
        f"When you gave Delivery {high.score}, you averaged {high.fillers_per_minute:.1f} fillers a minute "
        f"({high.answers} answers); when you gave it {low.score}, {low.fillers_per_minute:.1f} ({low.answers} answers)."
    )
    if high.fillers_per_minute > low.fillers_per_minute + 1:
        sentence += " Your higher scores went to answers with more fillers: listen back before you score."
    return sentence
