"""Building a session's questions from the user's choices and presets."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from interview_coach.domain.library import Library
from interview_coach.domain.practice_setup import (
    MOCK_INTERVIEW,
    PRESETS,
    PracticeSetup,
    build_plan,
    focused_on,
    is_role_pack,
    limits_for,
    matching_questions,
)
from interview_coach.storage.library import load_library


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


def preset(preset_id: str) -> PracticeSetup:
    return next(p.setup for p in PRESETS if p.id == preset_id)


def test_filters_combine_banks_categories_and_tags(library: Library) -> None:
    setup = PracticeSetup(categories=("red-flag",), tags=("salary", "relocation"))
    found = matching_questions(library.catalogue, setup)
    assert found and all(q.category == "red-flag" for q in found)
    assert all({"salary", "relocation"} & set(q.tags) for q in found)
    only_sales = matching_questions(library.catalogue, PracticeSetup(bank_ids=("role-sales",)))
    assert {q.bank_id for q in only_sales} == {"role-sales"}


def test_quick_five_gives_five_distinct_questions(library: Library) -> None:
    plan = build_plan(library.catalogue, preset("quick-5"), rng=random.Random(1))
    assert len(plan) == 5 and len({q.key for q in plan}) == 5


def test_red_flags_only_asks_only_red_flags(library: Library) -> None:
    plan = build_plan(library.catalogue, preset("red-flags"), rng=random.Random(2))
    assert len(plan) == 6 and all(q.is_red_flag for q in plan)


def test_a_full_mock_interview_runs_from_opening_to_closing(library: Library) -> None:
    plan = build_plan(library.catalogue, preset("full-mock"), rng=random.Random(3))
    assert 10 <= len(plan) <= 12
    assert [q.category for q in plan] == [c for c, n in MOCK_INTERVIEW for _ in range(n)]
    assert plan[0].category == "opening" and plan[-1].category == "closing"


def test_in_order_keeps_the_bank_order(library: Library) -> None:
    setup = PracticeSetup(bank_ids=("closing",), order="in_order", question_count=3)
    plan = build_plan(library.catalogue, setup)
    bank = library.catalogue.bank("closing")
    assert bank is not None and [q.key for q in plan] == [q.key for q in bank.questions[:3]]


def test_weakest_first_puts_low_scores_first_and_unpractised_in_the_middle(library: Library) -> None:
    keys = [q.key for q in library.catalogue.questions() if q.category == "closing"]
    weakness = {keys[0]: 4.5, keys[1]: 1.5, keys[2]: 2.0}
    setup = PracticeSetup(categories=("closing",), order="weakest_first", question_count=len(keys))
    plan = [q.key for q in build_plan(library.catalogue, setup, weakness=weakness, rng=random.Random(4))]
    assert plan[:2] == [keys[1], keys[2]]
    assert plan[-1] == keys[0]


def test_practising_a_criterion_picks_questions_scored_on_it(library: Library) -> None:
    plan = build_plan(library.catalogue, focused_on("red-flag-handling", 4), rng=random.Random(5))
    assert len(plan) == 4 and all("red-flag-handling" in q.criteria for q in plan)


def test_explicit_questions_are_asked_exactly(library: Library) -> None:
    keys = ("opening/tell-me-about-yourself", "red-flags/employment-gap")
    plan = build_plan(library.catalogue, PracticeSetup(question_keys=keys))
    assert tuple(q.key for q in plan) == keys


def test_overrides_replace_each_questions_own_times(library: Library) -> None:
    question = library.catalogue.questions()[0]
    assert limits_for(question, PracticeSetup()) == (question.think_seconds, question.answer_seconds)
    assert limits_for(question, PracticeSetup(think_seconds=0, answer_seconds=45)) == (0, 45)


def test_saved_choices_survive_a_round_trip_and_bad_values() -> None:
    setup = PracticeSetup(categories=("red-flag",), tags=("gap",), question_count=7, order="weakest_first",
                          think_seconds=10, answer_seconds=90, read_aloud=False)  # fmt: skip
    assert PracticeSetup.from_dict(setup.to_dict()) == setup
    damaged = PracticeSetup.from_dict({"order": "sideways", "question_count": 900, "think_seconds": "x"})
    assert (damaged.order, damaged.question_count, damaged.think_seconds) == ("shuffled", 50, None)
    assert PracticeSetup.from_dict(None) == PracticeSetup()


def test_presets_draw_from_enough_questions(library: Library) -> None:
    for p in PRESETS:
        counts = Counter(q.category for q in matching_questions(library.catalogue, p.setup))
        assert sum(counts.values()) >= p.setup.question_count, p.id


def test_without_a_role_or_ticked_banks_no_role_pack_is_mixed_in(library: Library) -> None:
    catalogue = library.catalogue
    general = {q.bank_id for q in matching_questions(catalogue, PracticeSetup())}
    assert general and not any(is_role_pack(b) for b in general)
    developer = {q.bank_id for q in matching_questions(catalogue, PracticeSetup(target_role="role-software"))}
    assert developer == general | {"role-software"}
    ticked = PracticeSetup(bank_ids=("role-support",), target_role="role-software")
    assert {q.bank_id for q in matching_questions(catalogue, ticked)} == {"role-support"}  # ticks win


def test_a_saved_role_survives_and_a_damaged_one_is_dropped() -> None:
    assert PracticeSetup.from_dict({"target_role": "role-data"}).target_role == "role-data"
    assert PracticeSetup.from_dict({"target_role": ["x"]}).target_role == ""
    assert PracticeSetup.from_dict(PracticeSetup(target_role="role-data").to_dict()).target_role == "role-data"
