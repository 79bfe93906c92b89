"""The feedback journal: applications and how far they got, what was said, what to do about it.

A rejection is information. Each entry records one application (company, role, the furthest stage it
reached, the outcome, the feedback word for word), the candidate's reflection on it, the areas the
feedback points to, and an action plan. Areas are the rubric's criteria (practice can fix those) plus
a few that practice cannot fix on its own (`OutsideArea`, from resources/journal/areas.toml).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from interview_coach.domain.rubric import Rubric

Stage = Literal["application", "phone-screen", "interview", "final-round", "offer"]
Outcome = Literal["waiting", "rejected", "withdrew", "offer", "accepted"]
ActionStatus = Literal["todo", "doing", "done"]

STAGES: tuple[Stage, ...] = ("application", "phone-screen", "interview", "final-round", "offer")
STAGE_LABELS: dict[str, str] = {
    "application": "Application",
    "phone-screen": "Phone screen",
    "interview": "Interview",
    "final-round": "Final round",
    "offer": "Offer",
}
OUTCOMES: tuple[Outcome, ...] = ("waiting", "rejected", "withdrew", "offer", "accepted")
OUTCOME_LABELS: dict[str, str] = {
    "waiting": "Waiting to hear",
    "rejected": "Rejected",
    "withdrew": "I withdrew",
    "offer": "Offer received",
    "accepted": "Offer accepted",
}
ACTION_STATUSES: tuple[ActionStatus, ...] = ("todo", "doing", "done")
ACTION_STATUS_LABELS: dict[str, str] = {"todo": "To do", "doing": "Doing", "done": "Done"}
CLOSED_OUTCOMES = frozenset({"rejected", "withdrew", "offer", "accepted"})


def stage_label(stage: str) -> str:
    return STAGE_LABELS.get(stage, stage.replace("-", " ").capitalize())


def outcome_label(outcome: str) -> str:
    return OUTCOME_LABELS.get(outcome, outcome.replace("-", " ").capitalize())


def stage_rank(stage: str) -> int:
    """0 for an application, 4 for an offer; an unknown stage counts as an application."""
    return STAGES.index(stage) if stage in STAGES else 0


@dataclass(frozen=True)
class ActionItem:
    """One step of the action plan: what to do about an area, by when, and how far it got."""

    area: str
    action: str
    due_on: date | None = None
    status: ActionStatus = "todo"
    id: int | None = None
    entry_id: int | None = None  # None: a step not tied to one application
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status != "done"


@dataclass(frozen=True)
class JournalEntry:
    company: str = ""
    role: str = ""
    applied_on: date | None = None
    stage_reached: Stage = "application"
    outcome: Outcome = "waiting"
    feedback: str = ""  # verbatim, as they wrote or said it
    contact: str = ""  # the interviewer or recruiter, for the message templates
    heard_on: date | None = None  # when the outcome (and feedback) came
    interview_on: date | None = None  # the next interview for this application: its questions come due before it
    reflections: Mapping[str, str] = field(default_factory=dict)  # prompt id -> answer
    tags: tuple[str, ...] = ()  # area ids the user confirmed
    actions: tuple[ActionItem, ...] = ()
    id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def title(self) -> str:
        """'Role at Company', or what there is of it."""
        company, role = self.company.strip(), self.role.strip()
        if company and role:
            return f"{role} at {company}"
        return company or role or "New entry"

    @property
    def is_blank(self) -> bool:
        """Nothing typed yet: an entry the user added and left can go without asking."""
        return not (
            self.company.strip()
            or self.role.strip()
            or self.contact.strip()
            or self.feedback.strip()
            or any(a.strip() for a in self.reflections.values())
            or self.tags
            or self.actions
            or self.interview_on is not None
        )

    @property
    def furthest_stage(self) -> Stage:
        """The stage reached; an offer counts as reaching the offer stage whatever was picked."""
        return "offer" if self.outcome in ("offer", "accepted") else self.stage_reached

    @property
    def is_closed(self) -> bool:
        return self.outcome in CLOSED_OUTCOMES

    def since(self) -> date | None:
        """The day "progress since" counts from: when they heard back, else when the entry was made."""
        if self.heard_on is not None:
            return self.heard_on
        if self.created_at is not None:
            return self.created_at.astimezone().date()
        return self.applied_on


@dataclass(frozen=True)
class OutsideArea:
    """An area practice alone cannot fix, such as the CV: it goes into the action plan instead."""

    id: str
    name: str
    description: str
    first_action: str = ""


@dataclass(frozen=True)
class Area:
    """Something feedback can be tagged with: a rubric criterion, or an area outside practice."""

    id: str
    name: str
    description: str
    practisable: bool
    first_action: str = ""


def journal_areas(rubric: Rubric | None, outside: Iterable[OutsideArea]) -> list[Area]:
    """Every area an entry can be tagged with: the rubric's criteria first, in rubric order."""
    areas: list[Area] = []
    if rubric is not None:
        for criterion in rubric.criteria:
            action = f"Practise answers with {criterion.name.lower()} in mind, and score it first."
            areas.append(Area(criterion.id, criterion.name, criterion.summary, True, action))
    known = {a.id for a in areas}
    areas += [Area(o.id, o.name, o.description, False, o.first_action) for o in outside if o.id not in known]
    return areas


def area_names(areas: Iterable[Area]) -> dict[str, str]:
    return {a.id: a.name for a in areas}


def area_name(area_id: str, names: Mapping[str, str]) -> str:
    return names.get(area_id) or area_id.replace("-", " ").capitalize()


def sorted_entries(entries: Sequence[JournalEntry]) -> list[JournalEntry]:
    """Newest application first (entries without a date go by when they were made)."""

    def key(entry: JournalEntry) -> tuple[date, float, int]:
        made = entry.created_at
        day = entry.applied_on or (made.astimezone().date() if made is not None else date.min)
        return (day, made.timestamp() if made is not None else 0.0, entry.id or 0)

    return sorted(entries, key=key, reverse=True)
