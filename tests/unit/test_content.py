"""What the shipped questions promise a job seeker (issue 18): breadth, guidance, honest advice, no repeats.

The size targets (MIN_QUESTIONS, MIN_BANKS, MIN_RED_FLAGS) count the role packs in question_banks/role-*.toml
as well; every other test here holds for whatever banks ship.
"""

from __future__ import annotations

import itertools
import re

import pytest

from interview_coach.domain.library import Library
from interview_coach.domain.questions import Question
from interview_coach.storage.library import load_library
from interview_coach.storage.locations import shipped_banks_dir

MIN_QUESTIONS = 450
MIN_BANKS = 20
MIN_RED_FLAGS = 75
ROLE_PACK_FILES = {
    f"role-{name}"
    for name in (
        "retail-hospitality", "healthcare-care", "teaching", "admin-office", "finance", "data", "it-support",
        "marketing", "project-product", "design", "trades-logistics", "public-sector", "nursing", "returners",
        "internships",
    )
}  # fmt: skip
RED_FLAG_SECONDS = (30, 60)  # the advice is one honest sentence, then back to fit
MAX_SIMILARITY = 0.5  # token overlap of two question texts; the merged duplicates scored 0.6
CONTENT_CRITERIA = {"substance", "specific-story", "fit", "enthusiasm", "red-flag-handling"}
NEW_RED_FLAG_TOPICS = {
    "remote-hybrid", "visa", "right-to-work", "criminal-record", "never-managed", "misconduct", "performance-plan",
    "asked-to-resign", "disability", "older-worker", "contract-work", "part-time", "leaving-military", "step-down",
}  # fmt: skip
# Words that say nothing about what a question is about, left out when comparing two questions.
STOP_WORDS = {
    "a", "an", "the", "you", "your", "to", "of", "and", "in", "for", "i", "me", "we", "us", "our", "it", "is",
    "was", "that", "this", "what", "how", "do", "did", "have", "with", "at", "on", "as", "be", "or", "about",
    "would", "there", "tell", "time", "why", "can", "had", "has", "were", "they", "them", "so", "by", "from",
    "are", "will", "any", "if", "should",
}  # fmt: skip
# Advice that once told people to say what may not be true (issue 18); it must not come back.
SCRIPTED_CLAIMS = ("say you've been selective", "which is now behind me", "reasons for moving aren't about money")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


@pytest.fixture(scope="module")
def questions(library: Library) -> list[Question]:
    return library.catalogue.questions()


def test_the_library_is_as_broad_as_promised(library: Library, questions: list[Question]) -> None:
    """Needs the fifteen role packs of issue 18 besides the general and red-flag banks.

    They are written on their own branch; until any of them is merged this test says so and skips, and
    from then on all of them must be there and the targets met.
    """
    present = {name for name in ROLE_PACK_FILES if (shipped_banks_dir() / f"{name}.toml").is_file()}
    if not present:
        pytest.skip("the role packs of issue 18 (question_banks/role-*.toml) are not merged yet")
    assert ROLE_PACK_FILES - present == set()
    questions_count, banks, red_flags = (
        len(questions),
        len(library.catalogue.banks),
        sum(q.is_red_flag for q in questions),
    )
    assert questions_count >= MIN_QUESTIONS, f"{questions_count} questions"
    assert banks >= MIN_BANKS, f"{banks} banks"
    assert red_flags >= MIN_RED_FLAGS, f"{red_flags} red-flag prompts"


def test_every_question_has_guidance_and_follow_ups(questions: list[Question]) -> None:
    thin = [q.key for q in questions if len(q.strong_answer) < 60 or not q.follow_ups or not all(q.follow_ups)]
    assert thin == []
    assert [q.key for q in questions if q.is_red_flag and len(q.handling) < 100] == []


def test_no_question_is_scored_only_on_form(questions: list[Question]) -> None:
    """A smooth answer that misses the point must not score full marks."""
    assert [q.key for q in questions if not CONTENT_CRITERIA & set(q.criteria)] == []


def test_a_question_that_asks_for_a_real_example_is_scored_on_one(questions: list[Question]) -> None:
    asks = re.compile(r"\b(has this (actually )?happened|tell me about a (time|real)|when (has|were|was) )", re.I)
    missing = [
        q.key
        for q in questions
        if q.category == "situational"
        and any(asks.search(t) for t in (q.text, *q.follow_ups))
        and "specific-story" not in q.criteria
    ]
    assert missing == []


def words(text: str) -> set[str]:
    def stem(word: str) -> str:
        for ending in ("ing", "ed", "es", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                return word[: -len(ending)]
        return word

    return {stem(w) for w in re.findall(r"[a-z]+", text.lower()) if w not in STOP_WORDS}


def similarity(first: str, second: str) -> float:
    a, b = words(first), words(second)
    return len(a & b) / len(a | b) if a | b else 1.0


def test_the_similarity_measure_catches_a_near_duplicate() -> None:
    # The pair issue 18 found, as it was before one of them was reworded.
    assert (
        similarity(
            "Tell me about a time you received critical feedback. What did you do with it?",
            "Tell me about a piece of critical feedback you've received and what you did with it.",
        )
        > MAX_SIMILARITY
    )


def test_no_two_questions_are_near_duplicates(questions: list[Question]) -> None:
    close = [
        (a.key, b.key, round(score, 2))
        for a, b in itertools.combinations(questions, 2)
        if (score := similarity(a.text, b.text)) > MAX_SIMILARITY
    ]
    assert close == []


def test_red_flag_limits_fit_the_advice(questions: list[Question]) -> None:
    low, high = RED_FLAG_SECONDS
    assert [(q.key, q.answer_seconds) for q in questions if q.is_red_flag and not low <= q.answer_seconds <= high] == []


def test_the_red_flags_people_actually_face_are_covered(questions: list[Question]) -> None:
    tags = {t for q in questions if q.is_red_flag for t in q.tags}
    assert NEW_RED_FLAG_TOPICS - tags == set()


def test_questions_an_interviewer_should_not_ask_are_marked(library: Library, questions: list[Question]) -> None:
    improper = library.catalogue.bank("improper-questions")
    assert improper is not None and len(improper.questions) >= 10
    assert all(q.is_red_flag and len(q.improper) >= 100 for q in improper.questions)
    for key in ("caregiving-availability", "caregiving-return", "gap-health"):
        question = library.catalogue.question(f"red-flags/{key}")
        assert question is not None and question.improper
    # Only questions that are really improper carry the notice.
    assert all("improper" in q.tags or q.bank_id == "red-flags" for q in questions if q.improper)


def test_numbers_are_spelled_for_speech(questions: list[Question]) -> None:
    spoken = [(q.key, t) for q in questions for t in (q.text, *q.follow_ups) if re.search(r"\d", t)]
    assert spoken == []


def test_no_advice_scripts_a_claim_that_may_be_false(questions: list[Question]) -> None:
    advice = [(q.key, claim) for q in questions for claim in SCRIPTED_CLAIMS if claim in q.handling.lower()]
    assert advice == []
