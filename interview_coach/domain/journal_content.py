"""The journal's shipped words: reflection prompts, message templates, areas outside practice, and the
phrases that suggest tags. Parsed from TOML data (resources/journal/) into frozen records, with a
problem for every bad entry worded like the bank parser's: `file: entry: message`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from interview_coach.domain.journal import STAGES, OutsideArea, Stage
from interview_coach.domain.questions import LoadProblem
from interview_coach.domain.validation import EntryError, optional_text, require_slug, require_text, text_list

PROMPTS_FILE = "reflection_prompts.toml"
TEMPLATES_FILE = "templates.toml"
AREAS_FILE = "areas.toml"
KEYWORDS_FILE = "feedback_keywords.toml"

# Placeholders a journal entry (and the user's name) can fill; any other {name} is left for the user.
FILLED_PLACEHOLDERS = ("company", "role", "interviewer", "your_name")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
T = TypeVar("T")


@dataclass(frozen=True)
class ReflectionPrompt:
    id: str
    text: str
    help: str
    criteria: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    from_stage: Stage = "application"

    def applies_to(self, stage: str) -> bool:
        rank = STAGES.index(stage) if stage in STAGES else 0
        return STAGES.index(self.from_stage) <= rank


@dataclass(frozen=True)
class MessageTemplate:
    id: str
    title: str
    when: str
    subject: str
    body: str
    edited_at: datetime | None = None  # None: the shipped text

    @property
    def edited(self) -> bool:
        return self.edited_at is not None


@dataclass(frozen=True)
class KeywordRule:
    areas: tuple[str, ...]
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class ReadingRules:
    """How the tagger reads a sentence around a phrase, so praise and rejection boilerplate suggest nothing.

    `ignore`: boilerplate whose words never point to an area ("energy sector", "another candidate").
    A clause holding a `praise` phrase and no `criticism` phrase is praise. A `faults` phrase right after
    a `negations` word ("didn't seem nervous") names a fault the candidate did not show.
    """

    ignore: tuple[str, ...] = ()
    praise: tuple[str, ...] = ()
    criticism: tuple[str, ...] = ()
    negations: tuple[str, ...] = ()
    faults: tuple[str, ...] = ()


@dataclass(frozen=True)
class JournalContent:
    prompts: tuple[ReflectionPrompt, ...] = ()
    templates: tuple[MessageTemplate, ...] = ()
    outside_areas: tuple[OutsideArea, ...] = ()
    rules: tuple[KeywordRule, ...] = ()
    problems: tuple[LoadProblem, ...] = ()
    reading: ReadingRules = ReadingRules()

    def prompt(self, prompt_id: str) -> ReflectionPrompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def template(self, template_id: str) -> MessageTemplate | None:
        return next((t for t in self.templates if t.id == template_id), None)

    def prompts_for(self, stage: str) -> list[ReflectionPrompt]:
        return [p for p in self.prompts if p.applies_to(stage)]

    def with_edits(self, edits: Mapping[str, MessageTemplate]) -> JournalContent:
        """The templates as the user sees them: their edited copy where there is one."""
        merged = []
        for shipped in self.templates:
            edit = edits.get(shipped.id)
            merged.append(
                replace(shipped, subject=edit.subject, body=edit.body, edited_at=edit.edited_at) if edit else shipped
            )
        return replace(self, templates=tuple(merged))


# Parsing


def parse_prompts(
    data: Mapping[str, Any], source: str, *, known_areas: Collection[str] | None = None
) -> tuple[list[ReflectionPrompt], list[LoadProblem]]:
    def one(raw: Mapping[str, Any]) -> ReflectionPrompt:
        stage = optional_text(raw, "from_stage") or "application"
        if stage not in STAGES:
            raise EntryError(f"'from_stage' = {stage!r} must be one of {', '.join(STAGES)}")
        criteria = text_list(raw, "criteria", min_items=0, slugs=True)
        areas = text_list(raw, "areas", min_items=0, slugs=True)
        _check_known(criteria + areas, known_areas, "criteria/areas")
        return ReflectionPrompt(
            id=require_slug(raw, "id"),
            text=require_text(raw, "text"),
            help=optional_text(raw, "help"),
            criteria=criteria,
            areas=areas,
            from_stage=stage,
        )

    return _parse_list(data, "prompts", source, one)


def parse_templates(data: Mapping[str, Any], source: str) -> tuple[list[MessageTemplate], list[LoadProblem]]:
    def one(raw: Mapping[str, Any]) -> MessageTemplate:
        return MessageTemplate(
            id=require_slug(raw, "id"),
            title=require_text(raw, "title"),
            when=optional_text(raw, "when"),
            subject=optional_text(raw, "subject"),
            body=require_text(raw, "body"),
        )

    return _parse_list(data, "templates", source, one)


def parse_areas(data: Mapping[str, Any], source: str) -> tuple[list[OutsideArea], list[LoadProblem]]:
    def one(raw: Mapping[str, Any]) -> OutsideArea:
        return OutsideArea(
            id=require_slug(raw, "id"),
            name=require_text(raw, "name"),
            description=require_text(raw, "description"),
            first_action=optional_text(raw, "first_action"),
        )

    return _parse_list(data, "areas", source, one)


def parse_rules(
    data: Mapping[str, Any], source: str, *, known_areas: Collection[str] | None = None
) -> tuple[list[KeywordRule], list[LoadProblem]]:
    def one(raw: Mapping[str, Any]) -> KeywordRule:
        areas = text_list(raw, "areas", min_items=1, slugs=True)
        _check_known(areas, known_areas, "areas")
        phrases = text_list(raw, "phrases", min_items=1)
        empty = [p for p in phrases if not re.search(r"\w", p)]
        if empty:
            raise EntryError(f"phrase {empty[0]!r} has no words")
        return KeywordRule(areas, phrases)

    return _parse_list(data, "rules", source, one, keyed=False)


def parse_reading(data: Mapping[str, Any], source: str) -> tuple[ReadingRules, list[LoadProblem]]:
    """The optional [reading] table; a bad one is reported and the tagger reads phrases alone."""
    raw = data.get("reading")
    if raw is None:
        return ReadingRules(), []
    try:
        if not isinstance(raw, Mapping):
            raise EntryError("[reading] must be a table")
        lists = {key: text_list(raw, key, min_items=0) for key in ("ignore", "praise", "criticism", "faults")}
        negations = text_list(raw, "negations", min_items=0)
    except EntryError as error:
        return ReadingRules(), [LoadProblem(source, "[reading]", str(error))]
    return ReadingRules(negations=negations, **lists), []


def _check_known(ids: tuple[str, ...], known: Collection[str] | None, key: str) -> None:
    if known is None:
        return
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise EntryError(f"unknown area {unknown[0]!r} in '{key}' (use a rubric criterion or an id from areas.toml)")


def _parse_list(
    data: Mapping[str, Any],
    key: str,
    source: str,
    parse: Callable[[Mapping[str, Any]], T],
    *,
    keyed: bool = True,
) -> tuple[list[T], list[LoadProblem]]:
    raw_items = data.get(key)
    if not isinstance(raw_items, list) or not raw_items:
        return [], [LoadProblem(source, f"[[{key}]]", f"the file has no [[{key}]] entries")]
    items: list[T] = []
    problems: list[LoadProblem] = []
    seen: set[str] = set()
    singular = key.rstrip("s")
    for number, raw in enumerate(raw_items, start=1):
        raw_id = raw.get("id") if isinstance(raw, Mapping) else None
        name = f"{singular} {number} ({raw_id})" if isinstance(raw_id, str) and raw_id else f"{singular} {number}"
        try:
            if not isinstance(raw, Mapping):
                raise EntryError(f"each [[{key}]] entry must be a table")
            item = parse(raw)
        except EntryError as error:
            problems.append(LoadProblem(source, name, str(error)))
            continue
        item_id = str(getattr(item, "id", "")) if keyed else ""
        if item_id:
            if item_id in seen:
                problems.append(LoadProblem(source, name, f"duplicate id {item_id!r}"))
                continue
            seen.add(item_id)
        items.append(item)
    return items, problems


# Filling templates


def fill_template(text: str, values: Mapping[str, str]) -> str:
    """Replaces the {placeholders} that have a value; the others stay, braces and all, to fill by hand."""

    def value(match: re.Match[str]) -> str:
        found = values.get(match.group(1), "").strip()
        return found or match.group(0)

    return PLACEHOLDER.sub(value, text)


def placeholders_in(text: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


@dataclass(frozen=True)
class FilledMessage:
    subject: str
    body: str
    unfilled: tuple[str, ...] = field(default_factory=tuple)  # placeholders still to fill in by hand

    @property
    def text(self) -> str:
        """What "Copy" puts on the clipboard: the subject line, a blank line, then the body."""
        body = self.body.strip("\n")
        return f"Subject: {self.subject}\n\n{body}\n" if self.subject else f"{body}\n"


def fill_message(template: MessageTemplate, values: Mapping[str, str]) -> FilledMessage:
    subject, body = fill_template(template.subject, values), fill_template(template.body, values)
    return FilledMessage(subject, body, tuple(placeholders_in(subject + "\n" + body)))
