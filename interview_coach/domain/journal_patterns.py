"""Patterns across the journal: where applications stop, what that usually means, and what feedback
names most often.

Where a search stops says more than any single rejection. Stopping at the application points to the
CV; stopping after a phone screen points to red-flag answers and reasons for fit; stopping after
interviews points to stories, enthusiasm and the follow-up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from interview_coach.domain.journal import STAGES, JournalEntry, Stage, area_name, stage_rank
from interview_coach.domain.wording import count_of

MIN_FOR_READING = 3  # rejections needed before the funnel is worth reading
CLEAR_SHARE = 0.5  # a stage group holding more than this share of rejections is where "most" stop


@dataclass(frozen=True)
class FunnelStage:
    stage: Stage
    reached: int  # applications that got at least this far
    stopped: int  # rejected (or withdrawn) with this as the furthest stage
    waiting: int  # still open at this stage

    @property
    def went_further(self) -> int:
        """Reached the next stage; at the offer stage, the offers themselves."""
        return self.reached - self.stopped - self.waiting


def funnel(entries: Sequence[JournalEntry]) -> list[FunnelStage]:
    """One row per stage, application first: how many reached it, stopped there or are waiting there."""
    rows = []
    for rank, stage in enumerate(STAGES):
        here = [e for e in entries if stage_rank(e.furthest_stage) == rank]
        rows.append(
            FunnelStage(
                stage,
                reached=sum(1 for e in entries if stage_rank(e.furthest_stage) >= rank),
                stopped=sum(1 for e in here if e.outcome in ("rejected", "withdrew")),
                waiting=sum(1 for e in here if e.outcome == "waiting"),
            )
        )
    return rows


@dataclass(frozen=True)
class FunnelReading:
    """The plain reading of the funnel: a headline, what it means, and the areas to work on."""

    key: str  # "none", "few", "application", "screen", "interview", "offers"
    headline: str
    advice: str
    areas: tuple[str, ...] = ()  # most pressing first
    rejections: int = 0
    at_point: int = 0  # rejections at the stage group the reading is about

    @property
    def practisable(self) -> bool:
        return self.key in ("screen", "interview")


# Stage groups the reading talks about, with the areas each points to.
_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "application": (("application",), ("cv-cover-letter", "fit", "skills")),
    "screen": (("phone-screen",), ("red-flag-handling", "fit", "enthusiasm")),
    "interview": (("interview", "final-round"), ("specific-story", "enthusiasm", "follow-up")),
}
# What stopping at each stage usually points to (an offer: converting it, so enthusiasm and fit).
STAGE_AREAS: dict[str, tuple[str, ...]] = {stage: areas for stages, areas in _GROUPS.values() for stage in stages} | {
    "offer": ("enthusiasm", "fit")
}


_WHERE = {"application": "before anyone calls you", "screen": "after the phone screen"}
_ADVICE = {
    "application": "That points to the CV and cover letter, not to how you interview. Match the top of your CV to "
    "each advert's must-haves, lead with results, and check that the role really fits what you can show.",
    "screen": "A screen is short and filters on two things: a clear reason you fit this role, and calm, brief "
    "answers to the awkward questions (gaps, why you left, salary). Practise your red-flag answers and your "
    "reasons for fit until they sound settled.",
    "interview": "At that stage it comes down to specific stories with results, enthusiasm the panel can see, and "
    "the follow-up. Practise stories with measurable outcomes, and send a thank-you note after every interview.",
}


def read_funnel(entries: Sequence[JournalEntry]) -> FunnelReading:
    rejected = [e for e in entries if e.outcome == "rejected"]
    offers = sum(1 for e in entries if e.outcome in ("offer", "accepted"))
    if not entries:
        return FunnelReading(
            "none",
            "No applications in the journal yet.",
            "Add each application as you send it. After a few outcomes this shows where they tend to stop, "
            "and what that usually means.",
        )
    if len(rejected) < MIN_FOR_READING:
        headline = (
            f"{count_of(offers, 'offer')} so far. Well done."
            if offers
            else f"{count_of(len(entries), 'application')}, {count_of(len(rejected), 'rejection')} so far."
        )
        return FunnelReading(
            "few" if not offers else "offers",
            headline,
            f"With {MIN_FOR_READING} or more rejections recorded, a pattern starts to show: where applications "
            "stop, and what that usually points to. Until then, read each entry's feedback on its own.",
            rejections=len(rejected),
        )
    counts = {
        group: sum(1 for e in rejected if e.furthest_stage in stages) for group, (stages, _areas) in _GROUPS.items()
    }
    group = max(counts, key=lambda g: (counts[g], -list(_GROUPS).index(g)))
    n, total = counts[group], len(rejected)
    most = n / total > CLEAR_SHARE
    if group == "interview":
        opening = (
            "You get to interviews; most of your applications stop after them"
            if most
            else "You get to interviews, and that is where your applications stop most often"
        )
    else:
        where = _WHERE[group]
        opening = f"Most of your applications stop {where}" if most else f"Your applications stop most often {where}"
    headline, advice = f"{opening} ({n} of {total} rejections).", _ADVICE[group]
    if offers:
        advice += f" You have {count_of(offers, 'offer')} too, so this is about converting more often."
    return FunnelReading(group, headline, advice, _GROUPS[group][1], total, n)


@dataclass(frozen=True)
class NamedArea:
    area: str
    name: str
    entries: int  # journal entries tagged with it
    practisable: bool


def most_named(
    entries: Sequence[JournalEntry], names: Mapping[str, str], practisable: frozenset[str] | set[str]
) -> list[NamedArea]:
    """Areas by how many entries' feedback was tagged with them, most first (ties in area order)."""
    counts = Counter(tag for e in entries for tag in dict.fromkeys(e.tags))
    order = {area: index for index, area in enumerate(names)}
    ranked = sorted(counts, key=lambda a: (-counts[a], order.get(a, len(order)), a))
    return [NamedArea(a, area_name(a, names), counts[a], a in practisable) for a in ranked]
