"""Turns the data of one bank file into a Bank, with a precise problem for every bad entry.

A bad question is left out and reported; the rest of the bank still loads, so one typo never
hides a whole bank. A bad [bank] table rejects the file, as nothing in it could be named.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from interview_coach.domain.questions import RED_FLAG, Bank, LoadProblem, Question
from interview_coach.domain.validation import (
    MAX_SLUG,
    EntryError,
    describe,
    optional_text,
    require_int,
    require_slug,
    require_text,
    text_list,
)

THINK_RANGE = (0, 600)
ANSWER_RANGE = (10, 1200)
MAX_TITLE = 200


def parse_bank(
    data: Mapping[str, Any],
    source: str,
    *,
    known_criteria: Collection[str] | None = None,
    shipped: bool = True,
) -> tuple[Bank | None, list[LoadProblem]]:
    header = data.get("bank")
    if header is None:
        return None, [LoadProblem(source, "[bank]", "the [bank] table is missing")]
    if not isinstance(header, Mapping):
        return None, [LoadProblem(source, "[bank]", f"'bank' must be a table, not {describe(header)}")]
    try:
        bank_id = require_slug(header, "id")
        title = require_text(header, "title", max_length=MAX_TITLE)
        description = optional_text(header, "description")
        version = require_int(header, "version", 1, 1_000_000) if "version" in header else 1
    except EntryError as error:
        return None, [LoadProblem(source, "[bank]", str(error))]

    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        return None, [LoadProblem(source, "[[questions]]", "the bank has no [[questions]] entries")]

    problems: list[LoadProblem] = []
    questions: list[Question] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_questions, start=1):
        entry_name = _entry_name(number, raw)
        try:
            question = _parse_question(raw, bank_id, known_criteria)
        except EntryError as error:
            problems.append(LoadProblem(source, entry_name, str(error)))
            continue
        if question.id in seen:
            problems.append(LoadProblem(source, entry_name, f"duplicate question id {question.id!r}"))
            continue
        seen.add(question.id)
        questions.append(question)

    if not questions:
        return None, problems
    bank = Bank(bank_id, title, description, version, tuple(questions), source, shipped)
    return bank, problems


def _entry_name(number: int, raw: object) -> str:
    """The question's number, and its id when that is short enough to show and prints on one line."""
    qid = raw.get("id") if isinstance(raw, Mapping) else None
    if isinstance(qid, str) and qid and len(qid) <= MAX_SLUG and qid.isprintable():
        return f"question {number} ({qid})"
    return f"question {number}"


def _parse_question(raw: object, bank_id: str, known_criteria: Collection[str] | None) -> Question:
    if not isinstance(raw, Mapping):
        raise EntryError("each [[questions]] entry must be a table")
    category = require_slug(raw, "category")
    criteria = text_list(raw, "criteria", min_items=1, slugs=True)
    if known_criteria is not None:
        unknown = [c for c in criteria if c not in known_criteria]
        if unknown:
            raise EntryError(f"unknown rubric criterion {unknown[0]!r} in 'criteria'")
    handling = optional_text(raw, "handling")
    if category == RED_FLAG and not handling:
        raise EntryError("a red-flag prompt needs 'handling' guidance")
    return Question(
        bank_id=bank_id,
        id=require_slug(raw, "id"),
        text=require_text(raw, "text"),
        category=category,
        tags=text_list(raw, "tags", min_items=0, slugs=True),
        think_seconds=require_int(raw, "think_seconds", *THINK_RANGE),
        answer_seconds=require_int(raw, "answer_seconds", *ANSWER_RANGE),
        strong_answer=require_text(raw, "strong_answer"),
        follow_ups=text_list(raw, "follow_ups", min_items=1),
        criteria=criteria,
        handling=handling,
        improper=optional_text(raw, "improper"),
    )
