from __future__ import annotations

import copy
from typing import Any

from interview_coach.domain.rubric_schema import parse_rubric

CRITERION: dict[str, Any] = {
    "id": "fit",
    "name": "Fit",
    "summary": "Ties to the role",
    "levels": ["one", "two", "three", "four", "five"],
}


def rubric_data(*criteria: dict[str, Any]) -> dict[str, Any]:
    return {"rubric": {"id": "r", "title": "R"}, "criteria": list(criteria) or [copy.deepcopy(CRITERION)]}


def test_a_valid_rubric_gives_level_text_per_score() -> None:
    rubric, problems = parse_rubric(rubric_data(), "r.toml")
    assert problems == [] and rubric is not None
    fit = rubric.criterion("fit")
    assert fit is not None and fit.level_text(1) == "one" and fit.level_text(5) == "five"


def test_wrong_number_of_levels_rejects_the_rubric() -> None:
    rubric, problems = parse_rubric(rubric_data({**CRITERION, "levels": ["a", "b", "c", "d"]}), "r.toml")
    assert rubric is None
    assert "criterion 1" in str(problems[0]) and "at least 5" in str(problems[0])
    rubric, problems = parse_rubric(rubric_data({**CRITERION, "levels": list("abcdef")}), "r.toml")
    assert rubric is None and "exactly 5" in str(problems[0])


def test_applicable_keeps_rubric_order_and_hides_in_person_when_alone() -> None:
    posture = {**CRITERION, "id": "posture", "name": "Posture", "in_person": True}
    story = {**CRITERION, "id": "story", "name": "Story"}
    rubric, _ = parse_rubric(rubric_data(story, CRITERION, posture), "r.toml")
    assert rubric is not None
    alone = rubric.applicable(("posture", "fit", "story"), include_in_person=False)
    assert [c.id for c in alone] == ["story", "fit"]
    with_friend = rubric.applicable(("posture", "fit"), include_in_person=True)
    assert [c.id for c in with_friend] == ["fit", "posture"]


def test_duplicate_criterion_ids_reject_the_rubric() -> None:
    rubric, problems = parse_rubric(rubric_data(CRITERION, CRITERION), "r.toml")
    assert rubric is None and "duplicate criterion id 'fit'" in str(problems[0])
