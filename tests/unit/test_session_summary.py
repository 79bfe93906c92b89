"""The end-of-session summary."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from interview_coach.domain.records import AnswerRecord, AnswerTimings
from interview_coach.domain.rubric import Criterion
from interview_coach.domain.session_summary import change_text, latest_attempts, summarise
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot

NAMES = {"specific-story": "Specific story", "enthusiasm": "Enthusiasm", "fit": "Fit with the role"}
WHEN = datetime(2026, 11, 1, tzinfo=timezone.utc)
RUBRIC = RubricSnapshot(
    "default",
    "Standard",
    tuple(Criterion(cid, name, "", tuple(f"{name} level {v}" for v in range(1, 6))) for cid, name in NAMES.items()),
)


def answer(answer_id: int, position: int, attempt: int = 1, seconds: float = 60, over: bool = False) -> AnswerRecord:
    return AnswerRecord(
        id=answer_id, session_id=1, position=position, attempt=attempt, question_key=f"b/q{position}",
        category="behavioural", rubric=RUBRIC, recording_path=f"take-{answer_id}.flac",
        question=QuestionSnapshot(f"b/q{position}", f"Question {position}?", answer_seconds=120),
        timings=AnswerTimings(answer_seconds=seconds, over_limit=over), status="recorded", created_at=WHEN,
    )  # fmt: skip


def test_averages_strongest_weakest_and_the_suggested_focus() -> None:
    answers = [answer(1, 1), answer(2, 2, seconds=130, over=True)]
    scores = {1: {"specific-story": 2, "enthusiasm": 4}, 2: {"specific-story": 3, "enthusiasm": 5, "fit": 4}}
    summary = summarise(1, 3, answers, scores, NAMES)
    assert [(c.criterion_id, c.average, c.count) for c in summary.criteria] == [
        ("specific-story", 2.5, 2), ("enthusiasm", 4.5, 2), ("fit", 4.0, 1),
    ]  # fmt: skip
    assert summary.strongest is not None and summary.strongest.criterion_id == "enthusiasm"
    assert summary.weakest is not None and summary.weakest.criterion_id == "specific-story"
    assert summary.suggested_focus == summary.weakest
    assert summary.speaking_seconds == 190 and summary.over_limit == 1
    assert summary.questions_answered == 2 and summary.questions_planned == 3
    assert summary.overall == pytest.approx(18 / 5)


def test_a_redo_replaces_the_earlier_attempt_in_the_averages_but_both_count_as_speaking() -> None:
    answers = [answer(1, 1, seconds=50, over=True), answer(2, 1, attempt=2, seconds=40)]
    assert [a.id for a in latest_attempts(answers)] == [2]
    summary = summarise(1, 1, answers, {1: {"fit": 1}, 2: {"fit": 4}}, NAMES)
    assert summary.criteria[0].average == 4 and summary.over_limit == 0 and summary.speaking_seconds == 90


def test_changes_against_the_previous_session() -> None:
    summary = summarise(2, 1, [answer(1, 1)], {1: {"fit": 4, "enthusiasm": 3}}, NAMES,
                        previous={"fit": (2.5, 4)})  # fmt: skip
    changes = {c.criterion_id: c.change for c in summary.criteria}
    assert changes == {"enthusiasm": None, "fit": 1.5}
    assert summary.previous_overall == 2.5


def test_no_focus_is_suggested_when_everything_is_strong_or_unscored() -> None:
    assert summarise(1, 1, [answer(1, 1)], {}, NAMES).suggested_focus is None
    strong = summarise(1, 1, [answer(1, 1)], {1: {"fit": 5, "enthusiasm": 5}}, NAMES)
    assert strong.suggested_focus is None


def test_a_friend_session_summary_reads_the_friends_scores_beside_your_own() -> None:
    answers = [answer(1, 1), answer(2, 2)]
    own = {1: {"specific-story": 4, "fit": 4}, 2: {"specific-story": 4, "fit": 4}}
    sams = {1: {"specific-story": 2, "fit": 4, "eye": 5}, 2: {"specific-story": 3, "fit": 4, "eye": 4}}
    summary = summarise(9, 2, answers, own, NAMES | {"eye": "Eye contact"}, friend_name="Sam", friend_scores=sams)
    assert [(c.criterion_id, c.average) for c in summary.friend_averages] == [
        ("specific-story", 2.5),
        ("fit", 4.0),
        ("eye", 4.5),
    ]
    assert summary.friend_reading() == (
        "Sam's average: 3.7 (yours 4.0). Sam rated Eye contact highest and Specific story lowest."
    )
    assert summarise(9, 2, answers, own, NAMES).friend_reading() == ""  # solo: nothing to compare


def test_each_answered_question_gets_a_card_with_its_best_point_and_what_to_work_on() -> None:
    answers = [answer(1, 1), answer(2, 2, seconds=130, over=True), answer(3, 3, seconds=0)]
    answers[2] = AnswerRecord(**{**answers[2].__dict__, "status": "skipped", "timings": AnswerTimings()})
    scores = {1: {"specific-story": 2, "enthusiasm": 4, "fit": 4}, 2: {"specific-story": 3, "enthusiasm": 3}}
    summary = summarise(1, 3, answers, scores, NAMES)
    first, second = summary.answers  # the skipped question has no card
    assert (first.question, first.recording_path) == ("Question 1?", "take-1.flac")
    assert first.average == pytest.approx(10 / 3)
    assert [p.name for p in first.best] == ["Enthusiasm", "Fit with the role"]  # a tie names both
    assert first.best[0].level == "Enthusiasm level 4"
    assert first.work_on is not None and first.work_on.criterion_id == "specific-story"
    assert second.over_limit and second.work_on is None  # all points equal: nothing singled out
    assert summary.title == "Session ended: 2 of 3 questions answered" and not summary.complete


def test_ties_are_named_together_and_no_change_reads_as_words() -> None:
    answers = [answer(1, 1)]
    summary = summarise(1, 1, answers, {1: {"specific-story": 2, "enthusiasm": 4, "fit": 4}}, NAMES)
    assert summary.highlights() == "Strongest: Enthusiasm and Fit with the role (4.0). Weakest: Specific story (2.0)."
    assert summary.title == "Session complete"
    level = summarise(1, 1, answers, {1: {"specific-story": 3, "enthusiasm": 3}}, NAMES)
    assert level.highlights() == ""
    assert [change_text(c) for c in (None, 0.0, 0.04, 0.4, -0.3)] == [
        "new", "no change", "no change", "+0.4", "\N{MINUS SIGN}0.3",
    ]  # fmt: skip
