"""One helper for counted nouns, so no screen says "1 sessions" or "5 recording(s)"."""

from __future__ import annotations

import pytest

from interview_coach.domain.wording import count_of, plural


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (1, "session", "1 session"),
        (0, "session", "0 sessions"),
        (2, "answer recording", "2 answer recordings"),
        (5, "entry", "5 entries"),
        (3, "match", "3 matches"),
        (2, "day", "2 days"),
        (2, "category", "2 categories"),
        (20000, "answer", "20,000 answers"),
        (1, "question bank or rubric file", "1 question bank or rubric file"),
        (4, "question bank or rubric file", "4 question bank or rubric files"),
    ],
)
def test_counts_read_naturally(count: int, noun: str, expected: str) -> None:
    assert count_of(count, noun) == expected


def test_plural_alone_changes_only_the_last_word() -> None:
    assert plural("problem in the file", 1) == "problem in the file"
    assert plural("recording", 2) == "recordings"
