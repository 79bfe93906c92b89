"""Self-scores against a friend's: one answer side by side, and the habit over many answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from interview_coach.domain.calibration import (
    MIN_PAIRS,
    agreement_line,
    calibrate,
    compare_scores,
)
from interview_coach.domain.history import AnswerFact
from interview_coach.domain.practice_setup import PracticeSetup, friend_label
from interview_coach.domain.probes import red_flag_probes
from interview_coach.domain.questions import Question
from interview_coach.domain.snapshots import QuestionSnapshot

CRITERIA = [("specific-story", "Specific story"), ("enthusiasm", "Enthusiasm"), ("eye-contact", "Eye contact")]
NAMES = dict(CRITERIA)


def fact(self_scores: dict[str, int], friends: dict[str, dict[str, int]], answer_id: int = 1) -> AnswerFact:
    return AnswerFact(
        answer_id, 1, datetime(2026, 11, 1, tzinfo=UTC), 1, 1, "b/q", "b", "behavioural", "Q?", "recorded",
        None, 60.0, 120.0, False, self_scores, friends,
    )  # fmt: skip


def test_a_comparison_lists_every_criterion_with_how_far_apart_the_two_scores_are() -> None:
    rows = compare_scores(CRITERIA, {"specific-story": 4, "enthusiasm": 3}, {"specific-story": 2, "enthusiasm": 3,
                          "eye-contact": 4})  # fmt: skip
    assert [(r.criterion_id, r.difference, r.agreement) for r in rows] == [
        ("specific-story", 2, "apart"),
        ("enthusiasm", 0, "agree"),
        ("eye-contact", None, "only_friend"),  # in person: only the friend can judge it
    ]
    assert agreement_line(rows) == (
        "You agree exactly on 1 of 2 points; the widest gap is Specific story: you scored yourself 2 higher."
    )


def test_close_scores_read_as_close_and_no_pair_says_so() -> None:
    close = compare_scores(CRITERIA[:2], {"specific-story": 3, "enthusiasm": 4}, {"specific-story": 4, "enthusiasm": 4})
    assert [r.agreement for r in close] == ["close", "agree"]
    assert agreement_line(close) == "You agree exactly on 1 of 2 points, and never more than a point apart."
    assert agreement_line(compare_scores(CRITERIA, {}, {"eye-contact": 3})) == "No point was scored by both of you."


def test_calibration_averages_self_minus_friend_per_criterion_widest_gap_first() -> None:
    answers = [
        fact({"enthusiasm": 5, "specific-story": 3}, {"Sam": {"enthusiasm": 4, "specific-story": 3}}, 1),
        fact({"enthusiasm": 4, "specific-story": 2}, {"Sam": {"enthusiasm": 3, "specific-story": 3}}, 2),
        fact({"enthusiasm": 5}, {"Sam": {"enthusiasm": 4}, "Ana": {"enthusiasm": 3}}, 3),
        fact({"enthusiasm": 2}, {}, 4),  # no friend: says nothing about calibration
    ]
    found = calibrate(answers, NAMES)
    assert [(c.criterion_id, round(c.mean_gap, 2), c.pairs) for c in found] == [
        ("enthusiasm", 1.25, 4),
        ("specific-story", -0.5, 2),
    ]
    enthusiasm, story = found
    assert (
        enthusiasm.notable
        and enthusiasm.sentence() == "You rate your enthusiasm 1.2 points higher than your friends do."
    )
    assert not story.notable and story.pairs < MIN_PAIRS  # too few answers to call it a habit
    assert story.sentence() == "You rate your specific story 0.5 points lower than your friends do."


def test_a_small_gap_reads_as_agreement() -> None:
    answers = [fact({"enthusiasm": 4}, {"Sam": {"enthusiasm": 4}}, i) for i in range(4)]
    (only,) = calibrate(answers, NAMES)
    assert not only.notable and only.sentence() == "Your enthusiasm scores match your friends' (within 0.0)."


def question(key: str, category: str, tags: tuple[str, ...], text: str) -> Question:
    bank, qid = key.split("/")
    return Question(bank, qid, text, category, tags, 10, 60, "Strong.", (), ("fit",))


def test_red_flag_probes_give_one_per_topic_with_related_topics_first() -> None:
    bank = [
        question("red-flags/gap", "red-flag", ("employment-gap", "career-break"), "What about the gap?"),
        question("red-flags/gap-2", "red-flag", ("employment-gap",), "And the second gap?"),
        question("red-flags/salary", "red-flag", ("salary",), "What do you expect to earn?"),
        question("red-flags/fired", "red-flag", ("fired",), "Why were you let go?"),
        question("behavioural/team", "behavioural", ("teamwork",), "Tell me about a team."),
    ]
    asked = QuestionSnapshot("motivation/why-us", "Why us?", tags=("salary", "motivation"))
    probes = red_flag_probes(bank, asked)
    assert [(p.topic, p.text, p.related) for p in probes] == [
        ("Salary", "What do you expect to earn?", True),
        ("Employment gap", "What about the gap?", False),
        ("Fired", "Why were you let go?", False),
    ]
    on_itself = red_flag_probes(bank, QuestionSnapshot("red-flags/salary", "?", tags=("salary",)))
    assert "Salary" not in [p.topic for p in on_itself]  # the question on screen is not offered as its own probe


@pytest.mark.parametrize(
    ("saved", "mode", "name"),
    [
        ({"mode": "friend", "friend_name": "  Sam  "}, "friend", "Sam"),
        ({"mode": "panel", "friend_name": 7}, "solo", "7"),
        ({"mode": "friend", "friend_name": "x" * 500}, "friend", "x" * 60),
    ],
)
def test_friend_mode_choices_survive_saving_and_damaged_values(saved: dict, mode: str, name: str) -> None:
    setup = PracticeSetup.from_dict(saved)
    assert (setup.mode, setup.friend_name) == (mode, name)
    assert PracticeSetup.from_dict(setup.to_dict()) == setup
    assert friend_label(PracticeSetup(mode="friend")) == "Friend"
