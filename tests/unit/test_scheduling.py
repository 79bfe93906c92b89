"""Spaced repetition: the rating mapping, schedules rebuilt from history, leeches and today's queue."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from fsrs import Rating
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.library import Library
from interview_coach.domain.review_queue import (
    JournalTarget,
    due_setup,
    journal_targets,
    todays_queue,
)
from interview_coach.domain.scheduling import (
    LEECH_POOR_ATTEMPTS,
    Attempt,
    build_card,
    build_cards,
    comes_back,
    describe_status,
    leech_advice,
    outcome_score,
    rating_for,
)
from interview_coach.storage.library import load_library

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def attempt(n: int, score: float | None, key: str = "core/q1", days: float = 0.0) -> Attempt:
    return Attempt(answer_id=n, question_key=key, answered_at=START + timedelta(days=days), score=score)


@pytest.mark.parametrize(
    ("average", "rating"),
    [
        (1.0, Rating.Again),
        (2.0, Rating.Again),
        (2.01, Rating.Hard),
        (3.49, Rating.Hard),
        (3.5, Rating.Good),
        (4.49, Rating.Good),
        (4.5, Rating.Easy),
        (5.0, Rating.Easy),
    ],
)
def test_the_documented_rating_mapping(average: float, rating: Rating) -> None:
    assert rating_for(average) == rating


def test_outcome_weighs_the_candidate_the_friends_and_delivery_as_one_voice_each() -> None:
    assert outcome_score({}) is None
    assert outcome_score({"a": 2, "b": 4}) == 3.0
    # Two friends are one voice: (self 4 + friends' mean 2) / 2.
    assert outcome_score({"a": 4}, {"Sam": {"a": 1}, "Kim": {"a": 3}}) == 3.0
    assert outcome_score({}, {"Sam": {"a": 5}}) == 5.0
    assert outcome_score({"a": 5}, delivery=3.0) == 4.0
    assert outcome_score({"a": 5}, delivery=99.0) == 5.0  # a figure off the scale is clamped


def test_unscored_attempts_are_not_reviews() -> None:
    assert build_card("core/q1", [attempt(1, None), attempt(2, None, days=1)]) is None
    card = build_card("core/q1", [attempt(1, None), attempt(2, 4.0, days=1)])
    assert card is not None and card.reviews == 1


def test_a_poor_answer_comes_back_tomorrow_and_good_ones_space_out() -> None:
    poor = build_card("core/q1", [attempt(1, 1.5)])
    assert poor is not None and poor.interval_days == 1 and poor.status == "learning"
    history = [attempt(1, 4.0)]
    intervals = []
    for n in range(2, 7):
        card = build_card("core/q1", history)
        assert card is not None
        intervals.append(card.interval_days)
        days = (card.due - START).total_seconds() / 86400
        history.append(attempt(n, 4.0, days=days))
    assert intervals == sorted(intervals) and intervals[-1] > intervals[0]
    final = build_card("core/q1", history)
    assert final is not None and final.status == "review" and final.interval_days <= 60


def test_leech_after_six_poor_attempts_until_one_goes_well() -> None:
    poor = [attempt(n, 2.0, days=n) for n in range(LEECH_POOR_ATTEMPTS - 1)]
    card = build_card("core/q1", poor)
    assert card is not None and not card.is_leech
    poor.append(attempt(99, 3.0, days=10))
    card = build_card("core/q1", poor)
    assert card is not None and card.is_leech and card.status == "leech" and card.poor == LEECH_POOR_ATTEMPTS
    recovered = build_card("core/q1", [*poor, attempt(100, 4.5, days=11)])
    assert recovered is not None and not recovered.is_leech


def test_leech_advice_names_the_guidance_a_friend_and_the_journal() -> None:
    advice = leech_advice("A specific story", has_friend_sessions=False, in_journal_plan=False)
    assert "A specific story" in advice[0]
    assert "friend" in advice[1] and "journal" in advice[2]
    assert len(leech_advice("  ", has_friend_sessions=True, in_journal_plan=True)) == 2


scores = st.one_of(st.none(), st.floats(min_value=1.0, max_value=5.0))
histories = st.lists(
    st.tuples(st.sampled_from(["b/q1", "b/q2", "b/q3"]), st.floats(min_value=0, max_value=200), scores),
    max_size=25,
).map(lambda rows: [Attempt(n, key, START + timedelta(days=d), s) for n, (key, d, s) in enumerate(rows)])


@settings(max_examples=60)
@given(histories, st.randoms())
def test_the_same_history_always_gives_the_same_schedule(history: list[Attempt], rng: object) -> None:
    shuffled = list(history)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert build_cards(shuffled) == build_cards(history)


@settings(max_examples=60)
@given(histories, st.data())
def test_deleting_an_attempt_and_undoing_it_restores_the_schedule(history: list[Attempt], data: st.DataObject) -> None:
    before = build_cards(history)
    if history:
        gone = data.draw(st.sampled_from(history))
        after = build_cards([a for a in history if a is not gone])
        if gone.score is not None:
            remaining = [a for a in history if a.question_key == gone.question_key and a is not gone]
            assert after.get(gone.question_key) == build_card(gone.question_key, remaining)
        assert build_cards([a for a in history if a is not gone] + [gone]) == before


def local(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0).astimezone(timezone.utc)


def test_todays_queue_takes_due_cards_most_overdue_first_and_skips_unknown_questions() -> None:
    cards = build_cards([attempt(1, 1.0, "b/late"), attempt(2, 1.0, "b/soon", days=2), attempt(3, 5.0, "b/later")])
    today = cards["b/soon"].due_day()
    queue = todays_queue(cards, today)
    assert [i.question_key for i in queue] == ["b/late", "b/soon"]
    assert queue[0].reason == "Overdue by 2 days" and queue[1].reason.startswith("Scheduled review")
    assert [i.question_key for i in todays_queue(cards, today, known=frozenset({"b/soon"}))] == ["b/soon"]


def test_journal_questions_never_answered_enter_and_interviews_pull_questions_forward() -> None:
    cards = build_cards([attempt(1, 5.0, "b/known")])
    today = START.date() + timedelta(days=1)
    far = cards["b/known"].due_day()
    assert far > today + timedelta(days=2)
    targets = [
        JournalTarget("b/new", "Designer at Lumen", None),
        JournalTarget("b/known", "Designer at Lumen", None),
    ]
    queue = todays_queue(cards, today, targets)
    assert [(i.question_key, i.source, i.status) for i in queue] == [("b/new", "journal", "new")]
    assert "Designer at Lumen" in queue[0].reason
    interview = today + timedelta(days=3)
    soon = [JournalTarget("b/known", "Analyst at Orbit", interview)]
    assert todays_queue(cards, today, soon) == []  # two days before: not yet
    on_eve = todays_queue(cards, interview - timedelta(days=1), soon)
    assert [(i.question_key, i.source) for i in on_eve] == [("b/known", "interview")]
    assert "Analyst at Orbit" in on_eve[0].reason
    # Practised on the eve: ready for the interview, no longer pulled forward.
    practised = build_cards(
        [attempt(1, 5.0, "b/known"), Attempt(2, "b/known", local(interview - timedelta(days=1)), 4.0)]
    )
    assert todays_queue(practised, interview - timedelta(days=1), soon) == []


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


def test_journal_targets_are_the_entrys_targeted_questions_and_stable(library: Library) -> None:
    criteria = list(library.default_rubric.criterion_ids())
    today = date(2026, 3, 10)
    entry = JournalEntry("Lumen", "Designer", tags=("red-flag-handling",), heard_on=date(2026, 3, 1), id=4)
    targets = journal_targets([entry], library.catalogue, criteria, today)
    assert targets and targets == journal_targets([entry], library.catalogue, criteria, today)
    assert all(library.catalogue.question(t.question_key).is_red_flag for t in targets)  # type: ignore[union-attr]
    old = JournalEntry("Lumen", "Designer", tags=("red-flag-handling",), heard_on=date(2025, 1, 1), id=4)
    assert journal_targets([old], library.catalogue, criteria, today) == []
    upcoming = JournalEntry("Orbit", "Analyst", tags=("structure",), applied_on=date(2025, 1, 1),
                            interview_on=date(2026, 3, 12), id=5)  # fmt: skip
    found = journal_targets([upcoming], library.catalogue, criteria, today)
    assert found and all(t.interview_on == date(2026, 3, 12) for t in found)
    assert journal_targets([JournalEntry("X", tags=())], library.catalogue, criteria, today) == []
    # An interview booked before anything is tagged: the questions its stage usually points to.
    untagged = JournalEntry("Orbit", stage_reached="interview", interview_on=date(2026, 3, 12), id=6)
    assert journal_targets([untagged], library.catalogue, criteria, today)


def test_due_setup_practises_the_queue_in_order_with_the_users_choices() -> None:
    cards = build_cards([attempt(n, 1.0, f"b/q{n}") for n in range(12)])
    queue = todays_queue(cards, START.date() + timedelta(days=5))
    setup = due_setup(queue)
    assert setup.question_keys == tuple(i.question_key for i in queue[:10]) and setup.order == "in_order"


def test_status_lines_for_the_library_and_the_summary() -> None:
    card = build_card("b/q", [attempt(1, 1.0, "b/q")])
    assert card is not None
    today = START.date()
    assert describe_status(None, today) == "New"
    assert describe_status(card, card.due_day() - timedelta(days=1)) == "Learning, due tomorrow"
    assert describe_status(card, card.due_day()) == "Learning, due today"
    assert describe_status(card, card.due_day() - timedelta(days=5)).startswith("Learning, due on ")
    assert comes_back({"b/q": card}, ["b/q", "b/other"], card.due_day() - timedelta(days=1)) == {"b/q": "tomorrow"}


def test_a_long_backlog_takes_turns_with_the_journals_questions() -> None:
    cards = build_cards([attempt(n, 1.0, f"b/old{n}") for n in range(5)])
    today = START.date() + timedelta(days=30)
    targets = [JournalTarget(f"b/new{n}", "Designer at Lumen", None) for n in range(2)]
    queue = todays_queue(cards, today, targets)
    assert [i.source for i in queue] == [
        "schedule",
        "journal",
        "schedule",
        "journal",
        "schedule",
        "schedule",
        "schedule",
    ]
    assert [i.question_key for i in queue if i.source == "journal"] == ["b/new0", "b/new1"]
