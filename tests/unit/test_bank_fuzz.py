"""Fuzzing the bank and rubric loaders (issue 13) with the shipped files as seeds.

Each example breaks a shipped bank (or the rubric), either in its data (values of the wrong type, deep
nesting, huge numbers and strings, keys dropped or added) or in its bytes (flips, cuts, invalid UTF-8,
hostile snippets, padding past the size limit), writes it beside a good bank and loads the folder. The
loader must never raise: it returns problems, one short line each naming the bad file, and the good bank
loads. Derandomized, so every run (and CI) tries the same examples.
"""

from __future__ import annotations

import copy
import json
import math
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_coach.domain.bank_schema import parse_bank
from interview_coach.domain.questions import LoadProblem
from interview_coach.domain.rubric_schema import parse_rubric
from interview_coach.storage.content import MAX_FILE_BYTES, load_catalogue, load_rubrics
from interview_coach.storage.locations import shipped_banks_dir, shipped_rubrics_dir
from tests.support.hostile_banks import BAD_NAME, GOOD_ID, single_line, write_good_bank

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SHIPPED_BANKS = sorted(shipped_banks_dir().glob("*.toml"))
RUBRIC_FILE = shipped_rubrics_dir() / "default.toml"
CRITERIA = {c["id"] for c in tomllib.loads(RUBRIC_FILE.read_text(encoding="utf-8"))["criteria"]}

FUZZ = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


# --- Writing any data back as TOML (inline tables and arrays, so any shape can be written) ---------------


@dataclass(frozen=True)
class Raw:
    """TOML text written as is: what a Python value cannot express (5000 digits, 1000 brackets)."""

    text: str


def toml_value(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def to_toml(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(str(k))} = {toml_value(v)}\n" for k, v in data.items())


# --- Hostile values and mutations ------------------------------------------------------------------------


def _nested(depth: int, brackets: tuple[str, str, str]) -> Raw:
    opening, middle, closing = brackets
    return Raw(opening * depth + middle + closing * depth)


scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=12),  # control characters
    st.sampled_from(["", " ", "Red Flag", "x" * 65, "opening", "red-flag", "fit", "nope-criterion", "\u2028"]),
    st.datetimes(),
    st.dates(),
)
hostile_values = st.one_of(
    scalars,
    st.lists(scalars, max_size=6),
    st.lists(st.dictionaries(st.text(max_size=6), scalars, max_size=3), max_size=3),
    st.dictionaries(st.sampled_from(["id", "text", "x", ""]), scalars, max_size=4),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(100, 300_000)),  # huge strings
    st.builds(lambda n: ["Why?"] * n, st.integers(90, 5000)),  # long lists
    st.builds(_nested, st.integers(1, 2000), st.sampled_from([("[", "", "]"), ("{a = ", "1", "}"), ("[", "1", "]")])),
    st.builds(lambda n: Raw("9" * n), st.integers(20, 6000)),  # long numbers
    st.builds(lambda n: Raw("0." + "1" * n), st.integers(20, 6000)),
)


def containers(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every dict and list in the data."""
    if isinstance(value, dict):
        yield path
        for key, item in value.items():
            yield from containers(item, (*path, key))
    elif isinstance(value, list):
        yield path
        for index, item in enumerate(value):
            yield from containers(item, (*path, index))


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def mutated(draw: st.DrawFn, seed: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(seed)
    for _ in range(draw(st.integers(1, 4))):
        target = at(data, draw(st.sampled_from(list(containers(data)))))
        action = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if isinstance(target, dict):
            keys = list(target)
            if action == "add" or not keys:
                name = draw(st.sampled_from(["id", "text", "tags", "think_seconds", "follow_ups", "criteria", "zz"]))
                target[name] = draw(hostile_values)
            elif action == "drop":
                del target[draw(st.sampled_from(keys))]
            else:
                target[draw(st.sampled_from(keys))] = draw(hostile_values)
        else:
            if action == "add" or not target:
                target.insert(draw(st.integers(0, len(target))), draw(hostile_values))
            elif action == "drop":
                del target[draw(st.integers(0, len(target) - 1))]
            else:
                target[draw(st.integers(0, len(target) - 1))] = draw(hostile_values)
    return data


SNIPPETS = [
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
    b"\x00",
    b"\x1b[2J",
    b"\xef\xbb\xbf",
    b"\r",
    b"\\",
    b'"""',
    b"'''",
    b'"',
    b"#",
    b"[" * 40,
    b"[" * 2000,
    b"{a=" * 800,
    b"\nx = " + b"[" * 1000 + b"]" * 1000 + b"\n",
    b"\n" + b"a." * 5000 + b"b = 1\n",
    b"\n[" + b"t." * 5000 + b"t]\n",
    b"9" * 5000,
    b"1_" * 3000 + b"1",
    b"\n[[questions]]\n",
    b"\n[bank]\n",
    "\u2028".encode(),
]


@st.composite
def mangled(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 5))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "snippet", "snippet", "cut", "repeat", "truncate", "pad"]))
        if action == "flip" and data:
            data[min(where, len(data) - 1)] = draw(st.integers(0, 255))
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=16))
        elif action == "snippet":
            data[where:where] = draw(st.sampled_from(SNIPPETS))
        elif action == "cut":
            del data[where : where + draw(st.integers(1, 400))]
        elif action == "repeat":
            data[where:where] = data[where : where + draw(st.integers(1, 2000))] * draw(st.integers(2, 50))
        elif action == "truncate":
            del data[where:]
        elif action == "pad":  # just past the size limit
            data += b"#" * max(0, MAX_FILE_BYTES + 1 - len(data))
    return bytes(data)


# --- Checks ----------------------------------------------------------------------------------------------


def assert_well_formed(problems: list[LoadProblem], source: str) -> None:
    for problem in problems:
        text = str(problem)
        assert problem.source == source, text[:300]
        assert single_line(text) and len(text) < 500, text[:300]
        assert "internal error" not in text, text


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("fuzz")
    user = root / "user"
    write_good_bank(user)
    return root / "no-shipped-banks", user


def write_bad(folder: Path, content: bytes) -> Path:
    path = folder / BAD_NAME
    path.write_bytes(content)
    return path


def assert_folder_loads(shipped: Path, user: Path, bad: Path) -> None:
    catalogue = load_catalogue(shipped, user, known_criteria=CRITERIA)
    assert catalogue.bank(GOOD_ID) is not None
    assert_well_formed(catalogue.problems, str(bad))
    if not any(b.source == str(bad) for b in catalogue.banks):
        assert catalogue.problems, "a file that did not load must say why"


seeds = st.sampled_from(SHIPPED_BANKS)


@FUZZ
@given(data=st.data(), seed=seeds)
def test_a_bank_with_broken_data_gives_problems_and_the_good_bank_loads(
    folders: tuple[Path, Path], data: st.DataObject, seed: Path
) -> None:
    broken = data.draw(mutated(tomllib.loads(seed.read_text(encoding="utf-8"))))
    # The parser itself, on data no TOML file could hold (Raw markers become their text only in files) ...
    plain = json.loads(json.dumps(broken, default=str))
    bank, problems = parse_bank(plain, "bank.toml", known_criteria=CRITERIA, shipped=False)
    assert_well_formed(problems, "bank.toml")
    assert bank is not None or problems
    # ... and the whole loader, on the file.
    shipped, user = folders
    assert_folder_loads(shipped, user, write_bad(user, to_toml(broken).encode("utf-8")))


@FUZZ
@given(data=st.data(), seed=seeds)
def test_a_bank_with_broken_bytes_gives_problems_and_the_good_bank_loads(
    folders: tuple[Path, Path], data: st.DataObject, seed: Path
) -> None:
    shipped, user = folders
    assert_folder_loads(shipped, user, write_bad(user, data.draw(mangled(seed.read_bytes()))))


@settings(FUZZ, max_examples=100)
@given(data=st.data(), in_bytes=st.booleans())
def test_a_broken_rubric_gives_problems_and_the_real_rubric_loads(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, in_bytes: bool
) -> None:
    folder = tmp_path_factory.mktemp("rubrics")
    shutil.copy(RUBRIC_FILE, folder / "default.toml")
    if in_bytes:
        content = data.draw(mangled(RUBRIC_FILE.read_bytes()))
    else:
        broken = data.draw(mutated(tomllib.loads(RUBRIC_FILE.read_text(encoding="utf-8"))))
        _, problems = parse_rubric(json.loads(json.dumps(broken, default=str)), "rubric.toml")
        assert_well_formed(problems, "rubric.toml")
        content = to_toml(broken).encode("utf-8")
    bad = write_bad(folder, content)
    rubrics, problems = load_rubrics(folder)
    assert "default" in [r.id for r in rubrics]
    assert_well_formed(problems, str(bad))
    shutil.rmtree(folder)


def test_the_toml_writer_round_trips_a_shipped_bank() -> None:
    """The fuzzing above is only as good as its writer: unbroken data must load as the original does."""
    for path in SHIPPED_BANKS:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert tomllib.loads(to_toml(data)) == data
