"""Loads question banks and rubrics from disk; one bad file is reported and the others still load."""

from __future__ import annotations

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


def read_toml(path: Path) -> tuple[dict[str, Any] | None, LoadProblem | None]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, LoadProblem(source, "", f"file is {size // 1024} KiB; the limit is 2048 KiB")
        with path.open("rb") as handle:
            return tomllib.load(handle), None
    except tomllib.TOMLDecodeError as error:
        return None, LoadProblem(source, "", f"not valid TOML: {error}")
    except UnicodeDecodeError:
        return None, LoadProblem(source, "", "not UTF-8 text")
    except OSError as error:
        return None, LoadProblem(source, "", f"cannot be read: {error.strerror or error}")


def bank_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == BANK_SUFFIX and p.is_file())


def load_bank_file(
    path: Path, *, known_criteria: Iterable[str] | None = None, shipped: bool = True
) -> tuple[Bank | None, list[LoadProblem]]:
    data, problem = read_toml(path)
    if data is None:
        return None, [problem] if problem else []
    criteria = set(known_criteria) if known_criteria is not None else None
    return parse_bank(data, str(path), known_criteria=criteria, shipped=shipped)


def load_catalogue(
    shipped_dir: Path, user_dir: Path | None, *, known_criteria: Iterable[str] | None = None
) -> Catalogue:
    """Shipped banks first, then the user's; a later bank reusing an id is reported, not loaded."""
    catalogue = Catalogue()
    criteria = list(known_criteria) if known_criteria is not None else None
    sources = [(path, True) for path in bank_files(shipped_dir)]
    if user_dir is not None:
        sources += [(path, False) for path in bank_files(user_dir)]
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
    return parse_rubric(data, str(path))


def load_rubrics(folder: Path) -> tuple[list[Rubric], list[LoadProblem]]:
    rubrics: list[Rubric] = []
    problems: list[LoadProblem] = []
    for path in bank_files(folder):
        rubric, found = load_rubric_file(path)
        problems.extend(found)
        if rubric is not None:
            rubrics.append(rubric)
    return rubrics, problems
