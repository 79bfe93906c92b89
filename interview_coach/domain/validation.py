"""The one validation toolkit for data read from files: banks, rubrics, review packs, backups, settings.

Strict checks raise a user-facing EntryError (the bank and rubric parsers; the pack and backup readers
wrap the same checks in their own error types). Lenient readers (`text_or_empty`, `texts_in`) take
what is usable from data the app wrote itself (snapshots, settings) and default the rest.
The data comes from files anyone can edit, so a message never repeats a value whole: a wrong value is
named by its kind, or quoted short with control characters escaped, and every message is one line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timezone
from typing import Any, TypeGuard

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # use fullmatch: $ alone lets a final line break in

MAX_TEXT = 5000  # characters in one text field; the longest shipped one has about 600
MAX_SLUG = 64  # characters in an id, category or tag
MAX_ITEMS = 100  # entries in one list (tags, follow-ups, criteria, levels)
# Control characters (but tab and line breaks) would garble the window and could drive a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_QUOTE_LIMIT = 40


def moment_problem(text: str) -> str | None:
    """Why `text` is not a date and time as the app writes them (ISO 8601 with its time zone, in years
    1970-9998), as a phrase to follow "is ...,"; None when it is one. Shared by every reader of
    archives and restored databases."""
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None or moment.utcoffset() is None:
            return "a time without its time zone"
        year = moment.astimezone(timezone.utc).year
    except (ValueError, OverflowError):
        return "not a date and time"
    return None if 1970 <= year <= 9998 else "a time out of range"


class EntryError(ValueError):
    """One field of one entry is wrong; the message is shown to the user as is."""


def quote(value: str) -> str:
    """A short, one-line, escaped rendering of a text value for a message."""
    shown = repr(value if len(value) <= _QUOTE_LIMIT else value[:_QUOTE_LIMIT] + "…")
    # Escapes (\U0003134b for a character with no glyph) can make even 40 characters ten times as long.
    return shown if len(shown) <= 2 * _QUOTE_LIMIT else shown[: 2 * _QUOTE_LIMIT] + "…"


def kind(value: object) -> str:
    """What sort of value this is, in the file's terms."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, (date, time)):
        return "a date or time"
    return f"a {type(value).__name__}"


def describe(value: object) -> str:
    """A wrong value for a message: small scalars as written, anything else by its kind."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return quote(value)
    return kind(value)


def number(value: int) -> str:
    return str(value) if -(10**12) < value < 10**12 else f"{value:.3g}"


def check_text(value: str, what: str, *, max_length: int = MAX_TEXT) -> None:
    """Raises for text too long or holding control characters; `what` names the field in the message."""
    if len(value) > max_length:
        raise EntryError(f"{what} is {len(value)} characters long; the limit is {max_length}")
    control = _CONTROL.search(value)
    if control:
        raise EntryError(f"{what} holds a control character ({repr(control.group())[1:-1]})")


def require_text(entry: Mapping[str, Any], key: str, *, allow_empty: bool = False, max_length: int = MAX_TEXT) -> str:
    value = entry.get(key)
    if value is None:
        raise EntryError(f"'{key}' is missing")
    if not isinstance(value, str):
        raise EntryError(f"'{key}' must be text, not {describe(value)}")
    check_text(value, f"'{key}'", max_length=max_length)
    value = value.strip()
    if not value and not allow_empty:
        raise EntryError(f"'{key}' is empty")
    return value


def optional_text(entry: Mapping[str, Any], key: str, *, max_length: int = MAX_TEXT) -> str:
    return require_text(entry, key, allow_empty=True, max_length=max_length) if key in entry else ""


def require_slug(entry: Mapping[str, Any], key: str) -> str:
    value = require_text(entry, key, max_length=MAX_SLUG)
    if not SLUG.fullmatch(value):
        raise EntryError(f"'{key}' = {quote(value)} must use lowercase letters, digits and '-' only")
    return value


def require_int(entry: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = entry.get(key)
    if value is None:
        raise EntryError(f"'{key}' is missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise EntryError(f"'{key}' must be a whole number, not {describe(value)}")
    if not low <= value <= high:
        raise EntryError(f"'{key}' = {number(value)} is outside {low}-{high}")
    return value


def text_list(
    entry: Mapping[str, Any], key: str, *, min_items: int, slugs: bool = False, max_items: int = MAX_ITEMS
) -> tuple[str, ...]:
    value = entry.get(key, [] if min_items == 0 else None)
    if value is None:
        raise EntryError(f"'{key}' is missing")
    if not isinstance(value, list):
        raise EntryError(f"'{key}' must be a list of text, not {describe(value)}")
    if len(value) > max_items:
        raise EntryError(f"'{key}' has {len(value)} items; the limit is {max_items}")
    wrong = [v for v in value if not isinstance(v, str)]
    if wrong:
        raise EntryError(f"'{key}' must be a list of text, not a list holding {kind(wrong[0])}")
    longest = max(value, key=len, default="")
    if len(longest) > (MAX_SLUG if slugs else MAX_TEXT):
        raise EntryError(
            f"'{key}' has an item {len(longest)} characters long; the limit is {MAX_SLUG if slugs else MAX_TEXT}"
        )
    for item in value:
        check_text(item, f"'{key}'")
    items = tuple(v.strip() for v in value if v.strip())
    if len(items) < min_items:
        raise EntryError(f"'{key}' needs at least {min_items} item{'s' if min_items > 1 else ''}")
    if slugs:
        bad = [v for v in items if not SLUG.fullmatch(v)]
        if bad:
            raise EntryError(f"'{key}' has {quote(bad[0])}: use lowercase letters, digits and '-' only")
    return items


def is_int(value: object) -> TypeGuard[int]:
    """A whole number, and not true/false (which Python counts as 0 and 1)."""
    return isinstance(value, int) and not isinstance(value, bool)


def text_or_empty(data: Mapping[str, Any], key: str) -> str:
    """Lenient: the text under `key`, or "" when it is missing or not text."""
    value = data.get(key)
    return value if isinstance(value, str) else ""


def texts_in(value: object) -> tuple[str, ...]:
    """Lenient: the text items of a list, dropping anything else; () when it is not a list."""
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list | tuple) else ()
