"""What a practice session is made of: the user's choices, the presets, and the plan built from them."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, TypeVar

from interview_coach.domain.questions import RED_FLAG, Catalogue, Question
from interview_coach.domain.validation import text_or_empty, texts_in

Order = Literal["shuffled", "in_order", "weakest_first"]
Mode = Literal["solo", "friend"]
MAX_NAME_LENGTH = 60
ORDERS: dict[str, str] = {
    "shuffled": "Shuffled",
    "in_order": "In order",
    "weakest_first": "Weakest first",
}
MIN_QUESTIONS, MAX_QUESTIONS = 1, 50
UNPRACTISED_SCORE = 3.0  # a question never scored ranks as middling in "weakest first"

# A full mock interview runs like the real thing: opening to closing, 11 questions.
MOCK_INTERVIEW: tuple[tuple[str, int], ...] = (
    ("opening", 2),
    ("behavioural", 3),
    ("situational", 1),
    ("motivation", 2),
    (RED_FLAG, 2),
    ("closing", 1),
)


@dataclass(frozen=True)
class PracticeSetup:
    bank_ids: tuple[str, ...] = ()  # empty: every bank
    categories: tuple[str, ...] = ()  # empty: every category
    tags: tuple[str, ...] = ()  # empty: any tag; otherwise a question needs one of them
    question_count: int = 5
    order: Order = "shuffled"
    think_seconds: int | None = None  # None: each question's own suggestion
    answer_seconds: int | None = None
    rubric_id: str = "default"
    read_aloud: bool = True
    mock_interview: bool = False
    focus_criterion: str = ""  # practise one criterion: only questions scored on it
    question_keys: tuple[str, ...] = ()  # "practise this again": exactly these questions
    criteria_first: tuple[str, ...] = ()  # criteria the score sheet lists first (a journal-targeted session)
    mode: Mode = "solo"
    friend_name: str = ""  # who plays interviewer in friend mode; their scores carry this name
    show_question: bool = False  # friend mode: the candidate sees the question text, not only hears it
    show_timer: bool = True  # friend mode: the candidate sees the clock
    target_role: str = ""  # the role pack (bank id) for the job being prepared for; "" for none
    purpose: str = ""  # what the session is for, e.g. "the Tandem Bank application (Data analyst)"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> PracticeSetup:
        """Tolerant of old or damaged saved choices: anything unusable falls back to the default."""
        if not isinstance(data, Mapping):
            return cls()
        default = cls()
        order = data.get("order", default.order)
        count = data.get("question_count", default.question_count)
        return cls(
            bank_ids=texts_in(data.get("bank_ids")),
            categories=texts_in(data.get("categories")),
            tags=texts_in(data.get("tags")),
            question_count=min(max(count, MIN_QUESTIONS), MAX_QUESTIONS) if isinstance(count, int) else 5,
            order=order if order in ORDERS else default.order,
            think_seconds=_seconds(data.get("think_seconds"), 0, 600),
            answer_seconds=_seconds(data.get("answer_seconds"), 10, 1200),
            rubric_id=str(data.get("rubric_id") or default.rubric_id),
            read_aloud=bool(data.get("read_aloud", True)),
            mock_interview=bool(data.get("mock_interview", False)),
            focus_criterion=str(data.get("focus_criterion") or ""),
            question_keys=texts_in(data.get("question_keys")),
            criteria_first=texts_in(data.get("criteria_first")),
            mode="friend" if data.get("mode") == "friend" else "solo",
            friend_name=str(data.get("friend_name") or "").strip()[:MAX_NAME_LENGTH],
            show_question=bool(data.get("show_question", False)),
            show_timer=bool(data.get("show_timer", True)),
            target_role=text_or_empty(data, "target_role")[:MAX_NAME_LENGTH],
            purpose=text_or_empty(data, "purpose")[:MAX_PURPOSE_LENGTH],
        )


def _seconds(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return min(max(value, low), high)


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    description: str
    setup: PracticeSetup = field(default_factory=PracticeSetup)


# How to practise, as opposed to what: a preset or a due list keeps the user's own choice of these.
HOW_TO_PRACTISE = (
    "read_aloud", "think_seconds", "answer_seconds", "rubric_id", "mode", "friend_name", "show_question",
    "show_timer", "target_role",
)  # fmt: skip


def practised_as(content: PracticeSetup, how: PracticeSetup) -> PracticeSetup:
    """`content`'s questions, practised the way `how` says (reading aloud, times, friend, role...)."""
    return replace(content, **{name: getattr(how, name) for name in HOW_TO_PRACTISE})


ROLE_PACK_PREFIX = "role-"
MAX_PURPOSE_LENGTH = 200


def is_role_pack(bank_id: str) -> bool:
    return bank_id.startswith(ROLE_PACK_PREFIX)


def banks_in_play(catalogue: Catalogue, setup: PracticeSetup) -> set[str]:
    """The banks ticked, or else the general banks plus the pack of the role being prepared for:
    a developer is not asked customer-support questions unless they ask for them."""
    if setup.bank_ids:
        return set(setup.bank_ids)
    return {b.id for b in catalogue.banks if not is_role_pack(b.id) or b.id == setup.target_role}


PRESETS: tuple[Preset, ...] = (
    Preset("quick-5", "Quick 5", "Five shuffled questions for your role.", PracticeSetup(question_count=5)),
    Preset(
        "red-flags",
        "Red flags only",
        "Six hard questions about gaps, exits and money.",
        PracticeSetup(categories=(RED_FLAG,), question_count=6),
    ),
    Preset(
        "full-mock",
        "Full mock interview",
        "Eleven questions from opening to closing, like the real thing.",
        PracticeSetup(mock_interview=True, question_count=sum(n for _, n in MOCK_INTERVIEW)),
    ),
)


def matching_questions(catalogue: Catalogue, setup: PracticeSetup) -> list[Question]:
    if setup.question_keys:
        found = (catalogue.question(key) for key in setup.question_keys)
        return [q for q in found if q is not None]
    banks = banks_in_play(catalogue, setup)
    categories = set(setup.categories)
    tags = set(setup.tags)
    return [
        q
        for q in catalogue.questions()
        if q.bank_id in banks
        and (not categories or q.category in categories)
        and (not tags or tags.intersection(q.tags))
        and (not setup.focus_criterion or setup.focus_criterion in q.criteria)
    ]


def build_plan(
    catalogue: Catalogue,
    setup: PracticeSetup,
    *,
    weakness: Mapping[str, float] | None = None,
    rng: random.Random | None = None,
) -> list[Question]:
    """The questions of a session, in the order they will be asked.

    `weakness` maps question keys to the average of their latest scores (lower is weaker).
    """
    rng = rng or random.Random()
    pool = matching_questions(catalogue, setup)
    if setup.question_keys:
        return pool
    if setup.mock_interview:
        return _mock_interview(pool, rng)
    chosen = _ordered(pool, setup.order, weakness or {}, rng)
    return chosen[: setup.question_count]


def _ordered(
    pool: Sequence[Question], order: Order, weakness: Mapping[str, float], rng: random.Random
) -> list[Question]:
    if order == "in_order":
        return list(pool)
    shuffled = list(pool)
    rng.shuffle(shuffled)
    if order == "weakest_first":
        # Stable sort after a shuffle: equally weak questions come in a fresh order each time.
        shuffled.sort(key=lambda q: weakness.get(q.key, UNPRACTISED_SCORE))
    return shuffled


def _mock_interview(pool: Sequence[Question], rng: random.Random) -> list[Question]:
    plan: list[Question] = []
    for category, count in MOCK_INTERVIEW:
        candidates = [q for q in pool if q.category == category]
        rng.shuffle(candidates)
        plan.extend(candidates[:count])
    return plan


def limits_for(question: Question, setup: PracticeSetup) -> tuple[int, int]:
    """Think and answer seconds: the setup's override, else the question's own suggestion."""
    think = setup.think_seconds if setup.think_seconds is not None else question.think_seconds
    answer = setup.answer_seconds if setup.answer_seconds is not None else question.answer_seconds
    return think, answer


def friend_label(setup: PracticeSetup) -> str:
    """The name friend scores are filed under: what was typed, or "Friend" when nothing was."""
    return setup.friend_name.strip() or "Friend"


def focused_on(criterion_id: str, count: int = 5) -> PracticeSetup:
    """A session on one weak criterion: questions scored on it, weakest first."""
    return replace(PracticeSetup(), focus_criterion=criterion_id, question_count=count, order="weakest_first")


C = TypeVar("C")


def targeted_first(criteria: Sequence[C], first: Sequence[str]) -> list[C]:
    """The score sheet's criteria with the targeted ones first (in target order), the rest as they were.

    Works on anything with an `id` (rubric criteria), so the practice controller can apply a setup's
    `criteria_first` (set by a journal's targeted session) to `rubric.applicable(...)`.
    """
    if not first:
        return list(criteria)
    rank = {criterion_id: index for index, criterion_id in enumerate(first)}
    return sorted(criteria, key=lambda c: rank.get(str(getattr(c, "id", "")), len(rank)))
