"""Patterns across the journal: the stage funnel, its plain reading, and what feedback names most."""

from __future__ import annotations

from datetime import date

from interview_coach.domain.journal import JournalEntry, Outcome, Stage, sorted_entries
from interview_coach.domain.journal_patterns import FunnelStage, funnel, most_named, read_funnel

NAMES = {
    "specific-story": "Specific story",
    "enthusiasm": "Enthusiasm",
    "fit": "Fit with the role",
    "red-flag-handling": "Handling of red flags",
    "cv-cover-letter": "CV and cover letter",
}
PRACTISABLE = frozenset({"specific-story", "enthusiasm", "fit", "red-flag-handling"})


def entry(stage: Stage, outcome: Outcome = "rejected", *tags: str, day: int = 1) -> JournalEntry:
    return JournalEntry("Co", "Role", date(2026, 5, day), stage, outcome, tags=tags)


def test_the_funnel_counts_how_far_applications_got_and_where_they_stopped() -> None:
    entries = [
        entry("application"),
        entry("application"),
        entry("application", "waiting"),
        entry("phone-screen"),
        entry("phone-screen", "withdrew"),
        entry("interview"),
        entry("final-round", "waiting"),
        entry("interview", "offer"),  # an offer counts as reaching the offer stage
    ]
    rows = funnel(entries)
    assert [r.stage for r in rows] == ["application", "phone-screen", "interview", "final-round", "offer"]
    assert [r.reached for r in rows] == [8, 5, 3, 2, 1]
    assert [(r.stopped, r.waiting) for r in rows] == [(2, 1), (2, 0), (1, 0), (0, 1), (0, 0)]
    assert [r.went_further for r in rows] == [5, 3, 2, 1, 1]
    assert funnel([]) == [FunnelStage(s, 0, 0, 0) for s in ("application", "phone-screen", "interview",
                                                              "final-round", "offer")]  # fmt: skip


def test_stopping_at_the_application_points_to_the_cv() -> None:
    reading = read_funnel([entry("application")] * 3 + [entry("interview")])
    assert reading.key == "application" and reading.areas[0] == "cv-cover-letter"
    assert reading.headline == "Most of your applications stop before anyone calls you (3 of 4 rejections)."
    assert "CV and cover letter" in reading.advice and not reading.practisable


def test_stopping_at_phone_screens_points_to_red_flag_answers_and_fit() -> None:
    reading = read_funnel([entry("phone-screen")] * 3 + [entry("application"), entry("interview", "waiting")])
    assert reading.key == "screen" and reading.areas[:2] == ("red-flag-handling", "fit")
    assert "after the phone screen (3 of 4 rejections)" in reading.headline
    assert "red-flag answers" in reading.advice and "reasons for fit" in reading.advice and reading.practisable


def test_stopping_after_interviews_points_to_stories_enthusiasm_and_follow_up() -> None:
    reading = read_funnel([entry("interview"), entry("final-round"), entry("interview"), entry("phone-screen")])
    assert reading.key == "interview" and reading.areas == ("specific-story", "enthusiasm", "follow-up")
    assert reading.headline == "You get to interviews; most of your applications stop after them (3 of 4 rejections)."
    assert "thank-you note" in reading.advice


def test_without_a_majority_the_reading_says_where_they_stop_most_often() -> None:
    reading = read_funnel([entry("application"), entry("phone-screen"), entry("phone-screen"), entry("interview"),
                           entry("interview"), entry("final-round")])  # fmt: skip
    assert reading.key == "interview"
    assert reading.headline == (
        "You get to interviews, and that is where your applications stop most often (3 of 6 rejections)."
    )
    tie = read_funnel([entry("application"), entry("phone-screen"), entry("phone-screen"), entry("application")])
    assert tie.key == "application"  # a tie goes to the earlier stage: the first leak comes first
    assert tie.headline == "Your applications stop most often before anyone calls you (2 of 4 rejections)."


def test_too_few_outcomes_for_a_reading_say_so_kindly() -> None:
    assert read_funnel([]).key == "none"
    few = read_funnel([entry("interview"), entry("application", "waiting")])
    assert few.key == "few" and few.areas == () and "3 or more rejections" in few.advice
    offers = read_funnel([entry("offer", "offer"), entry("interview")])
    assert offers.key == "offers" and "1 offer so far" in offers.headline


def test_offers_are_mentioned_alongside_the_reading() -> None:
    reading = read_funnel([entry("phone-screen")] * 3 + [entry("offer", "accepted")])
    assert reading.key == "screen" and "You have 1 offer too" in reading.advice


def test_the_most_named_areas_count_entries_not_mentions() -> None:
    entries = [
        entry("interview", "rejected", "specific-story", "enthusiasm"),
        entry("interview", "rejected", "specific-story", "specific-story"),
        entry("application", "rejected", "cv-cover-letter"),
        entry("phone-screen", "rejected", "enthusiasm", "specific-story"),
        entry("phone-screen", "rejected"),
    ]
    named = most_named(entries, NAMES, PRACTISABLE)
    assert [(n.area, n.entries) for n in named] == [("specific-story", 3), ("enthusiasm", 2), ("cv-cover-letter", 1)]
    assert named[0].name == "Specific story" and named[0].practisable and not named[2].practisable
    assert most_named([], NAMES, PRACTISABLE) == []


def test_entries_list_newest_application_first() -> None:
    older, newer, undated = entry("application", day=1), entry("interview", day=20), JournalEntry("Undated")
    assert sorted_entries([older, undated, newer]) == [newer, older, undated]
