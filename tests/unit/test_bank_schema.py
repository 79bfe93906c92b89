from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_coach.domain.bank_schema import parse_bank
from tests.support.factories import bank_data, question

CRITERIA = {"red-flag-handling", "fit", "specific-story"}


def parse(data: dict[str, Any]):
    return parse_bank(data, "bank.toml", known_criteria=CRITERIA)


def test_a_valid_bank_loads_every_field() -> None:
    bank, problems = parse(bank_data())
    assert problems == []
    assert bank is not None
    q = bank.questions[0]
    assert q.key == "test-bank/why-gap"
    assert q.is_red_flag
    assert q.think_seconds == 15 and q.answer_seconds == 90
    assert q.follow_ups == ("What did you learn?",)
    assert q.criteria == ("red-flag-handling", "fit")
    assert q.handling.startswith("Say it")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"text": None}, "'text' is missing"),
        ({"text": "   "}, "'text' is empty"),
        ({"think_seconds": "fifteen"}, "'think_seconds' must be a whole number"),
        ({"answer_seconds": 5}, "'answer_seconds' = 5 is outside 10-1200"),
        ({"follow_ups": []}, "'follow_ups' needs at least 1 item"),
        ({"criteria": ["charisma"]}, "unknown rubric criterion 'charisma'"),
        ({"handling": None}, "a red-flag prompt needs 'handling' guidance"),
        ({"id": "Why Gap"}, "must use lowercase letters"),
        ({"tags": "gap"}, "'tags' must be a list of text"),
        ({"improper": ["Age"]}, "'improper' must be text"),
        ({"improper": "x" * 5001}, "'improper' is 5001 characters long"),
    ],
)
def test_a_bad_field_names_the_file_the_entry_and_the_problem(changes: dict[str, Any], expected: str) -> None:
    good = question(id="fine")
    bad = question(**changes)
    bank, problems = parse(bank_data(questions=[good, bad]))
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith("bank.toml: question 2")
    assert expected in message
    # The good question still loads.
    assert bank is not None and [q.id for q in bank.questions] == ["fine"]


def test_duplicate_question_ids_are_reported_and_the_first_kept() -> None:
    bank, problems = parse(bank_data(questions=[question(), question(text="Another text?")]))
    assert bank is not None and len(bank.questions) == 1
    assert "duplicate question id 'why-gap'" in str(problems[0])


def test_a_missing_bank_table_rejects_the_file() -> None:
    bank, problems = parse({"questions": [question()]})
    assert bank is None
    assert str(problems[0]) == "bank.toml: [bank]: the [bank] table is missing"


def test_a_bank_without_questions_is_rejected() -> None:
    bank, problems = parse({"bank": {"id": "x", "title": "X"}, "questions": []})
    assert bank is None and "no [[questions]]" in str(problems[0])


def test_an_improper_question_carries_its_guidance_and_a_fair_one_none() -> None:
    note = "Age is not a fair question; answer about your energy for the work."
    bank, problems = parse(bank_data(questions=[question(improper=note), question(id="fair")]))
    assert problems == [] and bank is not None
    assert [q.improper for q in bank.questions] == [note, ""]


def test_non_red_flag_questions_need_no_handling() -> None:
    bank, problems = parse(bank_data(questions=[question(category="behavioural", handling=None)]))
    assert problems == [] and bank is not None and bank.questions[0].handling == ""


def test_category_counts() -> None:
    bank, _ = parse(bank_data(questions=[question(id="a"), question(id="b", category="closing")]))
    assert bank is not None and bank.category_counts() == {"red-flag": 1, "closing": 1}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=20,
)


@given(st.dictionaries(st.sampled_from(["bank", "questions", "other"]), json_values, max_size=3))
def test_any_data_gives_a_bank_or_problems_never_an_exception(data: dict[str, Any]) -> None:
    bank, problems = parse(data)
    assert bank is not None or problems


@given(st.lists(st.fixed_dictionaries({"id": st.text(max_size=8), "text": json_values}), max_size=5))
def test_broken_questions_are_each_reported(entries: list[dict[str, Any]]) -> None:
    bank, problems = parse(bank_data(questions=entries))
    loaded = len(bank.questions) if bank else 0
    assert loaded + len(problems) == len(entries) or (not entries and problems)
