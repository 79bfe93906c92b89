"""Question and rubric snapshots: the same JSON as always, and tolerant of what older versions stored."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from interview_coach.domain.library import Library
from interview_coach.domain.rubric import Criterion
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot, snapshot_criteria
from interview_coach.storage.library import load_library

LEVELS = ("Poor.", "Weak.", "Fair.", "Good.", "Excellent.")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


def test_the_stored_json_is_byte_for_byte_what_earlier_versions_wrote(library: Library) -> None:
    """`improper` is newer: written only when set, before the key, so other snapshots are unchanged."""
    assert any(q.improper for q in library.catalogue.questions())
    for question in library.catalogue.questions():
        fields = asdict(question)
        improper = fields.pop("improper")
        earlier = json.dumps({**fields, **({"improper": improper} if improper else {}), "key": question.key})
        assert json.dumps(QuestionSnapshot.of(question).to_json()) == earlier
    rubric = library.default_rubric
    chosen = list(rubric.criteria[:3])
    earlier = json.dumps({"id": rubric.id, "title": rubric.title, "criteria": [asdict(c) for c in chosen]})
    assert json.dumps(RubricSnapshot.of(rubric, chosen).to_json()) == earlier


def test_a_snapshot_reads_back_as_it_was_written(library: Library) -> None:
    for question in library.catalogue.questions():
        snapshot = QuestionSnapshot.of(question)
        assert QuestionSnapshot.from_json(json.loads(json.dumps(snapshot.to_json()))) == snapshot
        assert snapshot.to_question() == question
    rubric = RubricSnapshot.of(library.default_rubric)
    assert RubricSnapshot.from_json(json.loads(json.dumps(rubric.to_json()))) == rubric


def test_an_older_question_snapshot_gets_defaults_for_what_it_lacks() -> None:
    old = QuestionSnapshot.from_json({"bank_id": "opening", "id": "about", "text": "Tell me about yourself."})
    assert old.key == "opening/about"
    assert old.text == "Tell me about yourself." and old.category == "" and old.handling == "" and old.improper == ""
    assert old.tags == () and old.follow_ups == () and old.criteria == ()
    assert old.think_seconds == 0 and old.answer_seconds == 0


@pytest.mark.parametrize("data", [None, [], "Q", 5, {"text": 5, "tags": "a", "think_seconds": "30"}])
def test_a_damaged_question_snapshot_never_raises(data: object) -> None:
    snapshot = QuestionSnapshot.from_json(data)
    assert snapshot.text == "" and snapshot.tags == () and snapshot.think_seconds == 0 and snapshot.improper == ""


def test_question_fields_of_the_wrong_type_are_left_out() -> None:
    snapshot = QuestionSnapshot.from_json(
        {"key": "a/b", "text": "Q", "tags": ["ok", 3, None], "answer_seconds": 90.0, "think_seconds": True,
         "follow_ups": ["Why?", {"no": 1}], "criteria": "fit"}
    )  # fmt: skip
    assert snapshot.tags == ("ok",) and snapshot.follow_ups == ("Why?",) and snapshot.criteria == ()
    assert snapshot.answer_seconds == 90 and snapshot.think_seconds == 0


def test_an_older_rubric_snapshot_gets_names_and_blank_levels() -> None:
    rubric = RubricSnapshot.from_json({"criteria": [{"id": "fit"}, {"id": "clarity", "name": "  "}, {"name": "x"}, 7]})
    assert rubric.id == "" and rubric.title == ""
    assert rubric.criteria == (
        Criterion("fit", "fit", "", ("",) * 5),
        Criterion("clarity", "clarity", "", ("",) * 5),
    )
    assert rubric.names() == {"fit": "fit", "clarity": "clarity"}


def test_rubric_criteria_of_the_wrong_shape_get_defaults() -> None:
    odd = {"id": "fit", "name": "Fit", "levels": [1, 2, 3, 4, 5], "in_person": "yes", "summary": None}
    rubric = RubricSnapshot.from_json({"id": "r", "title": "R", "criteria": [odd]})
    assert rubric.criteria == (Criterion("fit", "Fit", "", ("",) * 5, in_person=False),)


def criterion(criterion_id: str, name: str = "", *, in_person: bool = False) -> Criterion:
    return Criterion(criterion_id, name or criterion_id, "", LEVELS, in_person)


def test_an_answer_is_scored_on_its_rubric_narrowed_to_its_question() -> None:
    rubric = RubricSnapshot("default", "Rubric", (criterion("fit"), criterion("story"), criterion("eye-contact")))
    question = QuestionSnapshot("a/b", "Q", criteria=("eye-contact", "fit"))
    assert [c.id for c in snapshot_criteria(question, rubric)] == ["fit", "eye-contact"]  # rubric order
    assert [c.id for c in snapshot_criteria(QuestionSnapshot("a/b", "Q"), rubric)] == ["fit", "story", "eye-contact"]
    unknown = QuestionSnapshot("a/b", "Q", criteria=("posture",))
    assert [c.id for c in snapshot_criteria(unknown, rubric)] == ["fit", "story", "eye-contact"]


def test_criteria_a_review_pack_could_not_carry_are_left_out_and_repeats_dropped() -> None:
    rubric = RubricSnapshot(
        "default",
        "Rubric",
        (criterion("fit", "First"), criterion("Not A Slug"), criterion("fit", "Second"), criterion("x" * 65)),
    )
    assert [(c.id, c.name) for c in snapshot_criteria(QuestionSnapshot("a/b", "Q"), rubric)] == [("fit", "First")]
