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
