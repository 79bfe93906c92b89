"""Progress over time: score trends, answer length against the limit, practice days and streaks,
scores by category, the weakest spots, and improvements worth saying out loud.

Self-scores drive the trends (they exist for every scored answer); friends' scores are shown beside
them elsewhere. All functions take sessions oldest first unless they say otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean

from interview_coach.domain.calibration import CriterionCalibration, calibrate
from interview_coach.domain.delivery import DeliveryMeasure
from interview_coach.domain.history import AnswerFact, HistoryData, SessionFact

ROLLING_WINDOW = 5  # sessions in the rolling average and in "over the last N sessions"
MIN_CHANGE = 0.3  # a change smaller than this is noise in 1-5 self-scores


@dataclass(frozen=True)
class Point:
    when: datetime
    value: float


@dataclass(frozen=True)
class LengthPoint:
    when: datetime
    average_seconds: float
    average_limit_seconds: float
    over_limit: int
    answered: int


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int


@dataclass(frozen=True)
class Change:
    criterion: str
    name: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    def describe(self, window: int = ROLLING_WINDOW) -> str:
        return f"{self.name}: {self.before:.1f} \N{RIGHTWARDS ARROW} {self.after:.1f} over the last {window} sessions"


@dataclass(frozen=True)
class WeakQuestion:
    key: str
    text: str
    category: str
    average: float
    attempts: int


@dataclass(frozen=True)
class ProgressReport:
    sessions: tuple[SessionFact, ...]  # in the chosen range, oldest first
    criteria: tuple[str, ...]  # every criterion scored in range, most scored first
    criterion_names: Mapping[str, str]
    practice_days: Mapping[date, float]  # minutes spoken per day (all time)
    streak: Streak
    category_averages: Mapping[str, float]
    recent_category_averages: Mapping[str, float]
    weakest_criteria: tuple[tuple[str, float], ...]
    weakest_questions: tuple[WeakQuestion, ...]
    improvements: tuple[Change, ...]
    declines: tuple[Change, ...]
    since_start: tuple[Change, ...]  # first sessions in range against the latest, for every criterion
    personal_bests: tuple[str, ...]
    # Made with the rest in the background, so opening Progress only draws them.
    lengths: tuple[LengthPoint, ...] = ()
    calibration: tuple[CriterionCalibration, ...] = ()  # self against friends, widest gap first
    delivery: Mapping[int, DeliveryMeasure] = field(default_factory=dict)  # analysed answers, by answer id

    def series(self, criterion: str | None) -> list[Point]:
        return criterion_series(self.sessions, criterion)

    def name(self, criterion: str) -> str:
        return self.criterion_names.get(criterion) or criterion.replace("-", " ").capitalize()


def build_report(history: HistoryData, *, since: datetime | None, today: date) -> ProgressReport:
    everything = tuple(reversed(history.sessions))  # oldest first
    in_range = tuple(s for s in everything if since is None or s.started_at >= since)
    counts: dict[str, int] = defaultdict(int)
    for answer in _answers(in_range):
        for criterion in answer.self_scores:
            counts[criterion] += 1
    criteria = tuple(sorted(counts, key=lambda c: (-counts[c], c)))
    days = practice_minutes(everything)
    recent_start = datetime.combine(today - timedelta(days=30), datetime.min.time()).astimezone()
    changes = criterion_changes(in_range, history.criterion_names)
    return ProgressReport(
        sessions=in_range,
        criteria=criteria,
        criterion_names=history.criterion_names,
        practice_days=days,
        streak=streaks(set(days), today),
        category_averages=category_averages(in_range),
        recent_category_averages=category_averages(s for s in in_range if s.started_at >= recent_start),
        weakest_criteria=weakest_criteria(in_range),
        weakest_questions=weakest_questions(in_range),
        improvements=tuple(c for c in changes if c.delta >= MIN_CHANGE),
        declines=tuple(c for c in changes if c.delta <= -MIN_CHANGE),
        since_start=tuple(c for c in criterion_changes(in_range, history.criterion_names, compare_first=True)),
        personal_bests=personal_bests(everything, today),
        lengths=tuple(length_points(in_range)),
        calibration=tuple(calibrate(_answers(in_range), history.criterion_names)),
        delivery=history.delivery,
    )


def _answers(sessions: Sequence[SessionFact]) -> list[AnswerFact]:
    return [a for s in sessions for a in s.answers]


def session_average(session: SessionFact, criterion: str | None) -> float | None:
    return session.self_average if criterion is None else session.criterion_means.get(criterion)


def criterion_series(sessions: Sequence[SessionFact], criterion: str | None) -> list[Point]:
    """Per session, the average self-score on one criterion (None: over all criteria)."""
    points = []
    for session in sessions:
        value = session_average(session, criterion)
        if value is not None:
            points.append(Point(session.started_at, value))
    return points


def rolling_average(points: Sequence[Point], window: int = ROLLING_WINDOW) -> list[Point]:
    """The mean of each point and the ones before it, up to `window` points."""
    result = []
    total = 0.0
    for index, point in enumerate(points):
        total += point.value
        if index >= window:
            total -= points[index - window].value
        result.append(Point(point.when, total / min(index + 1, window)))
    return result


def length_points(sessions: Sequence[SessionFact]) -> list[LengthPoint]:
    """Per session: the average answer length against the average limit, and how many ran over."""
    points = []
    for session in sessions:
        timed = [a for a in session.answers if a.answered and a.answer_seconds and a.answer_limit_seconds]
        if not timed:
            continue
        points.append(
            LengthPoint(
                when=session.started_at,
                average_seconds=fmean(a.answer_seconds or 0.0 for a in timed),
                average_limit_seconds=fmean(a.answer_limit_seconds or 0.0 for a in timed),
                over_limit=sum(1 for a in timed if a.over_limit),
                answered=len(timed),
            )
        )
    return points


def practice_minutes(sessions: Sequence[SessionFact]) -> dict[date, float]:
    days: dict[date, float] = defaultdict(float)
    for session in sessions:
        days[session.day] += session.speaking_seconds / 60
    return dict(days)


def streaks(days: set[date], today: date) -> Streak:
    """Consecutive practice days; the current streak survives until the end of the day after."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    cursor = today if today in days else today - timedelta(days=1)
    while cursor in days:
        current += 1
        cursor -= timedelta(days=1)
    return Streak(current, longest)


def category_averages(sessions: Iterable[SessionFact]) -> dict[str, float]:
    values: dict[str, list[float]] = defaultdict(list)
    for session in sessions:
        for answer in session.answers:
            average = answer.self_average
            if average is not None:
                values[answer.category].append(average)
    return {category: fmean(v) for category, v in values.items()}


def weakest_criteria(
    sessions: Sequence[SessionFact], recent: int = ROLLING_WINDOW, limit: int = 3
) -> tuple[tuple[str, float], ...]:
    """The lowest average self-scores over the last `recent` scored sessions."""
    scored = [s for s in sessions if s.self_average is not None][-recent:]
    values: dict[str, list[int]] = defaultdict(list)
    for answer in _answers(scored):
        for criterion, value in answer.self_scores.items():
            values[criterion].append(value)
    ranked = sorted(((c, fmean(v)) for c, v in values.items()), key=lambda item: (item[1], item[0]))
    return tuple(ranked[:limit])


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


def criterion_changes(
    sessions: Sequence[SessionFact],
    names: Mapping[str, str],
    window: int = ROLLING_WINDOW,
    *,
    compare_first: bool = False,
) -> list[Change]:
    """Each criterion's average over its last `window` scored sessions against the `window` before
    (or, with `compare_first`, against its first `window` sessions)."""
    changes = []
    criteria = {c for a in _answers(sessions) for c in a.self_scores}
    for criterion in sorted(criteria):
        series = [p.value for p in criterion_series(sessions, criterion)]
        if len(series) < 2 * window:
            continue
        earlier = series[:window] if compare_first else series[-2 * window : -window]
        before, after = fmean(earlier), fmean(series[-window:])
        changes.append(Change(criterion, names.get(criterion, criterion), before, after))
    return sorted(changes, key=lambda c: -abs(c.delta))


def personal_bests(sessions: Sequence[SessionFact], today: date) -> tuple[str, ...]:
    """Plain statements of the best session, the longest streak and the most improved question."""
    found: list[str] = []
    scored = [(s, s.self_average) for s in sessions if s.self_average is not None]
    if scored:
        best, value = max(scored, key=lambda item: (item[1] or 0.0, item[0].started_at))
        found.append(f"Best session: {value:.1f} average on {best.day:%d %b %Y}")
    streak = streaks(set(practice_minutes(sessions)), today)
    if streak.longest > 1:
        found.append(f"Longest streak: {streak.longest} days in a row")
    by_question: dict[str, list[AnswerFact]] = defaultdict(list)
    for answer in _answers(sessions):
        if answer.self_average is not None:
            by_question[answer.question_key].append(answer)
    climbs = [
        (attempts[-1].self_average - attempts[0].self_average, attempts)  # type: ignore[operator]
        for attempts in by_question.values()
        if len(attempts) >= 2
    ]
    if climbs:
        gain, attempts = max(climbs, key=lambda item: item[0])
        if gain >= 1.0:
            first, last = attempts[0].self_average or 0.0, attempts[-1].self_average or 0.0
            found.append(
                f"Most improved question: \u201c{_short(attempts[0].question_text)}\u201d "
                f"{first:.1f} \N{RIGHTWARDS ARROW} {last:.1f} over {len(attempts)} attempts"
            )
    longest_session = max(sessions, key=lambda s: s.speaking_seconds, default=None)
    if longest_session is not None and longest_session.speaking_seconds >= 60:
        found.append(
            f"Most speaking in one session: {longest_session.speaking_seconds / 60:.0f} min on "
            f"{longest_session.day:%d %b %Y}"
        )
    return tuple(found)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
