"""Progress figures that need single answers (categories, weakest and most improved questions, calibration),
worked out from complete sessions.

The app has the database work them out (`storage/progress_queries.py`); these are the reference its
tests compare with, and what a report of complete sessions uses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import fmean

from interview_coach.domain.calibration import CriterionCalibration, calibrate
from interview_coach.domain.history import AnswerFact, SessionFact


@dataclass(frozen=True)
class WeakQuestion:
    key: str
    text: str
    category: str
    average: float
    attempts: int


@dataclass(frozen=True)
class ImprovedQuestion:
    text: str
    first: float
    last: float
    attempts: int


@dataclass(frozen=True)
class AnswerFigures:
    """The figures that need single answers, for one range (the most improved question: all time)."""

    category_averages: Mapping[str, float]
    recent_category_averages: Mapping[str, float]  # the last 30 days of the range
    weakest_questions: tuple[WeakQuestion, ...]
    most_improved: ImprovedQuestion | None
    calibration: tuple[CriterionCalibration, ...]


def recent_start(today: date) -> datetime:
    """Where "the last 30 days" of the category chart begin."""
    return datetime.combine(today - timedelta(days=30), datetime.min.time()).astimezone()


def answer_figures(
    in_range: Sequence[SessionFact], everything: Sequence[SessionFact], today: date, names: Mapping[str, str]
) -> AnswerFigures:
    """The figures from complete sessions (oldest first): in the range, and all time."""
    start = recent_start(today)
    return AnswerFigures(
        category_averages=category_averages(in_range),
        recent_category_averages=category_averages(s for s in in_range if s.started_at >= start),
        weakest_questions=weakest_questions(in_range),
        most_improved=most_improved_question(everything),
        calibration=tuple(calibrate(_answers(in_range), names)),
    )


def _answers(sessions: Iterable[SessionFact]) -> list[AnswerFact]:
    return [a for s in sessions for a in s.answers]


def category_averages(sessions: Iterable[SessionFact]) -> dict[str, float]:
    values: dict[str, list[float]] = defaultdict(list)
    for session in sessions:
        for answer in session.answers:
            average = answer.self_average
            if average is not None:
                values[answer.category].append(average)
    return {category: fmean(v) for category, v in values.items()}


def weakest_questions(sessions: Sequence[SessionFact], limit: int = 5) -> tuple[WeakQuestion, ...]:
    """Questions whose latest scored attempt is lowest; ties go to the one practised less."""
    latest: dict[str, AnswerFact] = {}
    attempts: dict[str, int] = defaultdict(int)
    for answer in _answers(sessions):
        if answer.self_scores:
            attempts[answer.question_key] += 1
            previous = latest.get(answer.question_key)
            if previous is None or (answer.created_at, answer.answer_id) > (previous.created_at, previous.answer_id):
                latest[answer.question_key] = answer
    ranked = sorted(latest.values(), key=lambda a: (a.self_average or 0.0, attempts[a.question_key], a.question_key))
    return tuple(
        WeakQuestion(a.question_key, a.question_text, a.category, a.self_average or 0.0, attempts[a.question_key])
        for a in ranked[:limit]
    )


def most_improved_question(sessions: Sequence[SessionFact]) -> ImprovedQuestion | None:
    """The question whose latest self-scored attempt gained most on its first (at least two attempts)."""
    by_question: dict[str, list[AnswerFact]] = defaultdict(list)
    for answer in _answers(sessions):
        if answer.self_average is not None:
            by_question[answer.question_key].append(answer)
    climbs = [
        (attempts[-1].self_average - attempts[0].self_average, attempts)  # type: ignore[operator]
        for attempts in by_question.values()
        if len(attempts) >= 2
    ]
    if not climbs:
        return None
    _gain, attempts = max(climbs, key=lambda item: item[0])
    first, last = attempts[0].self_average or 0.0, attempts[-1].self_average or 0.0
    return ImprovedQuestion(attempts[0].question_text, first, last, len(attempts))
