"""Gentle, sourced norms for the delivery figures, and the evidence line shown beside a self-score.

A norm is a reading aid, not a grade: each says where most interview answers sit and where a
figure is worth a look, with the source it comes from. The figures' wording lives here so the
scoring screen, Review, the report and the command line say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.time_format import duration_text

Reading = Literal["comfortable", "fine", "worth_a_look"]
DELIVERY_CRITERION = "delivery"
STRUCTURE_CRITERION = "structure"


@dataclass(frozen=True)
class Norm:
    """`comfortable` is the band most answers sit in; beyond `worth_a_look_below/above` deserves a look."""

    figure: str
    comfortable: tuple[float, float]
    worth_a_look_below: float | None
    worth_a_look_above: float | None
    text: str
    source: str

    def read(self, value: float) -> Reading:
        low, high = self.comfortable
        if low <= value <= high:
            return "comfortable"
        if (self.worth_a_look_below is not None and value < self.worth_a_look_below) or (
            self.worth_a_look_above is not None and value > self.worth_a_look_above
        ):
            return "worth_a_look"
        return "fine"


PACE = Norm(
    "wpm",
    (130.0, 160.0),
    110.0,
    190.0,
    "A comfortable interview pace is about 130-160 words a minute; under 110 or over 190 sustained is worth a look.",
    "Speaking-rate studies of conversational and presentation speech",
)
FILLERS = Norm(
    "fillers_per_minute",
    (0.0, 5.0),
    None,
    12.0,
    "Up to about 5 fillers a minute does no harm; about 12 a minute does.",
    "Laske & DiGennaro Reed (2024)",
)
PAUSES = Norm(
    "pause_seconds",
    (0.0, 1.0),
    None,
    2.0,
    "Most natural pauses are under 1 second; a pause over 2 seconds is one a listener notices.",
    "Conversation-analysis studies of turn-internal pauses",
)
LENGTH = Norm(
    "answer_seconds",
    (60.0, 120.0),
    30.0,
    180.0,
    "A STAR answer usually runs 60-120 seconds.",
    "Common interview-coaching guidance for STAR answers",
)
NORMS: Mapping[str, Norm] = {norm.figure: norm for norm in (PACE, FILLERS, PAUSES, LENGTH)}


def answer_length(figures: DeliveryFigures) -> float | None:
    """How long the answer ran: the measured take when known, else the speech itself."""
    if figures.answer_seconds is not None:
        return figures.answer_seconds
    return figures.speaking_seconds or None


def delivery_evidence(figures: DeliveryFigures) -> str:
    """`9 fillers a minute, 3 long pauses, 148 words a minute`: what Delivery was measured at."""
    if not figures.words:
        return "no speech was recognised"
    parts = [
        f"{_number(figures.fillers_per_minute)} {_plural(figures.fillers_per_minute, 'filler')} a minute",
        f"{len(figures.long_pauses)} long {_plural(len(figures.long_pauses), 'pause')}",
        f"{round(figures.wpm)} words a minute",
    ]
    return ", ".join(parts)


def structure_evidence(figures: DeliveryFigures) -> str:
    """`1 min 50 s against a 2 min limit` (or against the STAR norm when there is no limit)."""
    length = answer_length(figures)
    if length is None:
        return "no speech was recognised"
    text = duration_text(length)
    if figures.limit_seconds:
        return f"{text} against a {duration_text(figures.limit_seconds)} limit"
    return f"{text} (STAR answers usually run 1-2 min)"


def evidence_line(criterion_id: str, name: str, self_score: int | None, figures: DeliveryFigures) -> str | None:
    """ "You gave Delivery 4; 9 fillers a minute, 3 long pauses, ..." for the criteria a measure speaks to."""
    if criterion_id == DELIVERY_CRITERION:
        evidence = delivery_evidence(figures)
    elif criterion_id == STRUCTURE_CRITERION:
        evidence = structure_evidence(figures)
    else:
        return None
    if self_score is None:
        return f"{name}: {evidence}"
    return f"You gave {name} {self_score}; {evidence}"


def figure_readings(figures: DeliveryFigures) -> list[tuple[str, str, Reading | None, str]]:
    """Rows (label, value, reading, norm text) for a figures table; reading None has no norm."""
    rows: list[tuple[str, str, Reading | None, str]] = [
        ("Pace", f"{round(figures.wpm)} words a minute", PACE.read(figures.wpm), PACE.text),
        (
            "Fillers",
            f"{figures.filler_count} ({_number(figures.fillers_per_minute)} a minute)" + _kinds(figures),
            FILLERS.read(figures.fillers_per_minute),
            f"{FILLERS.text} ({FILLERS.source})",
        ),
        (
            "Long pauses",
            _pauses_text(figures),
            "comfortable" if not figures.long_pauses else "fine",
            PAUSES.text,
        ),
    ]
    if figures.time_to_first_word is not None:
        rows.append(("Time to first word", f"{figures.time_to_first_word:.1f} s", None, ""))
    rows.append(("Speaking time", duration_text(figures.speaking_seconds), None, ""))
    length = answer_length(figures)
    if length is not None:
        rows.append(("Length", structure_evidence(figures), LENGTH.read(length), LENGTH.text))
    rows.append(("Hedges", ", ".join(_counted(figures.hedges)) or "none", None, ""))
    return rows


def _kinds(figures: DeliveryFigures) -> str:
    if not figures.fillers:
        return ""
    return ": " + ", ".join(f'"{kind}" {count}' for kind, count in figures.fillers.items())


def _pauses_text(figures: DeliveryFigures) -> str:
    if not figures.long_pauses:
        return "none"
    where = ", ".join(f"{p.duration:.1f} s at {_clock(p.start)}" for p in figures.long_pauses[:4])
    more = f" and {len(figures.long_pauses) - 4} more" if len(figures.long_pauses) > 4 else ""
    return f"{len(figures.long_pauses)}: {where}{more}"


def _counted(items: tuple[str, ...]) -> list[str]:
    seen: dict[str, int] = {}
    for item in items:
        seen[item] = seen.get(item, 0) + 1
    return [f'"{item}" x{n}' if n > 1 else f'"{item}"' for item, n in seen.items()]


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _number(value: float) -> str:
    return str(round(value)) if value >= 10 or value == round(value) else f"{value:.1f}"


def _plural(value: float, word: str) -> str:
    return word if value == 1 else f"{word}s"
