"""How times read on screen and in reports, so one rule decides the rounding everywhere.

An elapsed time or a length counts the whole seconds gone, as any player does: 59.9 s is 0:59, and an
answer clock reaches its limit's 1:00 only when the minute is up. A countdown counts the seconds still
left, so it reads 0:00 only once the time is up (0.1 s left is 0:01). Written lengths ("1 min 5 s")
round to the nearest second, halves up.
"""

from __future__ import annotations

import math

# A countdown computed from a monotonic clock lands a hair over a whole second (60.0000001 s left at
# the start of a minute); that hair must not show as one more second.
COUNTDOWN_TOLERANCE = 0.001


def clock_text(seconds: float, *, countdown: bool = False) -> str:
    """`m:ss`; nothing, or less than nothing, is 0:00."""
    if not math.isfinite(seconds) or seconds <= 0:
        whole = 0
    elif countdown:
        whole = math.ceil(seconds - COUNTDOWN_TOLERANCE)
    else:
        whole = math.floor(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def duration_text(seconds: float) -> str:
    """`45 s`, `2 min`, `2 min 5 s`."""
    whole = math.floor(seconds + 0.5) if math.isfinite(seconds) and seconds > 0 else 0
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"
