"""Bank files an attacker (or an accident) could leave in the banks folder, each with the words its problem
must contain. Used by the loader, command-line and window tests alike."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.factories import bank_data, question, to_toml, write_bank

GOOD_ID = "good-neighbour"
BAD_NAME = "x.toml"
TEN_MB = 10 * 1024 * 1024


def write_good_bank(folder: Path) -> Path:
    """A valid bank beside the bad file: it must always load."""
    return write_bank(folder, "good.toml", bank_data(GOOD_ID, [question(id="fine", category="behavioural")]))


def _bank_text(bank_id: str = "bad") -> str:
    return to_toml(bank_data(bank_id, [question(id="first", category="behavioural")]))


def _write(folder: Path, content: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / BAD_NAME
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def deep_follow_ups(folder: Path) -> Path:
    text = _bank_text().replace('follow_ups = ["What did you learn?"]', "follow_ups = " + "[" * 1000 + "]" * 1000)
    assert "[[[[" in text
    return _write(folder, text)


def long_think_seconds(folder: Path) -> Path:
    text = _bank_text().replace("think_seconds = 15", "think_seconds = " + "9" * 5000)
    assert "9999" in text
    return _write(folder, text)


def invalid_utf8(folder: Path) -> Path:
    return _write(folder, _bank_text().encode("utf-8").replace(b"Why is there", b"Why \xff\xfe there"))


def ten_megabytes(folder: Path) -> Path:
    return _write(folder, _bank_text() + "# " + "x" * TEN_MB + "\n")


def folder_named_toml(folder: Path) -> Path:
    path = folder / BAD_NAME
    path.mkdir(parents=True)
    write_bank(path, "inside.toml", bank_data("inside"))  # never loaded: banks folders are not searched deeper
    return path


def named_pipe(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / BAD_NAME
    os.mkfifo(path)
    return path


def link_to_dev_zero(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / BAD_NAME
    path.symlink_to("/dev/zero")
    return path


def deep_inline_tables(folder: Path) -> Path:
    return _write(folder, _bank_text() + "extra = " + "{a = " * 1000 + "1" + "}" * 1000 + "\n")


def long_dotted_key(folder: Path) -> Path:
    # tomllib checks every prefix of a dotted key against every other: quadratic, minutes for this one.
    return _write(folder, _bank_text() + "a." * 100_000 + "b = 1\n")


@dataclass(frozen=True)
class Hostile:
    write: Callable[[Path], Path]
    expected: str  # the problem for the file must contain this
    posix_only: bool = False


HOSTILE: dict[str, Hostile] = {
    "follow_ups nested 1000 deep": Hostile(deep_follow_ups, "nested more than"),
    "think_seconds with 5000 digits": Hostile(long_think_seconds, "more than 100 digits"),
    "invalid UTF-8": Hostile(invalid_utf8, "not UTF-8 text"),
    "a 10 MB file": Hostile(ten_megabytes, "the limit is 2048 KiB"),
    "a folder named x.toml": Hostile(folder_named_toml, "is a folder, not a file"),
    "a named pipe named x.toml": Hostile(named_pipe, "is not a regular file", posix_only=True),
    "a link to /dev/zero": Hostile(link_to_dev_zero, "is not a regular file", posix_only=True),
    "inline tables nested 1000 deep": Hostile(deep_inline_tables, "nested more than"),
    "a key with 100000 dotted parts": Hostile(long_dotted_key, "more than 32 dotted parts"),
}


def hostile_params(*names: str) -> list[object]:
    """pytest parameters for the named cases (all of them by default), POSIX-only ones skipped elsewhere."""
    chosen = names or tuple(HOSTILE)
    return [
        pytest.param(
            HOSTILE[name],
            id=name,
            marks=pytest.mark.skipif(
                HOSTILE[name].posix_only and (os.name != "posix" or not Path("/dev/zero").exists()),
                reason="needs named pipes and /dev/zero",
            ),
        )
        for name in chosen
    ]


def single_line(text: str) -> bool:
    return "\n" not in text and "\r" not in text


IS_LINUX = sys.platform.startswith("linux")
