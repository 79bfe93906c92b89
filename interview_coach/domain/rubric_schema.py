"""Turns the data of one rubric file into a Rubric. Any problem rejects the rubric: scores must be comparable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interview_coach.domain.questions import LoadProblem
from interview_coach.domain.rubric import SCORE_MAX, SCORE_MIN, Criterion, Rubric
from interview_coach.domain.validation import (
    EntryError,
    describe,
    optional_text,
    require_slug,
    require_text,
    text_list,
)

LEVEL_COUNT = SCORE_MAX - SCORE_MIN + 1
MAX_TITLE = 200


def parse_rubric(data: Mapping[str, Any], source: str) -> tuple[Rubric | None, list[LoadProblem]]:
    header = data.get("rubric")
    if header is None:
        return None, [LoadProblem(source, "[rubric]", "the [rubric] table is missing")]
    if not isinstance(header, Mapping):
        return None, [LoadProblem(source, "[rubric]", f"'rubric' must be a table, not {describe(header)}")]
    try:
        rubric_id = require_slug(header, "id")
        title = require_text(header, "title", max_length=MAX_TITLE)
        description = optional_text(header, "description")
    except EntryError as error:
        return None, [LoadProblem(source, "[rubric]", str(error))]

    raw_criteria = data.get("criteria")
    if not isinstance(raw_criteria, list) or not raw_criteria:
        return None, [LoadProblem(source, "[[criteria]]", "the rubric has no [[criteria]] entries")]

    problems: list[LoadProblem] = []
    criteria: list[Criterion] = []
    for number, raw in enumerate(raw_criteria, start=1):
        name = f"criterion {number}"
        try:
            criterion = _parse_criterion(raw)
        except EntryError as error:
            problems.append(LoadProblem(source, name, str(error)))
            continue
        if any(c.id == criterion.id for c in criteria):
            problems.append(LoadProblem(source, name, f"duplicate criterion id {criterion.id!r}"))
            continue
        criteria.append(criterion)
    if problems:
        return None, problems
    return Rubric(rubric_id, title, description, tuple(criteria), source), []


def _parse_criterion(raw: object) -> Criterion:
    if not isinstance(raw, Mapping):
        raise EntryError("each [[criteria]] entry must be a table")
    levels = text_list(raw, "levels", min_items=LEVEL_COUNT)
    if len(levels) != LEVEL_COUNT:
        raise EntryError(f"'levels' needs exactly {LEVEL_COUNT} descriptions (for {SCORE_MIN}-{SCORE_MAX})")
    in_person = raw.get("in_person", False)
    if not isinstance(in_person, bool):
        raise EntryError(f"'in_person' must be true or false, not {describe(in_person)}")
    return Criterion(
        id=require_slug(raw, "id"),
        name=require_text(raw, "name", max_length=MAX_TITLE),
        summary=require_text(raw, "summary"),
        levels=levels,
        in_person=in_person,
    )
