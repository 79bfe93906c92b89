"""One rule for how times read: elapsed times count whole seconds gone, countdowns the seconds left."""

from __future__ import annotations

import math

import pytest

from interview_coach.domain.time_format import clock_text, duration_text


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (0.4, "0:00"),
        (0.999, "0:00"),
        (1, "0:01"),
        (59.5, "0:59"),
        (59.999, "0:59"),
        (60, "1:00"),
        (61.5, "1:01"),
        (599.9, "9:59"),
        (3600, "60:00"),
        (-0.5, "0:00"),
        (-61.5, "0:00"),
        (math.nan, "0:00"),
    ],
)
def test_an_elapsed_time_counts_the_whole_seconds_gone(seconds: float, shown: str) -> None:
    assert clock_text(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (0.0005, "0:00"),
        (0.1, "0:01"),
        (1, "0:01"),
        (1.2, "0:02"),
        (59.5, "1:00"),
        (60, "1:00"),
        (60.0000001, "1:00"),
        (60.5, "1:01"),
        (119.01, "2:00"),
        (-3, "0:00"),
        (math.inf, "0:00"),
    ],
)
def test_a_countdown_reads_zero_only_once_the_time_is_up(seconds: float, shown: str) -> None:
    assert clock_text(seconds, countdown=True) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0 s"),
        (0.4, "0 s"),
        (0.5, "1 s"),
        (45, "45 s"),
        (59.4, "59 s"),
        (59.5, "1 min"),
        (60, "1 min"),
        (62.5, "1 min 3 s"),
        (125, "2 min 5 s"),
        (120, "2 min"),
        (-4, "0 s"),
    ],
)
def test_a_written_length_rounds_to_the_nearest_second_halves_up(seconds: float, shown: str) -> None:
    assert duration_text(seconds) == shown
