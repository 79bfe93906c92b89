"""English (UK) or English (US) wording of the same questions: one substitution table, applied once.

The banks are written in UK English. A region's table (resources/wording/en-US.toml) maps UK terms to
the region's own ("CV" to "résumé", "redundancy" to "layoff", "organise" to "organize"). The library
applies it when it loads, so every screen shows, and the speech engine reads, the same words; question
ids never change, so history links attempts across a change of region. Whole words only, longest
first, in one pass (a replacement is never replaced again); a term written in lower case also matches
with a capital first letter and keeps it ("Organisation" becomes "Organization").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from interview_coach.domain.questions import Bank, Catalogue, LoadProblem, Question
from interview_coach.domain.validation import EntryError, check_text, describe, quote

UK = "en-GB"
US = "en-US"
REGIONS: dict[str, str] = {UK: "English (UK)", US: "English (US)"}
BASE_REGION = UK  # the wording the banks are written in; needs no table
# Territories whose English follows US usage, by the country part of a locale name (en_US, en-PH).
_US_TERRITORIES = {"US", "PR", "VI", "GU", "AS", "MP", "UM", "PH"}

MAX_TERMS = 2000
MAX_TERM_CHARS = 80


@dataclass(frozen=True)
class Wording:
    region: str = BASE_REGION
    terms: tuple[tuple[str, str], ...] = ()  # (as written in the banks, as said in this region)
    _lookup: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for source, target in self.terms:
            lookup[source] = target
            if source[:1].islower():
                lookup.setdefault(source[0].upper() + source[1:], target[:1].upper() + target[1:])
        object.__setattr__(self, "_lookup", lookup)
        if lookup:
            alternatives = "|".join(re.escape(k) for k in sorted(lookup, key=len, reverse=True))
            object.__setattr__(self, "_pattern", re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"))

    def apply(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self._lookup[m.group()], text)


def region_for_locale(name: str) -> str:
    """The wording for a system locale name such as 'en_US', 'en-GB' or 'fr_CA.UTF-8'."""
    territory = re.split(r"[_-]", name.split(".")[0] + "_")[1].upper()
    return US if territory in _US_TERRITORIES else UK


def parse_wording(data: Mapping[str, Any], source: str, region: str) -> tuple[Wording, list[LoadProblem]]:
    """A region's table from a parsed file; a bad entry is skipped and reported, the rest still apply."""
    header = data.get("wording")
    if not isinstance(header, Mapping) or header.get("region") != region:
        found = header.get("region") if isinstance(header, Mapping) else None
        message = f"region must be {region!r}, not {describe(found) if found is not None else 'missing'}"
        return Wording(region), [LoadProblem(source, "[wording]", message)]
    raw = data.get("terms")
    if not isinstance(raw, Mapping):
        what = "missing" if raw is None else describe(raw)
        return Wording(region), [LoadProblem(source, "[terms]", f"the [terms] table is {what}")]
    problems: list[LoadProblem] = []
    terms: list[tuple[str, str]] = []
    for number, (term, value) in enumerate(raw.items(), start=1):
        if len(terms) >= MAX_TERMS:
            problems.append(LoadProblem(source, "[terms]", f"more than {MAX_TERMS} terms; the rest are ignored"))
            break
        try:
            terms.append((_term(term, "the term"), _term(value, f"the wording of {quote(term)}")))
        except EntryError as error:
            problems.append(LoadProblem(source, f"term {number}", str(error)))
    return Wording(region, tuple(terms)), problems


def _term(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise EntryError(f"{what} must be text, not {describe(value)}")
    check_text(value, what, max_length=MAX_TERM_CHARS)
    if value != value.strip() or not any(c.isalpha() for c in value) or "\n" in value or "\t" in value:
        raise EntryError(f"{what} {quote(value)} must be a word or phrase without surrounding spaces")
    return value


def reword_catalogue(catalogue: Catalogue, wording: Wording) -> Catalogue:
    """The same banks and questions (same ids), in the region's words."""
    if not wording.terms:
        return catalogue
    banks = [_reword_bank(bank, wording) for bank in catalogue.banks]
    return Catalogue(banks, list(catalogue.problems))


def _reword_bank(bank: Bank, wording: Wording) -> Bank:
    say = wording.apply
    questions = tuple(_reword_question(q, wording) for q in bank.questions)
    return replace(bank, title=say(bank.title), description=say(bank.description), questions=questions)


def _reword_question(question: Question, wording: Wording) -> Question:
    say = wording.apply
    return replace(
        question,
        text=say(question.text),
        strong_answer=say(question.strong_answer),
        follow_ups=tuple(say(f) for f in question.follow_ups),
        handling=say(question.handling),
        improper=say(question.improper),
    )
