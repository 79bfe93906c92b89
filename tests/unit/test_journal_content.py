"""The journal's shipped words load, say what the app promises, and a broken file is named plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.domain.journal import STAGES, journal_areas
from interview_coach.domain.journal_content import (
    AREAS_FILE,
    KEYWORDS_FILE,
    PROMPTS_FILE,
    TEMPLATES_FILE,
    FilledMessage,
    MessageTemplate,
    fill_message,
    fill_template,
    parse_prompts,
)
from interview_coach.storage.journal_resources import journal_resources_dir, load_journal_content
from interview_coach.storage.library import load_library

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def criteria() -> list[str]:
    return [c.id for c in load_library(None).default_rubric.criteria]


def test_the_shipped_journal_content_loads_without_a_problem(criteria: list[str]) -> None:
    content = load_journal_content(criteria=criteria)
    assert content.problems == ()
    assert {a.id for a in content.outside_areas} == {"cv-cover-letter", "skills", "industry-knowledge", "follow-up"}
    assert {t.id for t in content.templates} == {
        "feedback-request", "thank-you", "stay-in-touch", "after-silence", "withdraw",
    }  # fmt: skip
    assert len(content.prompts) >= 10 and len(content.rules) >= 10
    # The files ship with the app: they sit under resources/, which the wheel carries whole.
    assert journal_resources_dir() == ROOT / "resources" / "journal"
    for name in (AREAS_FILE, PROMPTS_FILE, TEMPLATES_FILE, KEYWORDS_FILE):
        assert (journal_resources_dir() / name).is_file()


def test_reflection_prompts_cover_the_questions_the_journal_promises(criteria: list[str]) -> None:
    content = load_journal_content(criteria=criteria)
    prompts = {p.id: p for p in content.prompts}
    assert prompts["tailored"].areas == ("cv-cover-letter",)
    assert "specific-story" in prompts["stories-landed"].criteria
    assert "fit" in prompts["reasons-for-fit"].criteria
    assert "enthusiasm" in prompts["enthusiasm-showed"].criteria
    assert prompts["hard-questions"].criteria == ("red-flag-handling",)
    assert prompts["thank-you"].areas == ("follow-up",)
    # Not every rejection is about you, and how the search feels matters too: both from the first stage.
    assert "it's not you" in prompts["outside-your-control"].help.lower()
    assert prompts["feeling-check-in"].from_stage == prompts["outside-your-control"].from_stage == "application"
    # Each prompt is shown from the stage where it makes sense.
    at_application = {p.id for p in content.prompts_for("application")}
    assert "tailored" in at_application and "stories-landed" not in at_application and "thank-you" not in at_application
    assert {p.id for p in content.prompts_for("final-round")} == set(prompts)
    assert all(p.from_stage in STAGES and p.help for p in content.prompts)


def test_areas_are_the_rubric_criteria_then_those_outside_practice(criteria: list[str]) -> None:
    library = load_library(None)
    content = load_journal_content(criteria=criteria)
    areas = journal_areas(library.default_rubric, content.outside_areas)
    assert [a.id for a in areas[: len(criteria)]] == criteria
    assert all(a.practisable for a in areas[: len(criteria)])
    outside = areas[len(criteria) :]
    assert [a.name for a in outside][:3] == ["CV and cover letter", "Skills to learn", "Industry knowledge"]
    assert not any(a.practisable for a in outside) and all(a.first_action for a in outside)


def test_a_broken_file_is_reported_by_name_and_the_rest_still_loads(tmp_path: Path, criteria: list[str]) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    for name in (AREAS_FILE, TEMPLATES_FILE, KEYWORDS_FILE):
        (folder / name).write_bytes((journal_resources_dir() / name).read_bytes())
    (folder / PROMPTS_FILE).write_text('[[prompts]\nid = "x"', encoding="utf-8")
    content = load_journal_content(folder, criteria=criteria)
    (problem,) = content.problems
    assert str(problem).startswith(str(folder / PROMPTS_FILE)) and "not valid TOML" in str(problem)
    assert content.prompts == () and len(content.templates) == 5 and content.rules


def test_a_bad_prompt_is_skipped_with_a_message_naming_it(criteria: list[str]) -> None:
    data = {
        "prompts": [
            {"id": "good", "text": "Was it tailored?", "criteria": ["fit"]},
            {"id": "typo", "text": "Did stories land?", "criteria": ["specific-stroy"]},
            {"id": "early", "text": "When?", "from_stage": "coffee"},
            {"id": "good", "text": "Again"},
        ]
    }
    prompts, problems = parse_prompts(data, "prompts.toml", known_areas={*criteria, "follow-up"})
    assert [p.id for p in prompts] == ["good"]
    assert [str(p) for p in problems] == [
        "prompts.toml: prompt 2 (typo): unknown area 'specific-stroy' in 'criteria/areas' "
        "(use a rubric criterion or an id from areas.toml)",
        "prompts.toml: prompt 3 (early): 'from_stage' = 'coffee' must be one of "
        "application, phone-screen, interview, final-round, offer",
        "prompts.toml: prompt 4 (good): duplicate id 'good'",
    ]


def test_missing_files_are_reported_not_fatal(tmp_path: Path) -> None:
    content = load_journal_content(tmp_path)
    assert len(content.problems) == 4 and all("cannot be read" in str(p) for p in content.problems)
    assert content.templates == () and content.prompts == ()


def test_templates_fill_what_an_entry_knows_and_leave_the_rest_to_fill_by_hand(criteria: list[str]) -> None:
    content = load_journal_content(criteria=criteria)
    thank_you = content.template("thank-you")
    assert thank_you is not None
    values = {"company": "Lumen Health", "role": "Operations manager", "interviewer": "Dana", "your_name": ""}
    message = fill_message(thank_you, values)
    assert "Dear Dana," in message.body and "Lumen Health" in message.body
    assert message.subject == "Thank you for today (Operations manager)"
    assert "your_name" in message.unfilled and "something_we_discussed" in message.unfilled
    assert "question_to_revisit" in message.unfilled  # the slot for tying up a loose end
    assert "{your_name}" in message.body  # empty values leave the placeholder to fill in
    assert fill_template("{ company } {role} {{role}} {unknown}", {"role": "Analyst"}) == (
        "{ company } Analyst {Analyst} {unknown}"
    )


def test_copied_text_has_the_subject_line_first() -> None:
    template = MessageTemplate("t", "T", "", "Hello {role}", "\nBody for {company}.\n")
    message = fill_message(template, {"role": "Analyst", "company": "Contoso"})
    assert message == FilledMessage("Hello Analyst", "\nBody for Contoso.\n", ())
    assert message.text == "Subject: Hello Analyst\n\nBody for Contoso.\n"
    assert FilledMessage("", "Body", ()).text == "Body\n"


def test_the_shipped_templates_are_written_for_this_app_and_use_known_placeholders(criteria: list[str]) -> None:
    content = load_journal_content(criteria=criteria)
    for template in content.templates:
        assert template.when and template.subject
        assert "{your_name}" in template.body and "{company}" in template.body
        filled = fill_message(template, {"company": "C", "role": "R", "interviewer": "I", "your_name": "Y"})
        # Whatever is left is something only the sender can write, named so they know what to put there.
        assert all("_" in name for name in filled.unfilled), filled.unfilled
