"""Small checks shared by the bank and rubric parsers, each returning a user-facing problem or None."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class EntryError(ValueError):
    """One field of one entry is wrong; the message is shown to the user as is."""


def require_text(entry: Mapping[str, Any], key: str, *, allow_empty: bool = False) -> str:
    value = entry.get(key)
    if value is None:
        raise EntryError(f"'{key}' is missing")
    if not isinstance(value, str):
        raise EntryError(f"'{key}' must be text, not {type(value).__name__}")
    value = value.strip()
    if not value and not allow_empty:
        raise EntryError(f"'{key}' is empty")
    return value


def optional_text(entry: Mapping[str, Any], key: str) -> str:
    return require_text(entry, key, allow_empty=True) if key in entry else ""


def require_slug(entry: Mapping[str, Any], key: str) -> str:
    value = require_text(entry, key)
    if not SLUG.match(value):
        raise EntryError(f"'{key}' = {value!r} must use lowercase letters, digits and '-' only")
    return value


def require_int(entry: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = entry.get(key)
    if value is None:
        raise EntryError(f"'{key}' is missing")
    if isinstance(value, bool) or not isinstance(value, int):
        raise EntryError(f"'{key}' must be a whole number of seconds, not {value!r}")
    if not low <= value <= high:
        raise EntryError(f"'{key}' = {value} is outside {low}-{high}")
    return value


def text_list(entry: Mapping[str, Any], key: str, *, min_items: int, slugs: bool = False) -> tuple[str, ...]:
    value = entry.get(key, [] if min_items == 0 else None)
    if value is None:
        raise EntryError(f"'{key}' is missing")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EntryError(f"'{key}' must be a list of text")
    items = tuple(v.strip() for v in value if v.strip())
    if len(items) < min_items:
        raise EntryError(f"'{key}' needs at least {min_items} item{'s' if min_items > 1 else ''}")
    if slugs:
        bad = [v for v in items if not SLUG.match(v)]
        if bad:
            raise EntryError(f"'{key}' has {bad[0]!r}: use lowercase letters, digits and '-' only")
    return items
