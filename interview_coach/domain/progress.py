"""Progress over time: score trends, answer length against the limit, practice days and streaks,
scores by category, the weakest spots, and improvements worth saying out loud.

Self-scores drive the trends (they exist for every scored answer); friends' scores are shown beside
them elsewhere. All functions take sessions oldest first unless they say otherwise.

The report is made from one small row per session (`SessionRow`: its totals and its self-score sums
per criterion) plus `AnswerFigures` (what needs single answers). The app reads both from the
database's aggregate tables (`storage/progress_queries.py`), so a year of practice is a few thousand
tuples; `build_report` makes the same report from sessions in memory (tests, the reference).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate, pairwise
from statistics import fmean
from typing import TYPE_CHECKING, NamedTuple

from interview_coach.domain.calibration import CriterionCalibration
from interview_coach.domain.history import HistoryData, SessionFact
from interview_coach.domain.progress_figures import AnswerFigures, ImprovedQuestion, WeakQuestion, answer_figures
from interview_coach.domain.wording import count_of

__all__ = ["AnswerFigures", "ImprovedQuestion", "WeakQuestion"]  # re-exported: the report's parts

if TYPE_CHECKING:
    from interview_coach.domain.delivery_progress import ScoreAgainstMeasure

ROLLING_WINDOW = 5  # sessions in the rolling average and in "over the last N sessions"
CHART_POINTS = 150  # a chart a few hundred pixels wide shows no more; drawing thousands costs ~100 ms
MIN_CHANGE = 0.3  # a change smaller than this is noise in 1-5 self-scores
MICROSECOND = timedelta(microseconds=1)
MICROSECONDS_PER_DAY = 86_400_000_000


class Point(NamedTuple):  # a tuple: a report makes one per session and criterion
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
class TrendLine:
    """What a chart draws of a series: dots and their rolling average, each at most CHART_POINTS."""

    dots: tuple[Point, ...]
    rolling: tuple[Point, ...]
    span_days: float  # how many days one dot stands for (0: one dot per session)


class SessionRow(NamedTuple):
    """One session as Progress needs it (a tuple: thousands are made per report)."""

    started_at: datetime
    answered: int
    speaking_seconds: float
    self_total: int
    self_count: int
    timed: int  # answered with a length and a limit
    timed_seconds: float
    timed_limit_seconds: float
    timed_over: int
    criteria: Mapping[str, tuple[int, int]]  # criterion -> (sum, count) of the current self-scores


def session_row(session: SessionFact) -> SessionRow:
    t = session.totals
    if t is not None:
        return SessionRow(
            session.started_at,
            t.answer_count,
            t.speaking_seconds,
            t.self_total,
            t.self_count,
            t.timed,
            t.timed_seconds,
            t.timed_limit_seconds,
            t.timed_over,
            t.criteria,
        )
    criteria = session.criterion_totals
    timed, seconds, limits, over = session.timing
    return SessionRow(
        session.started_at,
        session.answer_count,
        session.speaking_seconds,
        sum(total for total, _ in criteria.values()),
        sum(count for _, count in criteria.values()),
        timed,
        seconds,
        limits,
        over,
        criteria,
    )


@dataclass(frozen=True)
class ProgressReport:
    criteria: tuple[str, ...]  # every criterion scored in range, most scored first
    criterion_names: Mapping[str, str]
    session_count: int  # sessions with answers in the range
    answer_count: int
    speaking_seconds: float
    first_day: date | None  # of the range's first session
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
    calibration: tuple[CriterionCalibration, ...]  # self against friends, widest gap first
    # The charts' lines, thinned with the rest in the background: showing them only draws.
    overall_trend: TrendLine  # each session's mean of all criteria (a criterion's line is made when asked)
    length_trend: TrendLine  # answer length in minutes
    limit_trend: TrendLine  # the limit in minutes (its rolling average is drawn)
    timed_answers: int
    over_limit_answers: int
    scored_session_count: int = 0  # sessions in range with self-scores ("best session" needs two)
    # Delivery analysis (issue 15), per session oldest first, by DeliveryFigure key; made in the background.
    delivery_trends: Mapping[str, tuple[Point, ...]] = field(default_factory=dict)
    delivery_analysed: int = 0  # analysed answers in range
    delivery_calibration: tuple[ScoreAgainstMeasure, ...] = ()

    def name(self, criterion: str) -> str:
        return self.criterion_names.get(criterion) or criterion.replace("-", " ").capitalize()


def build_report(
    history: HistoryData, *, since: datetime | None, today: date, figures: AnswerFigures | None = None
) -> ProgressReport:
    """From sessions in memory; `figures` may be left out when they are complete (with their answers)."""
    everything = tuple(reversed(history.sessions))  # oldest first
    if figures is None:
        in_range = tuple(s for s in everything if since is None or s.started_at >= since)
        figures = answer_figures(in_range, everything, today, history.criterion_names)
    rows = [session_row(s) for s in everything]
    return report_from_rows(rows, since=since, today=today, names=history.criterion_names, figures=figures)


@dataclass(frozen=True)
class RangeTotals:
    """The sessions in a report's range, added up."""

    session_count: int = 0
    scored_session_count: int = 0
    answer_count: int = 0
    speaking_seconds: float = 0.0
    first_start: datetime | None = None  # of the range's first session
    timed_answers: int = 0
    over_limit_answers: int = 0


@dataclass(frozen=True)
class ReportParts:
    """What a report is made of, whether added up in memory (`report_from_rows`) or by the database's
    aggregate queries (storage/progress_queries.py): `assemble_report` turns either into the report."""

    totals: RangeTotals
    criterion_counts: Mapping[str, int]  # self-scores per criterion in range
    # Per criterion, each session's mean, oldest first: only the first window and the last two are
    # needed (`criterion_changes`), so the database sends just those.
    criterion_ends: Mapping[str, Sequence[Point]]
    weakest_sums: Mapping[str, tuple[int, int]]  # (sum, count) over the last scored sessions in range
    practice_days: Mapping[date, float]  # minutes spoken per day, all time
    best_session: Point | None  # all time: the highest session mean (the latest of equals)
    longest_session: Point | None  # all time: the most seconds of speaking (the first of equals)
    overall_trend: TrendLine
    length_trend: TrendLine
    limit_trend: TrendLine


def report_from_rows(
    rows: Sequence[SessionRow],
    *,
    since: datetime | None,
    today: date,
    names: Mapping[str, str],
    figures: AnswerFigures,
) -> ProgressReport:
    """`rows`: every session with answers, oldest first (the range is taken here; days are all time)."""
    in_range = [r for r in rows if since is None or r.started_at >= since]
    counts: dict[str, int] = defaultdict(int)
    means: dict[str, list[Point]] = defaultdict(list)  # per criterion, each session's mean
    for row in in_range:
        for criterion, (total, count) in row.criteria.items():
            counts[criterion] += count
            means[criterion].append(Point(row.started_at, total / count))
    overall = [Point(r.started_at, r.self_total / r.self_count) for r in in_range if r.self_count]
    timed = [r for r in in_range if r.timed]
    scored = [(r, r.self_total / r.self_count) for r in rows if r.self_count]
    best = max(scored, key=lambda item: (item[1], item[0].started_at), default=None)
    longest = max(rows, key=lambda r: r.speaking_seconds, default=None)
    parts = ReportParts(
        totals=RangeTotals(
            session_count=len(in_range),
            scored_session_count=len(overall),
            answer_count=sum(r.answered for r in in_range),
            speaking_seconds=sum(r.speaking_seconds for r in in_range),
            first_start=in_range[0].started_at if in_range else None,
            timed_answers=sum(r.timed for r in timed),
            over_limit_answers=sum(r.timed_over for r in timed),
        ),
        criterion_counts=counts,
        criterion_ends=means,
        weakest_sums=_criterion_sums([r for r in in_range if r.self_count][-ROLLING_WINDOW:]),
        practice_days=practice_minutes(rows),
        best_session=Point(best[0].started_at, best[1]) if best is not None else None,
        longest_session=Point(longest.started_at, longest.speaking_seconds) if longest is not None else None,
        overall_trend=trend_line(overall),
        length_trend=trend_line([Point(r.started_at, r.timed_seconds / r.timed / 60) for r in timed]),
        limit_trend=trend_line([Point(r.started_at, r.timed_limit_seconds / r.timed / 60) for r in timed]),
    )
    return assemble_report(parts, today=today, names=names, figures=figures)


def assemble_report(
    parts: ReportParts, *, today: date, names: Mapping[str, str], figures: AnswerFigures
) -> ProgressReport:
    totals, counts, days = parts.totals, parts.criterion_counts, dict(parts.practice_days)
    changes = criterion_changes(parts.criterion_ends, names)
    return ProgressReport(
        criteria=tuple(sorted(counts, key=lambda c: (-counts[c], c))),
        criterion_names=names,
        session_count=totals.session_count,
        scored_session_count=totals.scored_session_count,
        answer_count=totals.answer_count,
        speaking_seconds=totals.speaking_seconds,
        first_day=totals.first_start.astimezone().date() if totals.first_start is not None else None,
        practice_days=days,
        streak=streaks(set(days), today),
        category_averages=figures.category_averages,
        recent_category_averages=figures.recent_category_averages,
        weakest_criteria=rank_weakest(parts.weakest_sums),
        weakest_questions=figures.weakest_questions,
        improvements=tuple(c for c in changes if c.delta >= MIN_CHANGE),
        declines=tuple(c for c in changes if c.delta <= -MIN_CHANGE),
        since_start=tuple(criterion_changes(parts.criterion_ends, names, compare_first=True)),
        personal_bests=personal_bests(parts.best_session, parts.longest_session, days, today, figures.most_improved),
        calibration=figures.calibration,
        overall_trend=parts.overall_trend,
        length_trend=parts.length_trend,
        limit_trend=parts.limit_trend,
        timed_answers=totals.timed_answers,
        over_limit_answers=totals.over_limit_answers,
    )


def trend_line(points: Sequence[Point], limit: int = CHART_POINTS) -> TrendLine:
    """The dots and the rolling average of `points`, both thinned as `thinned` does."""
    if not points:
        return TrendLine((), (), 0.0)
    first = points[0].when
    return trend_from_offsets(
        first, [(p.when - first) // MICROSECOND for p in points], [p.value for p in points], limit
    )


def trend_from_offsets(
    first: datetime, offsets: Sequence[int], values: Sequence[float], limit: int = CHART_POINTS
) -> TrendLine:
    """`trend_line` of points given as whole microseconds after `first` (oldest first) and their values.

    Whole microseconds keep the sums exact, so the database's integer times (storage/progress_parts.py)
    land on the same buckets and moments. With the points in time order (sorted first if they are not),
    each bucket is a slice found by bisection and summed in C: a few hundred steps of Python, not one
    per session."""
    rolled = _rolling_values(values)
    if len(values) <= limit:
        moments = [first + timedelta(microseconds=offset) for offset in offsets]
        return TrendLine(tuple(map(Point, moments, values)), tuple(map(Point, moments, rolled)), 0.0)
    width = offsets[-1] / limit
    if not width:  # all at one moment
        return TrendLine((Point(first, fmean(values)),), (Point(first, fmean(rolled)),), 0.0)
    if any(later < earlier for earlier, later in pairwise(offsets)):
        ordered = sorted(zip(offsets, values, rolled, strict=True))
        offsets, values, rolled = [p[0] for p in ordered], [p[1] for p in ordered], [p[2] for p in ordered]
    # Bucket b holds the points with b <= offset / width < b + 1; the last also holds the end point.
    edges = [bisect_left(offsets, float(bucket), key=lambda offset: offset / width) for bucket in range(1, limit)]
    dots, rolling_dots = [], []
    for start, end in zip([0, *edges], [*edges, len(offsets)], strict=True):
        if start == end:
            continue
        count = end - start
        when = first + timedelta(microseconds=sum(offsets[start:end]) / count)
        dots.append(Point(when, sum(values[start:end]) / count))
        rolling_dots.append(Point(when, sum(rolled[start:end]) / count))
    return TrendLine(tuple(dots), tuple(rolling_dots), width / MICROSECONDS_PER_DAY)


def _rolling_values(values: Sequence[float], window: int = ROLLING_WINDOW) -> list[float]:
    """The mean of each value and the ones before it, up to `window` values (running sums, in C)."""
    sums = list(accumulate(values, initial=0.0))
    return [(sums[end] - sums[max(0, end - window)]) / min(end, window) for end in range(1, len(sums))]


def rolling_average(points: Sequence[Point], window: int = ROLLING_WINDOW) -> list[Point]:
    """The mean of each point and the ones before it, up to `window` points."""
    return [Point(p.when, v) for p, v in zip(points, _rolling_values([p.value for p in points], window), strict=True)]


def thinned(points: Sequence[Point], limit: int = CHART_POINTS) -> tuple[list[Point], float]:
    """At most about `limit` points: the points of each of `limit` equal spans of time averaged into one
    (time and value). Returns them with the span in days (0 when nothing was merged)."""
    if len(points) <= limit:
        return list(points), 0.0
    first = points[0].when
    offsets = [(p.when - first).total_seconds() for p in points]  # seconds: float arithmetic is fast
    width = offsets[-1] / limit
    if not width:
        return [Point(first, fmean(p.value for p in points))], 0.0
    sums: dict[int, list[float]] = {}  # bucket -> [offsets, values, count]
    for offset, point in zip(offsets, points, strict=True):
        bucket = sums.setdefault(min(limit - 1, int(offset / width)), [0.0, 0.0, 0])
        bucket[0] += offset
        bucket[1] += point.value
        bucket[2] += 1
    merged = [
        Point(first + timedelta(seconds=offset / count), value / count)
        for _, (offset, value, count) in sorted(sums.items())
    ]
    return merged, width / 86_400


def length_points(sessions: Sequence[SessionFact]) -> list[LengthPoint]:
    """Per session: the average answer length against the average limit, and how many ran over."""
    points = []
    for session in sessions:
        timed, seconds, limits, over = session.timing
        if not timed:
            continue
        points.append(LengthPoint(session.started_at, seconds / timed, limits / timed, over, timed))
    return points


def practice_minutes(rows: Sequence[SessionRow]) -> dict[date, float]:
    days: dict[date, float] = defaultdict(float)
    for row in rows:
        days[row.started_at.astimezone().date()] += row.speaking_seconds / 60
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


def weakest_criteria(
    rows: Sequence[SessionRow], recent: int = ROLLING_WINDOW, limit: int = 3
) -> tuple[tuple[str, float], ...]:
    """The lowest average self-scores over the last `recent` scored sessions."""
    return rank_weakest(_criterion_sums([r for r in rows if r.self_count][-recent:]), limit)


def _criterion_sums(rows: Sequence[SessionRow]) -> dict[str, tuple[int, int]]:
    sums: dict[str, tuple[int, int]] = {}
    for row in rows:
        for criterion, (total, count) in row.criteria.items():
            before = sums.get(criterion, (0, 0))
            sums[criterion] = (before[0] + total, before[1] + count)
    return sums


def rank_weakest(sums: Mapping[str, tuple[int, int]], limit: int = 3) -> tuple[tuple[str, float], ...]:
    """The lowest averages of these (sum, count) pairs, lowest first (then by name)."""
    ranked = sorted(((c, total / count) for c, (total, count) in sums.items()), key=lambda item: (item[1], item[0]))
    return tuple(ranked[:limit])


def criterion_changes(
    means: Mapping[str, Sequence[Point]],
    names: Mapping[str, str],
    window: int = ROLLING_WINDOW,
    *,
    compare_first: bool = False,
) -> list[Change]:
    """Each criterion's average over its last `window` scored sessions against the `window` before
    (or, with `compare_first`, against its first `window` sessions). `means`: per criterion, each
    session's mean, oldest first."""
    changes = []
    for criterion in sorted(means):
        series = [p.value for p in means[criterion]]
        if len(series) < 2 * window:
            continue
        earlier = series[:window] if compare_first else series[-2 * window : -window]
        before, after = fmean(earlier), fmean(series[-window:])
        changes.append(Change(criterion, names.get(criterion, criterion), before, after))
    return sorted(changes, key=lambda c: -abs(c.delta))


def personal_bests(
    best: Point | None,
    longest: Point | None,
    days: Mapping[date, float],
    today: date,
    most_improved: ImprovedQuestion | None,
) -> tuple[str, ...]:
    """Plain statements of the best session (`best`: its start and mean), the longest streak, the most
    improved question and the most speaking in one session (`longest`: its start and seconds)."""
    found: list[str] = []
    if best is not None:
        found.append(f"Best session: {best.value:.1f} average on {best.when.astimezone():%d %b %Y}")
    streak = streaks(set(days), today)
    if streak.longest > 1:
        found.append(f"Longest streak: {count_of(streak.longest, 'day')} in a row")
    if most_improved is not None and most_improved.last - most_improved.first >= 1.0:
        found.append(
            f"Most improved question: \u201c{_short(most_improved.text)}\u201d "
            f"{most_improved.first:.1f} \N{RIGHTWARDS ARROW} {most_improved.last:.1f} "
            f"over {most_improved.attempts} attempts"
        )
    if longest is not None and longest.value >= 60:
        found.append(
            f"Most speaking in one session: {longest.value / 60:.0f} min on {longest.when.astimezone():%d %b %Y}"
        )
    return tuple(found)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
