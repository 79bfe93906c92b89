"""Loads the journal's shipped words (resources/journal/*.toml). A broken file is reported by name and
entry, and the journal carries on without it: the entries themselves never depend on these files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from interview_coach.domain.journal import OutsideArea
from interview_coach.domain.journal_content import (
    AREAS_FILE,
    KEYWORDS_FILE,
    PROMPTS_FILE,
    TEMPLATES_FILE,
    JournalContent,
    KeywordRule,
    MessageTemplate,
    ReadingRules,
    ReflectionPrompt,
    parse_areas,
    parse_prompts,
    parse_reading,
    parse_rules,
    parse_templates,
)
from interview_coach.domain.questions import LoadProblem
from interview_coach.storage.content import read_toml
from interview_coach.storage.locations import resources_dir


def journal_resources_dir() -> Path:
    return resources_dir() / "journal"


def load_journal_content(folder: Path | None = None, *, criteria: Iterable[str] | None = None) -> JournalContent:
    """Areas first, since prompts and phrases may only name known areas (rubric criteria or those areas)."""
    folder = folder or journal_resources_dir()
    problems: list[LoadProblem] = []

    def read(name: str) -> dict[str, object] | None:
        data, problem = read_toml(folder / name)
        if problem is not None:
            problems.append(problem)
        return data

    outside: list[OutsideArea] = []
    data = read(AREAS_FILE)
    if data is not None:
        outside, found = parse_areas(data, str(folder / AREAS_FILE))
        problems += found
    known = None if criteria is None else {*criteria, *(a.id for a in outside)}
    prompts: list[ReflectionPrompt] = []
    templates: list[MessageTemplate] = []
    rules: list[KeywordRule] = []
    reading = ReadingRules()
    if (data := read(PROMPTS_FILE)) is not None:
        prompts, found = parse_prompts(data, str(folder / PROMPTS_FILE), known_areas=known)
        problems += found
    if (data := read(TEMPLATES_FILE)) is not None:
        templates, found = parse_templates(data, str(folder / TEMPLATES_FILE))
        problems += found
    if (data := read(KEYWORDS_FILE)) is not None:
        rules, found = parse_rules(data, str(folder / KEYWORDS_FILE), known_areas=known)
        problems += found
        reading, found = parse_reading(data, str(folder / KEYWORDS_FILE))
        problems += found
    return JournalContent(
        tuple(prompts), tuple(templates), tuple(outside), tuple(rules), tuple(problems), reading=reading
    )
