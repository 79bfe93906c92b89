"""Practise from this feedback: the session built from what an entry's feedback points to."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.journal_session import (
    TARGETED_QUESTIONS,
    build_targeted_session,
    choose_targets,
)
from interview_coach.domain.journal_tagging import TagSuggestion, suggest_tags
from interview_coach.domain.library import Library
from interview_coach.domain.practice_setup import PracticeSetup, build_plan, targeted_first
from interview_coach.domain.questions import Catalogue
from interview_coach.domain.rubric import Criterion
from interview_coach.storage.journal_resources import load_journal_content
from interview_coach.storage.library import load_library


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


@pytest.fixture(scope="module")
def criteria(library: Library) -> list[str]:
    return list(library.default_rubric.criterion_ids())


def plan_of(catalogue: Catalogue, setup: PracticeSetup) -> list[str]:
    return [q.key for q in build_plan(catalogue, setup)]


def test_no_concrete_examples_builds_behavioural_questions_with_the_story_scored_first(
    library: Library, criteria: list[str]
) -> None:
    rules = load_journal_content().rules
    entry = JournalEntry("Lumen", "Designer", stage_reached="interview", outcome="rejected",
                         feedback="They said I gave no concrete examples")  # fmt: skip
    areas, source = choose_targets(entry, suggest_tags([entry.feedback], rules))
    assert (areas, source) == (["specific-story"], "suggestions")
    session = build_targeted_session(library.catalogue, areas, criteria, rng=random.Random(1))
    setup = session.setup
    questions = [library.catalogue.question(k) for k in setup.question_keys]
    assert len(questions) == TARGETED_QUESTIONS
    assert all(q is not None and q.category == "behavioural" and "specific-story" in q.criteria for q in questions)
    assert setup.categories == ("behavioural",) and setup.criteria_first == ("specific-story",)
    assert setup.focus_criterion == "specific-story" and setup.order == "in_order"
    assert plan_of(library.catalogue, setup) == list(setup.question_keys)  # the practice screen asks exactly these
    assert session.describe({"specific-story": "Specific story"}) == (
        "6 behavioural questions, scored first on Specific story."
    )


def test_several_areas_take_turns_with_the_most_pressing_first(library: Library, criteria: list[str]) -> None:
    session = build_targeted_session(library.catalogue, ["red-flag-handling", "enthusiasm", "fit"], criteria,
                                     rng=random.Random(2))  # fmt: skip
    categories = [library.catalogue.question(k).category for k in session.setup.question_keys]  # type: ignore[union-attr]
    assert categories[0] == "red-flag" and categories[3] == "red-flag"
    assert categories[1] in ("motivation", "closing") and categories[2] in ("motivation", "opening")
    assert session.setup.criteria_first == ("red-flag-handling", "enthusiasm", "fit")
    assert session.setup.focus_criterion == ""  # mixed: no one criterion filters the questions
    assert len(set(session.setup.question_keys)) == len(session.setup.question_keys) == 6
    assert session.describe({"red-flag-handling": "Red flags", "enthusiasm": "Enthusiasm", "fit": "Fit"}).endswith(
        "scored first on Red flags, then Enthusiasm, then Fit."
    )


def test_areas_practice_cannot_fix_are_set_aside_for_the_action_plan(library: Library, criteria: list[str]) -> None:
    session = build_targeted_session(library.catalogue, ["cv-cover-letter", "specific-story", "skills"], criteria)
    assert session.targets == ("specific-story",) and session.not_practised == ("cv-cover-letter", "skills")
    only_outside = build_targeted_session(library.catalogue, ["cv-cover-letter"], criteria)
    assert only_outside.empty and only_outside.describe({}) == "No questions in your banks practise these areas."


def test_industry_knowledge_is_practised_with_research_questions(library: Library, criteria: list[str]) -> None:
    session = build_targeted_session(library.catalogue, ["industry-knowledge"], criteria, rng=random.Random(3))
    questions = [library.catalogue.question(k) for k in session.setup.question_keys]
    research = {"research", "why-industry", "why-company", "sector", "product", "company"}
    assert questions and all(q is not None and research & set(q.tags) for q in questions)
    assert session.setup.criteria_first == ("fit",)


def test_the_weakest_questions_come_first_and_untried_ones_count_as_middling(
    library: Library, criteria: list[str]
) -> None:
    pool = [q.key for q in library.catalogue.questions() if q.category == "red-flag"]
    weak, strong = pool[0], pool[1]
    weakness = {weak: 1.5, strong: 4.8} | {k: 4.0 for k in pool[2:20]}
    session = build_targeted_session(library.catalogue, ["red-flag-handling"], criteria, weakness=weakness,
                                     count=len(pool), rng=random.Random(4))  # fmt: skip
    keys = session.setup.question_keys
    assert keys[0] == weak and keys[-1] == strong
    untried = [k for k in pool if k not in weakness]
    assert set(keys[1 : 1 + len(untried)]) == set(untried)


def test_the_users_own_choices_carry_over(library: Library, criteria: list[str]) -> None:
    base = PracticeSetup(read_aloud=False, think_seconds=20, answer_seconds=90, categories=("closing",), tags=("x",))
    setup = build_targeted_session(library.catalogue, ["fit"], criteria, base=base).setup
    assert (setup.read_aloud, setup.think_seconds, setup.answer_seconds) == (False, 20, 90)
    assert setup.tags == () and "closing" not in setup.categories


def test_a_criterion_without_a_known_route_uses_any_question_scored_on_it(library: Library) -> None:
    custom = [*library.default_rubric.criterion_ids(), "concision"]
    catalogue = library.catalogue
    question = catalogue.questions()[0]
    bank = replace(catalogue.banks[0], questions=(replace(question, criteria=(*question.criteria, "concision")),))
    session = build_targeted_session(Catalogue([bank]), ["concision"], custom)
    assert session.setup.question_keys == (question.key,) and session.setup.criteria_first == ("concision",)


def test_targets_come_from_tags_then_suggestions_then_the_stage() -> None:
    suggestions = [TagSuggestion("structure", ("long-winded", "rambled"), 10), TagSuggestion("fit", ("fit",), 40)]
    tagged = JournalEntry(tags=("enthusiasm", "fit", "structure"))
    assert choose_targets(tagged, suggestions) == (["structure", "fit", "enthusiasm"], "tags")
    assert choose_targets(JournalEntry(tags=("enthusiasm", "fit")), []) == (["enthusiasm", "fit"], "tags")
    assert choose_targets(JournalEntry(), suggestions) == (["structure", "fit"], "suggestions")
    screen = JournalEntry(stage_reached="phone-screen", outcome="rejected", applied_on=date(2026, 5, 1))
    assert choose_targets(screen, []) == (["red-flag-handling", "fit", "enthusiasm"], "stage")
    assert choose_targets(JournalEntry(stage_reached="final-round"), [])[0][0] == "specific-story"


def test_the_score_sheet_lists_targeted_criteria_first(library: Library) -> None:
    rubric = library.default_rubric
    applicable = rubric.applicable(("specific-story", "structure", "fit", "delivery"), include_in_person=False)
    ordered: list[Criterion] = targeted_first(applicable, ("fit", "delivery"))
    assert [c.id for c in ordered] == ["fit", "delivery", "specific-story", "structure"]
    assert targeted_first(applicable, ()) == applicable
    assert [c.id for c in targeted_first(applicable, ("posture",))] == [c.id for c in applicable]


def test_the_targeted_setup_survives_saving_and_loading(library: Library, criteria: list[str]) -> None:
    setup = build_targeted_session(library.catalogue, ["specific-story", "enthusiasm"], criteria).setup
    assert PracticeSetup.from_dict(setup.to_dict()) == setup
    assert PracticeSetup.from_dict({"criteria_first": "specific-story"}).criteria_first == ()  # damaged: ignored
