"""The banks and rubric we ship: complete, valid and covering what candidates need."""

from __future__ import annotations

from collections import Counter

import pytest

from interview_coach.domain.library import Library
from interview_coach.domain.questions import RED_FLAG
from interview_coach.storage.library import load_library

REQUIRED_BANKS = {"opening", "behavioural", "red-flags", "motivation", "closing"}
ROLE_PACKS = {"role-software", "role-sales", "role-support", "role-management", "role-graduate"}
RED_FLAG_TOPICS = {
    "employment-gap", "fired", "laid-off", "job-hopping", "short-tenure", "career-change", "over-qualified",
    "under-qualified", "no-degree", "salary", "why-leaving", "weakness", "manager-conflict", "long-search",
    "caregiving", "relocation",
}  # fmt: skip
RUBRIC_CRITERIA = {
    "specific-story", "substance", "enthusiasm", "fit", "structure", "red-flag-handling", "delivery",
    "eye-contact", "posture",
}  # fmt: skip


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


def test_every_shipped_file_loads_without_a_problem(library: Library) -> None:
    assert library.problems == []


def test_there_are_enough_questions_in_the_required_banks(library: Library) -> None:
    ids = {b.id for b in library.catalogue.banks}
    assert ids >= REQUIRED_BANKS | ROLE_PACKS
    assert len(library.catalogue.questions()) >= 150
    for pack in ROLE_PACKS:
        bank = library.catalogue.bank(pack)
        assert bank is not None and len(bank.questions) >= 10


def test_red_flag_prompts_cover_every_topic_with_handling(library: Library) -> None:
    red_flags = [q for q in library.catalogue.questions() if q.category == RED_FLAG]
    assert len(red_flags) >= 30
    tags = Counter(t for q in red_flags for t in q.tags)
    assert RED_FLAG_TOPICS - set(tags) == set()
    assert all(len(q.handling) > 60 and "red-flag-handling" in q.criteria for q in red_flags)


def test_question_texts_are_unique_across_banks(library: Library) -> None:
    texts = Counter(q.text.lower() for q in library.catalogue.questions())
    assert [t for t, n in texts.items() if n > 1] == []


def test_the_default_rubric_has_every_criterion_with_five_levels(library: Library) -> None:
    rubric = library.default_rubric
    assert set(rubric.criterion_ids()) == RUBRIC_CRITERIA
    assert all(len(c.levels) == 5 and all(c.levels) for c in rubric.criteria)
    in_person = {c.id for c in rubric.criteria if c.in_person}
    assert in_person == {"eye-contact", "posture"}
