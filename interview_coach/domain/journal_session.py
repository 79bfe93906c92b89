"""Practise from this feedback: turns the areas a journal entry points to into a practice session.

Each practisable area has a route to questions: the categories that exercise it and the criterion the
questions must be scored on. "No concrete examples" (a specific story) leads to behavioural questions,
all scored on the specific-story criterion, which the score sheet then puts first. Situational questions
are hypothetical ("what would you do"), are not scored on a specific story, and so are left out of that
route; they serve structure instead. Areas outside practice (the CV, skills to learn) go to the action
plan, except industry knowledge, which motivation and research questions exercise.

The questions are chosen here, weakest first, so the session alternates between the areas in the order
the feedback named them; the setup carries them as `question_keys`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.journal_patterns import STAGE_AREAS
from interview_coach.domain.journal_tagging import TagSuggestion
from interview_coach.domain.practice_setup import UNPRACTISED_SCORE, PracticeSetup
from interview_coach.domain.questions import RED_FLAG, Catalogue, Question, category_label
from interview_coach.domain.wording import count_of

TARGETED_QUESTIONS = 6
MAX_TARGETS = 3


@dataclass(frozen=True)
class PracticeRoute:
    categories: tuple[str, ...]  # empty: any category
    scored_on: str  # the criterion the questions are scored on, put first on the score sheet
    tags: tuple[str, ...] = ()  # when given, a question needs one of them


ROUTES: dict[str, PracticeRoute] = {
    "specific-story": PracticeRoute(("behavioural",), "specific-story"),
    "structure": PracticeRoute(("behavioural", "situational"), "structure"),
    "fit": PracticeRoute(("motivation", "opening"), "fit"),
    "enthusiasm": PracticeRoute(("motivation", "closing"), "enthusiasm"),
    "red-flag-handling": PracticeRoute((RED_FLAG,), "red-flag-handling"),
    "delivery": PracticeRoute(("opening", "behavioural", "situational"), "delivery"),
    "eye-contact": PracticeRoute(("opening", "behavioural"), "eye-contact"),
    "posture": PracticeRoute(("opening", "behavioural"), "posture"),
    "industry-knowledge": PracticeRoute(
        ("motivation", "opening"), "fit", ("research", "why-industry", "why-company", "sector", "product", "company")
    ),
}


def route_for(area: str, criteria: Sequence[str]) -> PracticeRoute | None:
    """How to practise an area: a known route, any question scored on a rubric criterion, or None."""
    if area in ROUTES:
        return ROUTES[area]
    return PracticeRoute((), area) if area in criteria else None


@dataclass(frozen=True)
class TargetedSession:
    setup: PracticeSetup
    targets: tuple[str, ...]  # the areas it practises, most pressing first
    not_practised: tuple[str, ...]  # areas named that practice cannot fix: they belong in the action plan
    source: str  # "tags", "suggestions" or "stage": what the targets came from
    question_texts: tuple[str, ...] = ()  # the questions it asks, in order, for a preview

    @property
    def empty(self) -> bool:
        return not self.setup.question_keys

    def describe(self, names: Mapping[str, str]) -> str:
        """For example '6 behavioural questions, scored first on Specific story.'"""
        if self.empty:
            return "No questions in your banks practise these areas."
        count = len(self.setup.question_keys)
        kinds = [category_label(c).lower() for c in self.setup.categories]
        if len(kinds) == 1:
            text = count_of(count, f"{kinds[0]} question")
        else:
            text = f"{count_of(count, 'question')} ({', '.join(kinds)})"
        first = [names.get(c, c) for c in self.setup.criteria_first]
        if first:
            text += f", scored first on {first[0]}" + "".join(f", then {name}" for name in first[1:])
        return text + "."


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def choose_targets(entry: JournalEntry, suggestions: Sequence[TagSuggestion]) -> tuple[list[str], str]:
    """The areas to practise, most pressing first, and where they came from.

    The tags the user confirmed come first, ordered by how strongly the feedback names them (then as
    tagged); without tags, what the feedback suggests; without either, what stopping at the entry's
    stage usually points to.
    """
    if entry.tags:
        strength = {s.area: (-s.strength, s.first_at) for s in suggestions}
        unnamed = (0, 1 << 62)
        tags = list(dict.fromkeys(entry.tags))  # a stable sort: unnamed tags keep the order they were given
        tags.sort(key=lambda a: strength.get(a, unnamed))
        return tags, "tags"
    if suggestions:
        return [s.area for s in suggestions], "suggestions"
    return list(STAGE_AREAS[entry.furthest_stage]), "stage"


def build_targeted_session(
    catalogue: Catalogue,
    areas: Sequence[str],
    criteria: Sequence[str],
    *,
    source: str = "tags",
    weakness: Mapping[str, float] | None = None,
    base: PracticeSetup | None = None,
    count: int = TARGETED_QUESTIONS,
    rng: random.Random | None = None,
) -> TargetedSession:
    """A session aimed at `areas` (most pressing first); `criteria` are the rubric's criterion ids.

    Questions come round-robin from each area's route, weakest first (never tried counts as middling),
    so the first area gets the first question and the most of them. `base` lends the user's own
    choices that are not about content: reading aloud, time limits and the rubric.
    """
    rng = rng or random.Random()
    weakness = weakness or {}
    routes: list[tuple[str, PracticeRoute]] = []
    not_practised: list[str] = []
    for area in dict.fromkeys(areas):
        route = route_for(area, criteria)
        if route is None:
            not_practised.append(area)
        elif len(routes) < MAX_TARGETS:
            routes.append((area, route))
    pools = [_pool(catalogue, route, weakness, rng) for _area, route in routes]
    chosen: list[Question] = []
    taken: set[str] = set()
    while len(chosen) < count and any(pools):
        for pool in pools:
            while pool and pool[0].key in taken:
                pool.pop(0)
            if pool and len(chosen) < count:
                question = pool.pop(0)
                chosen.append(question)
                taken.add(question.key)
    first = tuple(dict.fromkeys(route.scored_on for _area, route in routes if route.scored_on in criteria))
    focus = first[0] if len(first) == 1 and all(first[0] in q.criteria for q in chosen) else ""
    categories = tuple(dict.fromkeys(q.category for q in chosen))  # the first target's first
    defaults = base or PracticeSetup()
    setup = replace(
        PracticeSetup(),
        categories=categories,
        question_keys=tuple(q.key for q in chosen),
        question_count=max(1, len(chosen)),
        order="in_order",
        focus_criterion=focus,
        criteria_first=first,
        read_aloud=defaults.read_aloud,
        think_seconds=defaults.think_seconds,
        answer_seconds=defaults.answer_seconds,
        rubric_id=defaults.rubric_id,
    )
    targets = tuple(area for area, _route in routes)
    return TargetedSession(setup, targets, tuple(not_practised), source, tuple(q.text for q in chosen))


def entry_purpose(entry: JournalEntry) -> str:
    """What a session aimed at this entry is for, as the summary names it; "" for no application."""
    company, role = entry.company.strip(), entry.role.strip()
    if company and role:
        return f"the {company} application ({role})"
    if company or role:
        return f"the {company or role} application"
    return ""


def _pool(
    catalogue: Catalogue, route: PracticeRoute, weakness: Mapping[str, float], rng: random.Random
) -> list[Question]:
    categories, tags = set(route.categories), set(route.tags)

    def fits(question: Question, *, strict: bool) -> bool:
        return (
            (not categories or question.category in categories)
            and (not tags or bool(tags.intersection(question.tags)))
            and (not strict or not route.scored_on or route.scored_on in question.criteria)
        )

    pool = [q for q in catalogue.questions() if fits(q, strict=True)]
    if not pool:  # a custom rubric or bank: the categories alone still point the right way
        pool = [q for q in catalogue.questions() if fits(q, strict=False)]
    rng.shuffle(pool)
    # A stable sort after a shuffle: equally weak questions come in a fresh order each time.
    pool.sort(key=lambda q: weakness.get(q.key, UNPRACTISED_SCORE))
    return pool
