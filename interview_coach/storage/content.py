"""Loads question banks and rubrics from disk; one bad file is reported and the others still load.

Every file is untrusted: the user's banks folder may hold anything. Before the TOML parser sees a file it
must be a regular file (not a folder, pipe or device, which could block or never end), at most 2 MiB, UTF-8
text, and of a shape the parser handles in bounded time and stack: no arrays or tables nested more than 32
deep, no key of more than 32 dotted parts, no number of more than 100 digits. Anything else is one
LoadProblem naming the file; nothing here raises for what a file holds.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from interview_coach.domain.bank_schema import parse_bank
from interview_coach.domain.questions import CATEGORY_LABELS, Bank, Catalogue, LoadProblem
from interview_coach.domain.rubric import Rubric
from interview_coach.domain.rubric_schema import parse_rubric

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib

BANK_SUFFIX = ".toml"
MAX_FILE_BYTES = 2 * 1024 * 1024  # a bank is text; anything bigger is a mistake, not a bank
MAX_NESTING = 32  # arrays and tables inside one another; a bank needs 2 ([[questions]] holding a list)
MAX_KEY_PARTS = 32  # a.b.c = ...; the parser's time grows with the square of a key's parts
MAX_DIGITS = 100  # in one number; converting a longer one costs the square of its length

# Characters the shape check can pass over; it stops at brackets, quotes, comments, separators and digits.
_PLAIN = re.compile(r"[^\[\]{}\"'#\n.=,0-9_]*")
_DIGITS = re.compile(r"[0-9_]+")
# The rest of a string once its opening quote(s) are read, up to and including the closing ones.
_BASIC_REST = re.compile(r'[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_LITERAL_REST = re.compile(r"[^'\n]*'")
_MULTILINE_BASIC_REST = re.compile(r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"{3,5}', re.DOTALL)
_MULTILINE_LITERAL_REST = re.compile(r"[^']*(?:'(?!'')[^']*)*'{3,5}")


class _Refused(Exception):
    """The file is not given to the parser; the message says why."""


def read_toml(path: Path) -> tuple[dict[str, Any] | None, LoadProblem | None]:
    source = str(path)
    try:
        text = _decode(_read_capped(path))
        _check_shape(text)
        return tomllib.loads(text), None
    except _Refused as refusal:
        return None, LoadProblem(source, "", str(refusal))
    except tomllib.TOMLDecodeError as error:
        return None, LoadProblem(source, "", f"not valid TOML: {_clip(str(error))}")
    except RecursionError:  # the shape check should have caught it; never let it out
        return None, LoadProblem(source, "", "not valid TOML: nested too deeply to read")
    except MemoryError:
        return None, LoadProblem(source, "", "too big to read")
    except OSError as error:
        return None, LoadProblem(source, "", f"cannot be read: {error.strerror or error}")
    except ValueError as error:  # what else the parser can raise on absurd values (before TOMLDecodeError wraps it)
        return None, LoadProblem(source, "", f"not valid TOML: {_clip(str(error))}")


def _read_capped(path: Path) -> bytes:
    """The file's bytes, if it is a regular file within the limit; never blocks on a pipe or reads a device."""
    info = path.stat()  # follows links: a link to a bank elsewhere is fine
    _require_regular_file(info.st_mode)
    if info.st_size > MAX_FILE_BYTES:
        raise _Refused(_too_big(f"{info.st_size // 1024} KiB"))
    # O_NONBLOCK: should a pipe replace the file after the check above, opening it must not wait for a writer.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(descriptor, "rb") as handle:
        _require_regular_file(os.fstat(handle.fileno()).st_mode)  # what was opened, not what was looked at
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew after the check
        raise _Refused(_too_big(f"more than {MAX_FILE_BYTES // 1024} KiB"))
    return data


def _require_regular_file(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise _Refused("is a folder, not a file")
    kind = (
        "a named pipe"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a file"
    )
    raise _Refused(f"is not a regular file (it is {kind})")


def _too_big(size: str) -> str:
    return f"file is {size}; the limit is {MAX_FILE_BYTES // 1024} KiB"


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _Refused(f"not UTF-8 text (byte 0x{data[error.start]:02x} on line {line} is not valid UTF-8)") from None
    return text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write


def _check_shape(text: str) -> None:
    """Refuses text the parser would take unbounded stack or time over. One pass, strings and comments skipped.

    Not a TOML validator: text it cannot follow (an unclosed string, say) is left for the parser to report.
    """
    depth = dots = 0
    position, end = 0, len(text)
    while True:
        plain = _PLAIN.match(text, position)
        position = plain.end() if plain else position
        if position >= end:
            return
        char = text[position]
        if char in "[{":
            depth += 1
            dots = 0
            if depth > MAX_NESTING:
                raise _Refused(f"arrays or tables nested more than {MAX_NESTING} deep{_on_line(text, position)}")
            position += 1
        elif char in "]}":
            depth = max(depth - 1, 0)
            dots = 0
            position += 1
        elif char in "\n=,":
            dots = 0
            position += 1
        elif char == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                raise _Refused(f"a key with more than {MAX_KEY_PARTS} dotted parts{_on_line(text, position)}")
            position += 1
        elif char == "#":
            newline = text.find("\n", position)
            position = end if newline < 0 else newline
        elif char in "\"'":
            position = _skip_string(text, position)
            if position < 0:
                return
        else:
            digits = _DIGITS.match(text, position)
            run = digits.group() if digits else char
            if len(run) - run.count("_") > MAX_DIGITS:
                raise _Refused(f"a number with more than {MAX_DIGITS} digits{_on_line(text, position)}")
            position += len(run)


def _skip_string(text: str, start: int) -> int:
    """Where the string opening at start ends, or -1 if it never does."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        rest = _MULTILINE_BASIC_REST if quote == '"' else _MULTILINE_LITERAL_REST
        start += 3
    else:
        rest = _BASIC_REST if quote == '"' else _LITERAL_REST
        start += 1
    match = rest.match(text, start)
    return match.end() if match else -1


def _on_line(text: str, position: int) -> str:
    return f" (line {text.count(chr(10), 0, position) + 1})"


def _clip(message: str, limit: int = 200) -> str:
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def list_bank_files(folder: Path) -> tuple[list[Path], list[LoadProblem]]:
    """Every *.toml entry of the folder except hidden ones (editor lock files): a folder or pipe of that
    name is listed too, so that reading it reports it. A folder that cannot be listed is a problem."""
    try:
        if not folder.is_dir():
            return [], []
        names = [p for p in folder.iterdir() if p.suffix == BANK_SUFFIX and not p.name.startswith(".")]
    except OSError as error:
        return [], [LoadProblem(str(folder), "", f"cannot be read: {error.strerror or error}")]
    return sorted(names), []


def load_bank_file(
    path: Path, *, known_criteria: Iterable[str] | None = None, shipped: bool = True
) -> tuple[Bank | None, list[LoadProblem]]:
    data, problem = read_toml(path)
    if data is None:
        return None, [problem] if problem else []
    criteria = set(known_criteria) if known_criteria is not None else None
    try:
        return parse_bank(data, str(path), known_criteria=criteria, shipped=shipped)
    except Exception as error:  # a parser bug met by odd data must not stop the other banks loading
        return None, [LoadProblem(str(path), "", _internal_error(error))]


def _internal_error(error: Exception) -> str:
    return f"could not be loaded (internal error {type(error).__name__}; please report it)"


def load_catalogue(
    shipped_dir: Path, user_dir: Path | None, *, known_criteria: Iterable[str] | None = None
) -> Catalogue:
    """Shipped banks first, then the user's; a later bank reusing an id is reported, not loaded."""
    catalogue = Catalogue()
    criteria = list(known_criteria) if known_criteria is not None else None
    shipped_files, listing_problems = list_bank_files(shipped_dir)
    sources = [(path, True) for path in shipped_files]
    if user_dir is not None:
        user_files, user_listing_problems = list_bank_files(user_dir)
        sources += [(path, False) for path in user_files]
        listing_problems += user_listing_problems
    catalogue.problems.extend(listing_problems)
    owners: dict[str, str] = {}
    for path, shipped in sources:
        bank, problems = load_bank_file(path, known_criteria=criteria, shipped=shipped)
        catalogue.problems.extend(problems)
        if bank is None:
            continue
        if bank.id in owners:
            catalogue.problems.append(
                LoadProblem(str(path), "[bank]", f"bank id {bank.id!r} is already used by {owners[bank.id]}")
            )
            continue
        owners[bank.id] = str(path)
        catalogue.banks.append(bank)
    catalogue.banks.sort(key=_interview_order)
    return catalogue


def _interview_order(bank: Bank) -> tuple[bool, int, str]:
    """Shipped banks first, in the order an interview runs (opening ... closing, then role packs)."""
    counts = bank.category_counts()
    main_category = max(counts, key=lambda c: counts[c])
    order = list(CATEGORY_LABELS)
    rank = order.index(main_category) if main_category in order else len(order)
    return (not bank.shipped, rank, bank.id)


def load_rubric_file(path: Path) -> tuple[Rubric | None, list[LoadProblem]]:
    data, problem = read_toml(path)
    if data is None:
        return None, [problem] if problem else []
    try:
        return parse_rubric(data, str(path))
    except Exception as error:  # as for banks: report, and let the other rubrics load
        return None, [LoadProblem(str(path), "", _internal_error(error))]


def load_rubrics(folder: Path) -> tuple[list[Rubric], list[LoadProblem]]:
    rubrics: list[Rubric] = []
    files, problems = list_bank_files(folder)
    for path in files:
        rubric, found = load_rubric_file(path)
        problems.extend(found)
        if rubric is not None:
            rubrics.append(rubric)
    return rubrics, problems
