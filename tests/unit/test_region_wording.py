"""UK and US wording of the same questions: the substitution, its table file, and the shipped banks."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from interview_coach.domain.region_wording import MAX_TERMS, US, Wording, parse_wording, region_for_locale
from interview_coach.storage.library import load_library
from interview_coach.storage.region_wording import load_wording, wording_dir

TERMS = (
    ("CV", "résumé"), ("CVs", "résumés"), ("organise", "organize"), ("an advert", "a job posting"),
    ("advert", "job posting"), ("graduate scheme", "graduate program"), ("scheme", "program"),
)  # fmt: skip
TABLE = Wording(US, TERMS)


def test_whole_words_are_replaced_keeping_a_capital_first_letter() -> None:
    assert TABLE.apply("Organise your CV and your CVs.") == "Organize your résumé and your résumés."
    assert (
        TABLE.apply("Why this graduate scheme? The scheme is new.") == "Why this graduate program? The program is new."
    )
    assert TABLE.apply("I saw an advert.") == "I saw a job posting."  # the longest phrase wins


def test_parts_of_words_and_other_cases_are_left_alone() -> None:
    assert TABLE.apply("CVS pharmacy, organised, schemer, cv") == "CVS pharmacy, organised, schemer, cv"


def test_a_replacement_is_never_replaced_again() -> None:
    loop = Wording(US, (("a", "b"), ("b", "a")))
    assert loop.apply("a b") == "b a"


def test_the_base_wording_changes_nothing() -> None:
    assert Wording().apply("Walk me through your CV.") == "Walk me through your CV."


@pytest.mark.parametrize(
    ("name", "region"),
    [("en_US", "en-US"), ("en-US", "en-US"), ("es_US.UTF-8", "en-US"), ("en_PH", "en-US"), ("en_GB", "en-GB"),
     ("en_AU", "en-GB"), ("fr_FR", "en-GB"), ("C", "en-GB"), ("", "en-GB")],
)  # fmt: skip
def test_the_default_follows_the_system_locale(name: str, region: str) -> None:
    assert region_for_locale(name) == region


@pytest.mark.parametrize(
    ("data", "entry", "message"),
    [
        ({"terms": {"CV": "résumé"}}, "[wording]", "region must be 'en-US', not missing"),
        ({"wording": {"region": "en-AU"}, "terms": {}}, "[wording]", "region must be 'en-US', not 'en-AU'"),
        ({"wording": {"region": "en-US"}}, "[terms]", "the [terms] table is missing"),
        ({"wording": {"region": "en-US"}, "terms": ["CV"]}, "[terms]", "the [terms] table is a list"),
    ],
)
def test_a_table_of_the_wrong_shape_is_refused_with_the_reason(data: dict, entry: str, message: str) -> None:
    wording, problems = parse_wording(data, "en-US.toml", US)
    assert wording.terms == () and [(p.entry, p.message) for p in problems] == [(entry, message)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, "must be text, not 5"),
        (["résumé"], "must be text, not a list"),
        ("rés\x1bumé", "holds a control character"),
        ("x" * 81, "is 81 characters long; the limit is 80"),
        (" résumé", "must be a word or phrase without surrounding spaces"),
        ("42", "must be a word or phrase"),
        ("two\tlines", "must be a word or phrase"),
    ],
)
def test_a_bad_term_is_skipped_and_named_and_the_rest_apply(value: object, message: str) -> None:
    data = {"wording": {"region": "en-US"}, "terms": {"advert": "job posting", "CV": value}}
    wording, problems = parse_wording(data, "en-US.toml", US)
    assert wording.apply("advert, CV") == "job posting, CV"
    (problem,) = problems
    assert problem.entry == "term 2" and message in problem.message and "\x1b" not in str(problem)


def test_a_table_too_long_keeps_the_first_terms_and_says_so() -> None:
    terms = {f"word{i:05d}x": "w" for i in range(MAX_TERMS + 5)}
    wording, problems = parse_wording({"wording": {"region": "en-US"}, "terms": terms}, "t", US)
    assert len(wording.terms) == MAX_TERMS and "the rest are ignored" in problems[0].message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not text", "not UTF-8"),
        (b'[wording\nregion = "en-US"', "not valid TOML"),
        (b"a = " + b"[" * 100 + b"]" * 100, "nested"),
        (b"x" * (3 * 1024 * 1024), "the limit is 2048 KiB"),
    ],
)
def test_a_hostile_table_file_is_refused_and_the_uk_wording_used(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "en-US.toml").write_bytes(content)
    wording, problems = load_wording(US, tmp_path)
    assert wording.terms == () and len(problems) == 1
    assert message in str(problems[0]) and str(tmp_path / "en-US.toml") in str(problems[0])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_or_a_folder_in_place_of_the_table_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "en-US.toml")
    _, problems = load_wording(US, tmp_path)
    assert "pipe" in str(problems[0])
    folder = tmp_path / "other"
    (folder / "en-US.toml").mkdir(parents=True)
    _, problems = load_wording(US, folder)
    assert "is a folder, not a file" in str(problems[0])


def test_a_missing_table_or_unknown_region_is_reported() -> None:
    assert "unknown region" in str(load_wording("en-XX")[1][0])
    wording, problems = load_wording(US, Path("/nonexistent-folder"))
    assert wording.terms == () and "cannot be read" in str(problems[0])


# The UK words the banks use that a US listener would not say; none may survive the US wording.
UK_ONLY = re.compile(
    r"\b(CVs?|adverts?|redundanc(y|ies)|made redundant|graduate schemes?|appraisals?|one-to-ones?|rota|"
    r"judgement|\w*organis\w*|prioritis\w*|apologis\w*|realis(e|ed|ing)|recognis\w*|criticis(e|es|ed|ing)|behaviour\w*|"
    r"favour\w*|colour\w*|labour|sceptical|travell\w*|practis(e|ed|ing)|trade union|pay rise)\b"
)


def test_the_shipped_us_table_loads_cleanly_and_leaves_no_uk_words_in_the_banks() -> None:
    assert (wording_dir() / "en-US.toml").is_file()
    wording, problems = load_wording(US)
    assert problems == [] and len(wording.terms) > 100
    uk, us = load_library(None), load_library(None, region=US)
    assert us.problems == []
    assert [q.key for q in us.catalogue.questions()] == [q.key for q in uk.catalogue.questions()]
    left = {
        match.group()
        for q in us.catalogue.questions()
        for text in (q.text, q.strong_answer, q.handling, q.improper, *q.follow_ups)
        for match in UK_ONLY.finditer(text)
    }
    assert left == set()
    assert any(UK_ONLY.search(q.text) for q in uk.catalogue.questions())  # the check would catch them
