"""The one JSON loader for anything that came from somewhere else: archives' manifests, scores files,
drafts, and the JSON columns of a database being restored.

Python's json module trusts its input: a few kilobytes of `[` end in a RecursionError, a number of 5,000
digits in `ValueError: Exceeds the limit (4300 digits)` (or a number Python cannot print back), and it
accepts NaN, Infinity, a key given twice (the last one silently wins) and lone surrogates that fail later,
when the text is written to the database or the terminal. `load_json` refuses all of these, and any
other problem, with JsonFormatError, whose message completes a sentence such as "its manifest ...".
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 32  # the app's own documents nest at most 5 deep
MAX_INT_DIGITS = 19  # every whole number SQLite can store (64 bits)
MAX_FLOAT_CHARS = 64
MAX_STORED_JSON_BYTES = 16 * 1024 * 1024  # one JSON column: snapshots and settings are kilobytes
_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonFormatError(ValueError):
    """JSON that is not safe to use; the message says why ("is not valid JSON (...)", "nests too deeply")."""


def load_json(data: bytes | str, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """The value `data` holds, once it is at most `max_bytes`, UTF-8, valid JSON, at most `max_depth` deep,
    without NaN or Infinity, numbers of 64 bits at most, keys given once and text that is valid Unicode."""
    if isinstance(data, str):
        if len(data) > max_bytes or len(data.encode("utf-8", "surrogatepass")) > max_bytes:
            raise JsonFormatError(f"is larger than {max_bytes} bytes")
        text = data
    else:
        if len(data) > max_bytes:
            raise JsonFormatError(f"is larger than {max_bytes} bytes")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise JsonFormatError(f"is not UTF-8 text (a bad byte at {error.start})") from error
    if text.startswith("\ufeff"):
        raise JsonFormatError("starts with a byte-order mark")
    try:
        value = json.loads(
            text,
            parse_int=_whole_number,
            parse_float=_number,
            parse_constant=_constant,
            object_pairs_hook=_object,
        )
    except RecursionError as error:
        raise JsonFormatError("nests too deeply") from error
    except JsonFormatError:
        raise
    except json.JSONDecodeError as error:
        raise JsonFormatError(f"is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})") from error
    except (ValueError, TypeError, OverflowError) as error:
        raise JsonFormatError(f"is not valid JSON ({error})") from error
    _check_shape(value, max_depth)
    return value


def stored_object(text: object) -> dict[str, Any]:
    """A JSON object kept in a database column, or {} when it is missing, unreadable or not an object.

    For readers that must carry on whatever one row holds (exports, packs); a restored database has
    had every such column checked already (`storage/database_contents.py`).
    """
    if not isinstance(text, str | bytes):
        return {}
    try:
        value = load_json(text, max_bytes=MAX_STORED_JSON_BYTES)
    except JsonFormatError:
        return {}
    return value if isinstance(value, dict) else {}


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonFormatError(f"holds a number with more than {MAX_INT_DIGITS} digits")
    value = int(text)
    if not -(2**63) <= value < 2**63:
        raise JsonFormatError("holds a whole number too large to store")
    return value


def _number(text: str) -> float:
    if len(text) > MAX_FLOAT_CHARS:
        raise JsonFormatError(f"holds a number written with more than {MAX_FLOAT_CHARS} characters")
    value = float(text)
    if not math.isfinite(value):
        raise JsonFormatError("holds a number too large to use")
    return value


def _constant(name: str) -> Any:
    raise JsonFormatError(f"holds {name}, which is not a number")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise JsonFormatError(f"gives the key {_short(key)} twice")
        result[key] = value
    return result


def _check_shape(value: Any, max_depth: int) -> None:
    """Depth and text, without recursion (a hostile document must not be able to exhaust the stack)."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise JsonFormatError("holds text that is not valid Unicode (a lone surrogate)")
        elif isinstance(item, dict | list):
            if depth > max_depth:
                raise JsonFormatError(f"nests more than {max_depth} levels deep")
            if isinstance(item, dict):
                pending.extend((key, depth) for key in item)
                pending.extend((child, depth + 1) for child in item.values())
            else:
                pending.extend((child, depth + 1) for child in item)


def _short(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= 42 else shown[:39] + "..."
