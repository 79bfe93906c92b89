"""Tags suggested from the feedback's own words, to be confirmed by the candidate."""

from __future__ import annotations

import pytest

from interview_coach.domain.journal_content import JournalContent, KeywordRule, ReadingRules, parse_reading
from interview_coach.domain.journal_tagging import find_phrase, new_suggestions, suggest_tags, tokens
from interview_coach.storage.journal_resources import load_journal_content


@pytest.fixture(scope="module")
def content() -> JournalContent:
    return load_journal_content()


def areas(text: str, content: JournalContent) -> list[str]:
    return [s.area for s in suggest_tags([text], content.rules, reading=content.reading)]


@pytest.mark.parametrize(
    ("feedback", "expected"),
    [
        ("They said I gave no concrete examples", ["specific-story"]),
        ("Your answers lacked specifics.", ["specific-story"]),
        ("We didn't hear enough real-life examples of what you did.", ["specific-story"]),
        ("Not sure about your motivation for the role.", ["enthusiasm", "fit"]),
        ("The answers were a bit long-winded.", ["structure"]),
        ("You seemed defensive about why you left your last job.", ["red-flag-handling"]),
        ("Strong candidate, but your CV didn't show the analytics experience we need.", ["cv-cover-letter"]),
        ("Unfortunately, due to the high volume of applications, we won't be taking yours forward.",
         ["cv-cover-letter"]),
        ("We went with someone with more hands-on experience with Salesforce.", ["skills"]),
        ("The panel wanted more commercial awareness of our sector.", ["industry-knowledge"]),
        ("We'd be happy to keep your details on file for future roles.", []),  # boilerplate, asks nothing
        ("You never sent a thank-you note or asked for feedback.", ["follow-up"]),
        ("You came across as nervous and spoke too fast.", ["delivery"]),
        ("Thank you for coming in. We have chosen to proceed with another applicant.", []),
    ],
)  # fmt: skip
def test_feedback_suggests_the_areas_it_names(feedback: str, expected: list[str], content: JournalContent) -> None:
    assert sorted(areas(feedback, content)) == sorted(expected)


def test_a_gap_on_the_cv_is_about_the_gap_not_the_cv(content: JournalContent) -> None:
    found = areas("You seemed hesitant when asked about the gap on your CV.", content)
    assert sorted(found) == ["delivery", "red-flag-handling"]


def test_praise_for_skills_is_not_a_skills_gap(content: JournalContent) -> None:
    assert "skills" not in areas("The panel liked your organisation skills.", content)


def test_suggestions_quote_the_feedback_as_written_and_put_the_most_named_first(content: JournalContent) -> None:
    feedback = (
        "Your examples were too vague. We'd have liked a concrete example with measurable results. "
        "Also, a little more enthusiasm!"
    )
    first, second = suggest_tags([feedback], content.rules)
    assert first.area == "specific-story" and first.quotes == ("too vague", "concrete example", "measurable")
    assert second.area == "enthusiasm" and second.quotes == ("enthusiasm",)
    assert feedback[first.first_at :].startswith("too vague")


def test_overlapping_phrases_count_as_one_mention() -> None:
    rules = [KeywordRule(("specific-story",), ("concrete example", "no ... example"))]
    (suggestion,) = suggest_tags(["They said I gave no concrete examples"], rules)
    assert suggestion.quotes == ("no concrete examples",)


def test_matching_ignores_case_accents_punctuation_and_splits_hyphens() -> None:
    assert [t.text for t in tokens("Didn't  RÉSUMÉ long-winded!")] == ["didnt", "resume", "long", "winded"]
    assert find_phrase("resume was", "Your résumé, was thin") == [(5, 16)]
    assert find_phrase("long winded", "It was long-winded.") == [(7, 18)]


def test_short_words_match_whole_words_and_long_ones_match_word_starts() -> None:
    assert find_phrase("um", "Too many ums and umbrellas") == [(9, 12)]
    assert find_phrase("enthusias", "Very enthusiastic!") == [(5, 17)]
    assert find_phrase("no ... example", "no real, concrete, measurable examples") == [(0, 38)]
    assert find_phrase("no ... example", "no one, two, three, four examples") == []  # at most three words between


def test_reflections_add_suggestions_after_the_feedback(content: JournalContent) -> None:
    suggestions = suggest_tags(["Answers were long-winded.", "I was nervous at the start."], content.rules)
    assert [s.area for s in suggestions] == ["structure", "delivery"]


def test_confirmed_tags_are_no_longer_offered(content: JournalContent) -> None:
    suggestions = suggest_tags(["No concrete examples, and long-winded."], content.rules)
    assert [s.area for s in new_suggestions(suggestions, ["specific-story"])] == ["structure"]


def test_unknown_areas_can_be_left_out() -> None:
    rules = [KeywordRule(("specific-story", "mystery"), ("vague",))]
    assert [s.area for s in suggest_tags(["vague"], rules, known_areas=["specific-story"])] == ["specific-story"]


def test_a_bad_reading_table_is_reported_and_phrases_still_work() -> None:
    reading, problems = parse_reading({"reading": {"praise": "liked"}}, "keywords.toml")
    assert reading == ReadingRules()
    assert [(p.entry, p.message) for p in problems] == [("[reading]", "'praise' must be a list of text, not 'liked'")]
    assert parse_reading({}, "keywords.toml") == (ReadingRules(), [])


def test_without_reading_rules_praise_is_still_read_as_phrases() -> None:
    rules = [KeywordRule(("skills",), ("technical",))]
    praise = ReadingRules(praise=("liked",))
    assert [s.area for s in suggest_tags(["They liked your technical depth"], rules)] == ["skills"]
    assert suggest_tags(["They liked your technical depth"], rules, reading=praise) == []
