"""The parts of a Progress report, from the per-session aggregate tables.

What grows with the practice is kept to one lean pass over the sessions in range (the overall and
length lines, thinned by `trend_line`); everything else is added up by SQLite. Each criterion's line is
made when it is asked for (`criterion_trend`), and the ends of each criterion's series that "what
changed" compares are read newest and oldest first, stopping once every criterion has its sessions.
The results equal `domain.progress.report_from_rows` over every session (tests hold them to it).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from interview_coach.domain.progress import (
    ROLLING_WINDOW,
    Point,
    RangeTotals,
    ReportParts,
    TrendLine,
    trend_from_offsets,
    trend_line,
)
from interview_coach.storage.clock import from_text, to_text

# A stored moment as whole milliseconds (SQLite keeps times so: exact, and no parsing in Python).
_MILLISECONDS = "CAST(ROUND((julianday(s.started_at) - 2440587.5) * 86400000.0) AS INTEGER)"

# Sessions with answers (those with a totals row); the range is `s.started_at >= :since` ('' for all).
_SESSIONS = "FROM sessions s INDEXED BY sessions_by_start JOIN session_totals t ON t.session_id = s.id"
_IN_RANGE = f"{_SESSIONS} WHERE s.started_at >= :since"
_CRITERIA_IN_RANGE = f"{_SESSIONS} JOIN session_criteria c ON c.session_id = s.id WHERE s.started_at >= :since"


def range_start(since: datetime | None) -> str:
    return to_text(since) if since is not None else ""


def report_parts(connection: sqlite3.Connection, since: datetime | None) -> ReportParts:
    params: dict[str, Any] = {"since": range_start(since), "window": ROLLING_WINDOW}
    lines: dict[str, tuple[list[int], list[float]]] = {"overall": ([], []), "length": ([], []), "limit": ([], [])}
    first: tuple[datetime, int] | None = None
    for started_at, ms, total, count, timed, seconds, limits in connection.execute(
        f"""SELECT s.started_at, {_MILLISECONDS}, t.self_total, t.self_count, t.timed, t.timed_seconds,
                   t.timed_limit_seconds
            {_IN_RANGE} AND (t.self_count > 0 OR t.timed > 0) ORDER BY s.started_at, s.id""",
        params,
    ):
        if first is None:
            first = (from_text(started_at), ms)
        offset = (ms - first[1]) * 1000  # microseconds, as trend_line counts them
        if count:
            _add(lines["overall"], offset, total / count)
        if timed:
            _add(lines["length"], offset, seconds / timed / 60)
            _add(lines["limit"], offset, limits / timed / 60)
    trends = {key: _line(first, *line) for key, line in lines.items()}
    # All time needs no join: only sessions with answers have criterion rows.
    source = f"{_CRITERIA_IN_RANGE}" if params["since"] else "FROM session_criteria c WHERE 1"
    counts = {
        str(criterion): int(count)
        for criterion, count in connection.execute(
            f"SELECT c.criterion_id, SUM(c.self_count) {source} GROUP BY c.criterion_id", params
        )
    }
    return ReportParts(
        totals=_totals(connection, params),
        criterion_counts=counts,
        criterion_ends=_criterion_ends(connection, params, counts),
        weakest_sums=_weakest_sums(connection, params),
        practice_days=practice_days(connection),
        best_session=_one_session(
            connection,
            "t.self_total * 1.0 / t.self_count",
            "t.self_count > 0",
            "t.self_total * 1.0 / t.self_count DESC, s.started_at DESC, s.id",
        ),
        longest_session=_one_session(
            connection, "t.speaking_seconds", "1", "t.speaking_seconds DESC, s.started_at, s.id"
        ),
        overall_trend=trends["overall"],
        length_trend=trends["length"],
        limit_trend=trends["limit"],
    )


def _add(line: tuple[list[int], list[float]], offset: int, value: float) -> None:
    line[0].append(offset)
    line[1].append(value)


def _line(first: tuple[datetime, int] | None, offsets: list[int], values: list[float]) -> TrendLine:
    """A line whose points are counted from the range's first session: moved to start at its own first."""
    if first is None or not offsets:
        return TrendLine((), (), 0.0)
    start = offsets[0]
    moved = first[0] + timedelta(microseconds=start)
    return trend_from_offsets(moved, [offset - start for offset in offsets], values)


def criterion_trend(connection: sqlite3.Connection, since: datetime | None, criterion: str) -> TrendLine:
    """One criterion's mean per session in range, as the chart draws it."""
    rows = connection.execute(
        f"""SELECT s.started_at, c.self_total * 1.0 / c.self_count {_CRITERIA_IN_RANGE} AND c.criterion_id = :criterion
            ORDER BY s.started_at, s.id""",
        {"since": range_start(since), "criterion": criterion},
    )
    return trend_line([Point(from_text(started_at), value) for started_at, value in rows])


def _criterion_ends(
    connection: sqlite3.Connection, params: Mapping[str, Any], criteria: Collection[str]
) -> dict[str, list[Point]]:
    """Per criterion, its first window of sessions in range and its last two windows, in time order.

    Sessions are read from each end of the range and the reading stops once every criterion has its
    sessions: a few dozen rows, not every session (a rarely scored criterion reads further)."""
    window = ROLLING_WINDOW
    query = f"""SELECT c.criterion_id, s.started_at, c.self_total * 1.0 / c.self_count {_CRITERIA_IN_RANGE}
                ORDER BY s.started_at {{0}}, s.id {{0}}"""
    latest = _first_of_each(connection, query.format("DESC"), params, criteria, 2 * window)
    earliest = _first_of_each(connection, query.format("ASC"), params, criteria, window)
    ends: dict[str, list[Point]] = {}
    for criterion, newest_first in latest.items():
        last = newest_first[::-1]
        if len(last) < 2 * window:
            continue  # too few sessions to compare (criterion_changes skips it)
        ends[criterion] = earliest[criterion] + last
    return ends


def _first_of_each(
    connection: sqlite3.Connection, query: str, params: Mapping[str, Any], criteria: Collection[str], wanted: int
) -> dict[str, list[Point]]:
    found: dict[str, list[Point]] = {criterion: [] for criterion in criteria}
    missing = len(found)
    rows = connection.execute(query, params)
    try:
        for criterion, started_at, value in rows:
            points = found.setdefault(criterion, [])
            if len(points) < wanted:
                points.append(Point(from_text(started_at), value))
                missing -= len(points) == wanted
                if not missing:
                    break
    finally:
        rows.close()  # ends the read at once (a statement left open would hold its snapshot)
    return found


def _totals(connection: sqlite3.Connection, params: Mapping[str, Any]) -> RangeTotals:
    row = connection.execute(
        f"""SELECT COUNT(*), COUNT(CASE WHEN t.self_count > 0 THEN 1 END), TOTAL(t.answered),
                   TOTAL(t.speaking_seconds), MIN(s.started_at), TOTAL(t.timed),
                   TOTAL(CASE WHEN t.timed > 0 THEN t.timed_over END)
            {_IN_RANGE}""",
        params,
    ).fetchone()
    return RangeTotals(
        session_count=int(row[0]),
        scored_session_count=int(row[1]),
        answer_count=int(row[2]),
        speaking_seconds=float(row[3]),
        first_start=from_text(row[4]) if row[4] is not None else None,
        timed_answers=int(row[5]),
        over_limit_answers=int(row[6]),
    )


def _weakest_sums(connection: sqlite3.Connection, params: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """Per criterion, its (sum, count) over the last ROLLING_WINDOW scored sessions in range."""
    rows = connection.execute(
        f"""SELECT c.criterion_id, SUM(c.self_total), SUM(c.self_count) FROM session_criteria c
            WHERE c.session_id IN (SELECT s.id {_IN_RANGE} AND t.self_count > 0
                                   ORDER BY s.started_at DESC, s.id DESC LIMIT :window)
            GROUP BY c.criterion_id""",
        params,
    )
    return {str(criterion): (int(total), int(count)) for criterion, total, count in rows}


def practice_days(connection: sqlite3.Connection, *, answered_only: bool = False) -> dict[date, float]:
    """Minutes spoken per local day, all time (SQLite's localtime is the C library's, as Python's is);
    `answered_only`: only days with a session that has an answer not skipped (Today's streak)."""
    rows = connection.execute(
        f"""SELECT date(s.started_at, 'localtime') AS day, TOTAL(t.speaking_seconds) {_IN_RANGE}
            {"AND t.answered > 0" if answered_only else ""} GROUP BY day""",
        {"since": ""},
    )
    return {date.fromisoformat(day): seconds / 60 for day, seconds in rows if day is not None}


def _one_session(connection: sqlite3.Connection, value: str, where: str, order: str) -> Point | None:
    row = connection.execute(
        f"SELECT s.started_at, {value} {_IN_RANGE} AND {where} ORDER BY {order} LIMIT 1", {"since": ""}
    ).fetchone()
    return Point(from_text(row[0]), float(row[1])) if row is not None else None
