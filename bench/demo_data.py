"""A realistic practice history, for screenshots of History, Review and Progress and for benchmarks.

It reads like one person's job search: practice on uneven days (streaks, a week or more off, a burst
before each interview), sessions from the shipped question banks (quick fives, red-flag drills, full mock
interviews, custom picks, focus sessions), redone answers, a few skipped ones, answers timed around each
question's limit with about one in ten over it, self-scores that improve over the months (a specific
story starts weak and improves most; red flags stay harder than stories), later re-scoring, sessions
with a friend (Sam, Priya) scoring too, and short notes.

Everything is written through PracticeRepository with a fake clock, so the rows are exactly what the app
writes. To be fast, the repository's writes are grouped into a few large transactions (see `_Batched`).

    python -m bench.demo_data DATA_DIR [--sessions 80 --answers 700 --recordings 10]
    INTERVIEW_COACH_DATA_DIR=DATA_DIR make run
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/demo_data.py` as well as `python -m bench.demo_data`
    sys.path.insert(0, str(ROOT))

from interview_coach.audio.encoding import wav_to_flac  # noqa: E402
from interview_coach.domain.practice_setup import (  # noqa: E402
    PRESETS,
    PracticeSetup,
    build_plan,
    focused_on,
    limits_for,
)
from interview_coach.domain.questions import RED_FLAG, Catalogue, Question  # noqa: E402
from interview_coach.domain.records import SELF, AnswerTimings, Scorer, SessionMode  # noqa: E402
from interview_coach.domain.rubric import Criterion, Rubric  # noqa: E402
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot  # noqa: E402
from interview_coach.storage.database import open_database  # noqa: E402
from interview_coach.storage.library import load_library  # noqa: E402
from interview_coach.storage.locations import DataLayout, make_private_dir  # noqa: E402
from interview_coach.storage.practice_repository import PracticeRepository  # noqa: E402

FRIENDS = ("Sam", "Priya")
FRIEND_SHARE = 0.15
MIN_ANSWERS, MAX_ANSWERS = 4, 15
MAX_IDLE_DAYS = 11
# Thinking, speaking, scoring and a note: about 3 minutes an answer, never more than 8.
TYPICAL_ANSWER_MINUTES, LONGEST_ANSWER_MINUTES = 3.5, 8.0
WEEKDAY_HOURS = (7.2, 12.5, 18.3, 19.5, 20.6)
WEEKEND_HOURS = (9.8, 11.5, 14.0, 16.2, 18.0, 19.8)
RECORDING_RATE = 16000  # what the recorder writes: 16 kHz mono, 16-bit
ANSWERS_PER_TRANSACTION = 2000

# Self-assessed skill per criterion at the start and at the end of the period (1-5 scale). A specific
# story is the big win; red flags stay the hardest; in-person points are scored by friends only.
SKILL: dict[str, tuple[float, float]] = {
    "specific-story": (1.8, 4.0),
    "enthusiasm": (2.8, 3.7),
    "fit": (2.3, 3.5),
    "structure": (2.4, 3.8),
    "red-flag-handling": (1.7, 3.0),
    "delivery": (2.6, 3.6),
    "eye-contact": (2.9, 3.8),
    "posture": (3.1, 3.9),
}
CATEGORY_EFFECT = {RED_FLAG: -0.35, "behavioural": 0.15, "closing": 0.2, "opening": 0.1}
FRIEND_BIAS = {"Sam": -0.3, "Priya": 0.15}  # Sam is the tougher interviewer

NOTES: dict[str, tuple[str, ...]] = {
    "behavioural": (
        "Forgot to say the result again. Next time: cut response time from two days to four hours.",
        "Too much set-up; the action only started after a minute.",
        "Said 'we' all the way through. Say what I did.",
        "The onboarding story fits this better than the migration one.",
        "STAR in order and landed the number. Keep this version.",
        "Good story, but I never said what I learned.",
    ),
    RED_FLAG: (
        "Apologised twice for the gap. Say it once and move on.",
        "Kept it to three sentences this time, much better.",
        "Don't criticise the old manager, even a little.",
        "Practise the redundancy line until it sounds natural.",
        "Turned to what I learned, but the link back to the role was weak.",
        "Sounded defensive about the short job. Calm, brief, forward.",
    ),
    "opening": (
        "Two minutes is too long for this. Cut the first job.",
        "Start with what I do now, not my degree.",
        "Good hook at the end: why this role, why now.",
    ),
    "motivation": (
        "Mention the product, not just 'great culture'.",
        "Sounded flat. It's a job I actually want, so let it show.",
        "Need one concrete thing I'd improve in their onboarding.",
    ),
    "situational": (
        "Jumped to a solution before asking any questions.",
        "Say how I'd check it worked afterwards.",
        "Better: gave options and said which I'd pick and why.",
    ),
    "closing": (
        "Have two questions ready, not one.",
        "Ask about the team's biggest challenge this quarter.",
    ),
    "role-specific": (
        "Explain the trade-off, not just the tool.",
        "Too technical for a hiring manager; pitch it higher.",
        "Give numbers: targets, conversion, team size.",
    ),
    "": (
        "Lots of 'um' at the start; pause instead.",
        "Felt confident on this one.",
        "Rushed the ending.",
        "Speak slower, the recording sounds rushed.",
        "Much better than last week.",
        "Lost my thread halfway. Headline first next time.",
    ),
}
OVER_LIMIT_NOTES = ("Ran over again. Cut the background.", "Too long: get to the point in the first 20 seconds.")
FRIEND_NOTES = (
    "You looked down at your notes a lot in the middle part.",
    "Good eye contact, and the story had a clear result.",
    "You slouched when the gap question came up. Sit up, it's fine.",
    "I'd ask a follow-up about the numbers: have them ready.",
    "Strong close, very natural.",
    "Hands were fidgeting; try resting them on the table.",
    "Much tighter than last time.",
    "I wasn't sure what your part was versus the team's.",
)
# Sentences for spoken demo answers (espeak-ng), by the kind of question.
SPOKEN: dict[str, tuple[str, ...]] = {
    "story": (
        "In my last role I led the migration of our billing system.",
        "The old system failed about twice a month, and every failure cost the support team a full day.",
        "I planned the move in three stages, so that each one could be rolled back on its own.",
        "I wrote the test plan myself and ran it with two people from finance.",
        "We finished two weeks early, with no customer outage at all.",
        "Support tickets about invoices dropped by about forty percent in the next quarter.",
        "What I took from it is to agree on what done looks like before anyone writes code.",
        "I'd do the same again, but I would bring finance in even earlier.",
    ),
    RED_FLAG: (
        "I was out of work for eight months last year, after my team was made redundant.",
        "I used the time well. I finished a course in data analysis and did some volunteer work.",
        "It also gave me time to think about what I want next, which is exactly this kind of role.",
        "I'm ready to get back to work, and this job matches what I learned and what I enjoy.",
    ),
    "": (
        "I've spent the last five years in customer facing roles, most recently as a team lead.",
        "What I enjoy most is fixing the process behind a problem, not just the problem itself.",
        "This role appeals to me because your team is growing and needs exactly that.",
        "I'm keen to bring what I learned about onboarding new starters.",
        "I'd like to understand how you measure success in the first six months.",
    ),
}


@dataclass(frozen=True)
class DemoSummary:
    sessions: int
    answers: int
    scores: int  # score rows, including re-scores and friends' scores
    notes: int
    recordings: int
    friend_sessions: int
    skipped: int
    redos: int
    first_started: datetime | None
    last_started: datetime | None
    unfinished_session: int | None  # the last session, left in progress (the app offers to resume it)
    seconds: float  # time taken to generate


class _Clock:
    """The fake clock the repository stamps rows with: generation sets the time before each write."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class _Batched:
    """A connection whose BEGIN IMMEDIATE / COMMIT are no-ops while a batch is open.

    PracticeRepository commits every write on its own (right for the app, where each click must be
    saved), which would make 10,000 answers take tens of thousands of commits. Handing the repository
    this wrapper lets its writes share one transaction per batch, with the repository's own SQL.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._open = False

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        if self._open and sql.strip().upper() in ("BEGIN IMMEDIATE", "COMMIT"):
            return self._connection.cursor()
        return self._connection.execute(sql, parameters)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    @contextmanager
    def batch(self) -> Iterator[None]:
        self._connection.execute("BEGIN IMMEDIATE")
        self._open = True
        try:
            yield
        except BaseException:
            self._open = False
            self._connection.execute("ROLLBACK")
            raise
        self._open = False
        self._connection.execute("COMMIT")


@dataclass
class _SessionPlan:
    started: datetime
    kind: str  # quick-5, red-flags, full-mock, custom, focus
    size: int  # questions answered (or skipped)
    redos: int = 0
    mode: SessionMode = "solo"
    friend: str = ""
    extra: int = 0  # questions planned but never reached (the unfinished last session)


@dataclass(frozen=True)
class _Take:
    answer_id: int
    session_id: int
    position: int
    category: str
    onset: float
    timings: AnswerTimings


@dataclass
class _Counts:
    answers: int = 0
    scores: int = 0
    notes: int = 0
    skipped: int = 0
    redos: int = 0
    recorded: list[_Take] = field(default_factory=list)


def generate(
    connection: sqlite3.Connection,
    *,
    sessions: int = 80,
    answers: int = 700,
    months: int = 6,
    seed: int = 1,
    end: datetime | None = None,
    catalogue: Catalogue | None = None,
    rubric: Rubric | None = None,
    recordings_root: Path | None = None,
    recordings: int = 0,
) -> DemoSummary:
    """Fills an open database (normally empty) with `sessions` sessions holding `answers` answer rows.

    The history spans `months` months up to `end` (default: now). The same seed gives the same data.
    With `recordings_root` (the data folder) and `recordings`, the most recent answers get real spoken
    recordings (espeak-ng, FLAC) under recordings/<session>/.
    """
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    if sessions < 1 or answers < sessions:
        raise ValueError(f"need at least one session and one answer per session, not {sessions} and {answers}")
    if recordings and recordings_root is None:
        raise ValueError("recordings need recordings_root (the data folder)")
    if recordings and shutil.which("espeak-ng") is None:
        raise RuntimeError("spoken demo recordings need espeak-ng (sudo apt-get install espeak-ng)")
    began = time.perf_counter()
    if catalogue is None or rubric is None:
        library = load_library(None)
        catalogue = catalogue or library.catalogue
        rubric = rubric or library.default_rubric
    end = (end or datetime.now(timezone.utc)).replace(microsecond=0)
    if end.tzinfo is None:
        end = end.replace(tzinfo=timezone.utc)
    rng = random.Random(seed)
    start = end - timedelta(days=round(months * 30.44))

    plans = _plan_sessions(rng, sessions, answers, start, end)
    clock = _Clock(start)
    batched = _Batched(connection)
    repo = PracticeRepository(cast(sqlite3.Connection, batched), clock)
    writer = _Writer(repo, clock, rng, catalogue, rubric, start, end)
    for chunk in _chunks(plans):
        with batched.batch():
            for plan in chunk:
                writer.write_session(plan)
    with batched.batch():
        writer.rescore_later()

    made = 0
    if recordings and recordings_root is not None:
        made = _add_recordings(repo, rng, recordings_root, writer.counts.recorded[-recordings:])
    counts = writer.counts
    return DemoSummary(
        sessions=len(plans),
        answers=counts.answers,
        scores=counts.scores,
        notes=counts.notes,
        recordings=made,
        friend_sessions=sum(p.mode == "friend" for p in plans),
        skipped=counts.skipped,
        redos=counts.redos,
        first_started=plans[0].started if plans else None,
        last_started=plans[-1].started if plans else None,
        unfinished_session=writer.unfinished,
        seconds=time.perf_counter() - began,
    )


def _chunks(plans: list[_SessionPlan]) -> Iterator[list[_SessionPlan]]:
    """Sessions in groups of about ANSWERS_PER_TRANSACTION answers: few commits, a bounded WAL."""
    chunk: list[_SessionPlan] = []
    answers = 0
    for plan in plans:
        chunk.append(plan)
        answers += plan.size + plan.redos
        if answers >= ANSWERS_PER_TRANSACTION:
            yield chunk
            chunk, answers = [], 0
    if chunk:
        yield chunk


# When: practice days and session sizes


def _plan_sessions(
    rng: random.Random, sessions: int, answers: int, start: datetime, end: datetime
) -> list[_SessionPlan]:
    # Whole days inside the period: the day it starts and the day it ends are only partly in it.
    first, last = start.date() + timedelta(days=1), end.date() - timedelta(days=1)
    days = _practice_days(rng, first, max(first, last), sessions)
    times = _session_times(rng, days, sessions, end)
    plans = [_session_kind(rng, moment) for moment in times]
    _fit_total(rng, plans, answers)
    if rng.random() < 0.5:  # stopped part-way through the latest session; the app offers to resume it
        plans[-1].extra = rng.randint(1, 3)
        plans[-1].kind = _resized(plans[-1].kind)  # a preset's length is fixed; this plan is longer
    _keep_apart(plans, start, end)
    # About one session in seven with a friend as interviewer, mostly mock interviews (weighted choice
    # without replacement: the keys of Efraimidis and Spirakis).
    keys = [rng.random() ** (1 / (5.0 if p.kind in ("full-mock", "custom") else 1.0)) for p in plans]
    chosen = sorted(range(len(plans)), key=keys.__getitem__, reverse=True)[: round(FRIEND_SHARE * len(plans))]
    for index in chosen:
        plan = plans[index]
        plan.mode = "friend"
        # Sam helped in the first months; Priya joined later; now and then either.
        sam = rng.random() < (0.8 if index < len(plans) * 0.55 else 0.3)
        plan.friend = FRIENDS[0] if sam else FRIENDS[1]
    return plans


def _keep_apart(plans: list[_SessionPlan], start: datetime, end: datetime) -> None:
    """Moves sessions earlier where needed so they follow one another and the last is over by `end`.

    Sessions are spaced by a typical length here; writing them moves a session on if the one before
    ran longer. The last one is allowed the longest any answer can take, so it surely ends by `end`.
    """

    def length(plan: _SessionPlan, minutes_per_answer: float = TYPICAL_ANSWER_MINUTES) -> timedelta:
        return timedelta(minutes=minutes_per_answer * (plan.size + plan.redos) + 5)

    limit = end
    for plan in reversed(plans):
        allowed = length(plan, LONGEST_ANSWER_MINUTES if plan is plans[-1] else TYPICAL_ANSWER_MINUTES)
        plan.started = min(plan.started, limit - allowed)
        limit = plan.started - timedelta(minutes=10)
    earliest = start  # only binds when there are more sessions than the period can hold
    for plan in plans:
        plan.started = max(plan.started, earliest)
        earliest = plan.started + length(plan) + timedelta(minutes=10)


def _practice_days(rng: random.Random, first: date, last: date, sessions: int) -> dict[date, float]:
    """The days with practice, each with how keen that day is (more sessions on keen days).

    The first days (fresh from a rejection) and the days before each interview see practice nearly
    daily. Otherwise a streak tends to continue and a lull tends to last (a two-state chain, tuned to
    give about one practice day per 1.4 sessions overall), and now and then a week or more goes by
    without any practice (a holiday, a low patch).
    """
    total = (last - first).days + 1
    days = [first + timedelta(days=o) for o in range(total)]
    interviews = [first + timedelta(days=round(total * f)) for f in _spread(rng, max(1, round(total / 45)), 0.2, 0.97)]
    keen = {d for d in days if (d - first).days < 5 or any(0 < (i - d).days <= 5 for i in interviews)}
    after = {d for d in days if any(0 <= (d - i).days <= 1 for i in interviews)}
    gaps: set[date] = set()
    count = max(1, total // 75)
    for n in range(count):
        begin = first + timedelta(days=round(total * (n + rng.uniform(0.3, 0.6)) / count))
        gaps.update(begin + timedelta(days=k) for k in range(rng.randint(6, 9)))
    gaps -= keen
    wanted = min(total, max(1, round(sessions / 1.4)))
    ordinary = [d for d in days if d not in keen and d not in gaps]
    density = min(0.9, max(0.05, (wanted - 0.85 * len(keen)) / max(1, len(ordinary))))
    stay = max(0.5, density)  # chance a practice day is followed by another
    start_again = min(1.0, density * (1 - stay) / (1 - density))  # chance a day off is followed by practice
    weights: dict[date, float] = {}
    active, idle, patience = True, 0, MAX_IDLE_DAYS
    for offset, day in enumerate(days):
        if day in gaps:
            active, idle = False, idle + 1
            continue
        if day in keen:
            chance = 0.85
        elif day in after:
            chance = min(stay, 0.2)
        elif idle >= patience:
            chance = 1.0  # back to it: the next interview is never far off
        else:
            chance = stay if active else start_again
        active = rng.random() < chance
        if not active:
            idle += 1
            continue
        idle, patience = 0, rng.randint(7, MAX_IDLE_DAYS)  # how long the next lull may last at most
        weekend = day.weekday() >= 5
        weights[day] = (2.5 if day in keen else 1.0) * (1.3 if weekend else 1.0) * (0.8 + 0.4 * offset / total)
    if not weights:  # a very short period: practise every day
        weights = dict.fromkeys(days, 1.0)
    return weights


def _spread(rng: random.Random, count: int, low: float, high: float) -> list[float]:
    """`count` points between low and high, later ones closer together (the search picks up pace)."""
    return [low + (high - low) * math.sqrt((i + rng.uniform(0.3, 0.7)) / count) for i in range(count)]


def _session_times(rng: random.Random, weights: dict[date, float], sessions: int, end: datetime) -> list[datetime]:
    """One session on every practice day, the rest on the keenest days (before work, lunch, evening)."""
    days = sorted(weights)
    if len(days) > sessions:  # fewer sessions than practice days (a small data set): thin them out
        days = sorted(rng.sample(days, sessions))
    chosen = dict.fromkeys(days, 1)
    extra = rng.choices(days, weights=[weights[d] for d in days], k=sessions - len(days))
    for day in extra:
        chosen[day] += 1
    tz = end.tzinfo or timezone.utc
    moments: list[datetime] = []
    for day, count in chosen.items():
        # Before work, at lunch, in the evening; at weekends, any time of the day.
        slots = WEEKEND_HOURS if day.weekday() >= 5 else WEEKDAY_HOURS
        if count <= len(slots):
            hours = sorted(rng.sample(slots, count))
        else:  # a very busy day (large data sets): spread over the waking hours
            hours = [8.0 + 14.0 * n / count for n in range(count)]
        midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
        moments += [midnight + timedelta(hours=h + rng.uniform(-0.25, 0.4)) for h in hours]
    return sorted(moments)


def _session_kind(rng: random.Random, started: datetime) -> _SessionPlan:
    kind = rng.choices(("quick-5", "red-flags", "full-mock", "custom", "focus"), weights=(30, 14, 18, 30, 8))[0]
    size = {"quick-5": 5, "red-flags": 6, "full-mock": 11, "focus": 5}.get(kind) or rng.randint(4, 14)
    redos = 0
    while rng.random() < 0.35 and redos < 3:
        redos += 1
    return _SessionPlan(started, kind, size, redos)


def _fit_total(rng: random.Random, plans: list[_SessionPlan], answers: int) -> None:
    """Nudges sizes and redos until the answer rows add up to `answers` exactly, 4-15 per session
    where the numbers allow."""
    low = min(MIN_ANSWERS, answers // len(plans))
    high = max(MAX_ANSWERS, math.ceil(answers / len(plans)))
    for plan in plans:
        plan.size = max(1, min(plan.size, high))
        plan.redos = max(0, min(plan.redos, high - plan.size, plan.size))
    total = sum(p.size + p.redos for p in plans)
    while total != answers:
        plan = rng.choice(plans)
        rows = plan.size + plan.redos
        if total < answers and rows < high:
            if plan.kind in ("custom", "focus") or plan.redos >= plan.size or rng.random() < 0.4:
                plan.kind, plan.size = _resized(plan.kind), plan.size + 1
            else:
                plan.redos += 1
            total += 1
        elif total > answers and rows > low:
            if plan.redos and rng.random() < 0.6:
                plan.redos -= 1
            elif plan.size > 1:
                plan.kind, plan.size = _resized(plan.kind), plan.size - 1
            else:
                continue
            total -= 1


def _resized(kind: str) -> str:
    """A preset has a fixed size; a session of another size was a custom choice."""
    return kind if kind in ("custom", "focus") else "custom"


# What: questions, timings, scores and notes


class _Writer:
    def __init__(
        self,
        repo: PracticeRepository,
        clock: _Clock,
        rng: random.Random,
        catalogue: Catalogue,
        rubric: Rubric,
        start: datetime,
        end: datetime,
    ) -> None:
        self.repo, self.clock, self.rng = repo, clock, rng
        self.catalogue, self.rubric = catalogue, rubric
        self.start, self.span = start, max((end - start).total_seconds(), 1.0)
        self.end = end
        self.counts = _Counts()
        self.unfinished: int | None = None
        self.finished = start  # when the latest session written ended
        questions = catalogue.questions()
        if not questions:
            raise ValueError("the catalogue holds no questions")
        self.questions = questions
        # Some questions are simply harder for this person, whatever the criterion.
        self.difficulty = {q.key: rng.gauss(0.0, 0.3) for q in questions}
        self.weakness: dict[str, float] = {}  # latest average per question, for "weakest first"
        self.scored: list[tuple[int, datetime, dict[str, int]]] = []  # candidates for re-scoring
        self._question_snapshots: dict[str, QuestionSnapshot] = {}
        self._rubric_snapshots: dict[tuple[tuple[str, ...], bool], tuple[list[Criterion], RubricSnapshot]] = {}

    def progress(self, moment: datetime) -> float:
        return min(max((moment - self.start).total_seconds() / self.span, 0.0), 1.0)

    def write_session(self, plan: _SessionPlan) -> None:
        rng = self.rng
        setup = self._setup(plan)
        questions = self._questions(setup, plan.size + plan.extra)
        snapshots = [self._snapshot(q) for q in questions]
        plan_json = [s.to_json() for s in snapshots]
        settings: dict[str, Any] = {"setup": setup.to_dict(), "plan": plan_json, "rubric": self.rubric.id}
        if plan.mode == "friend":
            settings["friend"] = plan.friend
        plan.started = max(plan.started, self.finished + timedelta(minutes=10))
        self.clock.now = plan.started
        session = self.repo.create_session(plan.mode, settings)
        moment = plan.started + timedelta(seconds=rng.uniform(5, 40))
        form = rng.gauss(0.0, 0.25)  # a good day or a bad one
        attempts = dict.fromkeys(range(1, plan.size + 1), 1)
        for _ in range(plan.redos):  # a redo is another attempt at one question, right after the first
            candidates = [p for p, n in attempts.items() if n < 3] or list(attempts)
            attempts[rng.choice(candidates)] += 1
        for position, question in enumerate(questions[: plan.size], start=1):
            skip = attempts[position] == 1 and position > 1 and rng.random() < 0.035
            for attempt in range(1, attempts[position] + 1):
                # The try that gets redone went badly; the redo goes better.
                bonus = form + (-0.5 if attempt < attempts[position] else 0.0) + (0.3 if attempt > 1 else 0.0)
                moment = self._answer(session.id, position, question, setup, plan, moment, bonus, skip)
        if plan.extra:
            self.unfinished = session.id  # in progress: the questions after these were never reached
            return
        self.clock.now = self.finished = moment + timedelta(seconds=rng.uniform(20, 90))
        self.repo.end_session(session.id)

    def _setup(self, plan: _SessionPlan) -> PracticeSetup:
        rng = self.rng
        presets = {p.id: p.setup for p in PRESETS}
        if plan.kind in presets:
            return presets[plan.kind]
        if plan.kind == "focus":
            progress = self.progress(plan.started)
            weakest = "specific-story" if progress < 0.5 else "red-flag-handling"
            return focused_on(rng.choice((weakest, weakest, "structure", "fit")), plan.size + plan.extra)
        choices: list[dict[str, Any]] = [
            {"categories": ("behavioural",)},
            {"categories": (RED_FLAG, "motivation")},
            {"categories": ("behavioural", "situational")},
            {"bank_ids": ("role-software", "behavioural")},
            {"bank_ids": ("role-management", "behavioural", "red-flags")},
            {"categories": ("opening", "motivation", "closing")},
            {},
        ]
        custom = replace(PracticeSetup(), question_count=plan.size + plan.extra, **rng.choice(choices))
        if rng.random() < 0.3:
            custom = replace(custom, order="weakest_first")
        if rng.random() < 0.12:
            custom = replace(custom, answer_seconds=rng.choice((60, 90, 120)))
        return custom

    def _questions(self, setup: PracticeSetup, count: int) -> list[Question]:
        plan = build_plan(self.catalogue, setup, weakness=self.weakness, rng=self.rng)
        if len(plan) < count:  # a narrow choice (or a small catalogue): top up, as a longer custom pick would
            taken = {q.key for q in plan}
            others = [q for q in self.questions if q.key not in taken]
            self.rng.shuffle(others)
            plan += others[: count - len(plan)]
        while len(plan) < count:  # a tiny catalogue: repeat questions
            plan.append(self.rng.choice(self.questions))
        return plan[:count]

    def _snapshot(self, question: Question) -> QuestionSnapshot:
        # The same question always gives the same snapshot; made once, it is only ever serialised.
        snapshot = self._question_snapshots.get(question.key)
        if snapshot is None:
            snapshot = self._question_snapshots[question.key] = QuestionSnapshot.of(question)
        return snapshot

    def _criteria(self, question: Question, in_person: bool) -> tuple[list[Criterion], RubricSnapshot]:
        key = (question.criteria, in_person)
        if key not in self._rubric_snapshots:
            criteria = self.rubric.applicable(question.criteria, include_in_person=in_person)
            self._rubric_snapshots[key] = (criteria, RubricSnapshot.of(self.rubric, criteria))
        return self._rubric_snapshots[key]

    def _answer(
        self,
        session_id: int,
        position: int,
        question: Question,
        setup: PracticeSetup,
        plan: _SessionPlan,
        moment: datetime,
        bonus: float,
        skip: bool,
    ) -> datetime:
        rng, repo, counts = self.rng, self.repo, self.counts
        progress = self.progress(moment)
        friend = plan.mode == "friend"
        criteria, snapshot = self._criteria(question, friend)
        think_limit, answer_limit = limits_for(question, setup)
        self.clock.now = moment
        answer = repo.add_answer(
            session_id, position, self._snapshot(question), snapshot, AnswerTimings(think_limit, answer_limit)
        )
        counts.answers += 1
        counts.redos += answer.attempt > 1
        think = round(min(think_limit, think_limit * rng.uniform(0.25, 1.0)), 2)
        if skip:
            self.clock.now = moment + timedelta(seconds=think + rng.uniform(2, 6))
            repo.update_answer(answer.id, status="skipped")
            counts.skipped += 1
            return self.clock.now + timedelta(seconds=rng.uniform(3, 10))
        over = rng.random() < 0.15 - 0.1 * progress  # about one in ten over the whole period
        if over:
            spoken = answer_limit * rng.uniform(1.03, 1.35)
        else:
            spoken = answer_limit * min(0.99, max(0.3, rng.gauss(0.72 + 0.1 * progress, 0.15)))
        onset = round(rng.uniform(0.4, 2.8 - 1.5 * progress), 2)
        timings = AnswerTimings(think_limit, answer_limit, think, round(spoken, 2), onset, spoken > answer_limit)
        answered = moment + timedelta(seconds=think + 3 + spoken)
        self.clock.now = answered
        repo.update_answer(answer.id, status="recorded", timings=timings)
        counts.recorded.append(_Take(answer.id, session_id, position, question.category, onset, timings))

        # Scoring: a minute or so after the answer.
        self_criteria = [c for c in criteria if not c.in_person]
        values = {
            c.id: self._score(c.id, question, progress, bonus - (0.7 if over and c.id == "structure" else 0.0))
            for c in self_criteria
        }
        scored = answered + timedelta(seconds=rng.uniform(15, 70))
        if values:
            self.clock.now = scored
            repo.add_scores(answer.id, SELF, values)
            counts.scores += len(values)
            self.weakness[question.key] = sum(values.values()) / len(values)
            self.scored.append((answer.id, scored, values))
        if friend:
            bias = FRIEND_BIAS.get(plan.friend, 0.0)
            friend_values = {c.id: self._score(c.id, question, progress, bonus + bias) for c in criteria}
            self.clock.now = scored + timedelta(seconds=rng.uniform(5, 30))
            repo.add_scores(answer.id, Scorer("friend", plan.friend), friend_values)
            counts.scores += len(friend_values)
            if rng.random() < 0.4:
                repo.set_note(answer.id, Scorer("friend", plan.friend), rng.choice(FRIEND_NOTES))
                counts.notes += 1
        if rng.random() < 0.25:
            pool = OVER_LIMIT_NOTES if over and rng.random() < 0.6 else NOTES.get(question.category) or NOTES[""]
            if rng.random() < 0.3:
                pool = NOTES[""]
            self.clock.now = scored + timedelta(seconds=rng.uniform(10, 60))
            repo.set_note(answer.id, SELF, rng.choice(pool))
            counts.notes += 1
        return max(self.clock.now, scored) + timedelta(seconds=rng.uniform(5, 25))

    def _score(self, criterion: str, question: Question, progress: float, bonus: float) -> int:
        first, final = SKILL.get(criterion, (2.5, 3.5))
        # Quick gains at first, then a slower climb.
        learned = (1 - math.exp(-2.5 * progress)) / (1 - math.exp(-2.5))
        value = first + (final - first) * learned
        value += CATEGORY_EFFECT.get(question.category, 0.0) + self.difficulty.get(question.key, 0.0) + bonus
        value += self.rng.gauss(0.0, 0.55)
        return min(5, max(1, round(value)))

    def rescore_later(self) -> None:
        """About one answer in twelve is reviewed days later and some of its scores changed (history kept)."""
        rng = self.rng
        for answer_id, scored, values in self.scored:
            if rng.random() >= 0.08:
                continue
            later = scored + timedelta(days=rng.uniform(1, 20), hours=rng.uniform(0, 5))
            if later >= self.end:
                continue
            chosen = rng.sample(sorted(values), rng.randint(1, min(3, len(values))))
            # On a second listen people are usually a little harsher, sometimes kinder.
            changed = {c: min(5, max(1, values[c] + rng.choice((-1, -1, -1, 1)))) for c in chosen}
            self.clock.now = later
            self.repo.add_scores(answer_id, SELF, changed)
            self.counts.scores += len(changed)


# Spoken recordings


def _add_recordings(
    repo: PracticeRepository,
    rng: random.Random,
    root: Path,
    recent: list[_Take],
) -> int:
    """Real speech for the most recent answers: the file first, then the row (as the app does).

    Each is about as long as the answer's timing said (at most two minutes); the timing is then set to
    the recording's real length, so timings, waveform and player agree.
    """
    made = 0
    with tempfile.TemporaryDirectory(prefix="demo-speech-") as scratch:
        for take in recent:
            folder = root / "recordings" / str(take.session_id)
            make_private_dir(folder.parent)
            make_private_dir(folder)
            relative = folder.relative_to(root) / f"{take.position:02d}-{rng.getrandbits(32):08x}.flac"
            wanted = min(take.timings.answer_seconds or 60.0, 120.0)
            seconds = _speak_answer(rng, take.category, take.onset, wanted, Path(scratch), root / relative)
            limit = take.timings.answer_limit_seconds
            timings = replace(
                take.timings, answer_seconds=round(seconds, 2), over_limit=limit is not None and seconds > limit
            )
            repo.update_answer(take.answer_id, recording_path=relative.as_posix(), timings=timings)
            made += 1
    return made


def _speak_answer(rng: random.Random, category: str, onset: float, seconds: float, scratch: Path, flac: Path) -> float:
    """Writes a spoken answer of about `seconds` (after `onset` seconds of room noise); returns its length."""
    kind = RED_FLAG if category == RED_FLAG else ("story" if category in ("behavioural", "situational") else "")
    sentences = SPOKEN[kind]
    words_per_minute = rng.randint(150, 175)
    words_wanted = (seconds - onset) * words_per_minute / 60 * 0.85  # espeak-ng pauses between sentences
    chosen: list[str] = []
    while sum(len(s.split()) for s in chosen) < words_wanted:
        chosen.append(sentences[len(chosen) % len(sentences)])  # a long answer comes back to its points
    raw = scratch / "speech.wav"
    subprocess.run(
        ["espeak-ng", "-v", "en-gb", "-s", str(words_per_minute), "-w", str(raw), " ".join(chosen)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    speech, rate = sf.read(raw, dtype="float32")
    if speech.ndim > 1:
        speech = speech.mean(axis=1)
    count = round(len(speech) * RECORDING_RATE / rate)
    speech = np.interp(np.linspace(0, len(speech) - 1, count), np.arange(len(speech)), speech).astype(np.float32)
    # A little room noise, so the waveform and level meter look like a microphone's.
    noise = np.random.default_rng(rng.getrandbits(32)).normal(0.0, 0.003, int(onset * RECORDING_RATE) + count)
    take = noise.astype(np.float32)
    take[-count:] += 0.8 * speech
    wav = scratch / "take.wav"
    sf.write(wav, np.clip(take, -1, 1), RECORDING_RATE, subtype="PCM_16")
    wav_to_flac(wav, flac)
    if os.name == "posix":
        flac.chmod(0o600)
    wav.unlink()
    return len(take) / RECORDING_RATE


# Command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.demo_data",
        description="Fill a data folder with a realistic practice history, then open the app on it with "
        "INTERVIEW_COACH_DATA_DIR=DIR make run.",
    )
    parser.add_argument("data_dir", type=Path, help="the data folder to fill (created if needed; no sessions yet)")
    parser.add_argument("--sessions", type=int, default=80)
    parser.add_argument("--answers", type=int, default=700)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--recordings", type=int, default=0, help="spoken recordings for the most recent answers")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    layout = DataLayout(args.data_dir.expanduser().resolve())
    layout.ensure()
    connection = open_database(layout.database)
    try:
        existing = connection.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        if existing:
            print(f"{layout.database} already holds {existing} sessions; choose an empty folder.", file=sys.stderr)
            return 1
        summary = generate(
            connection,
            sessions=args.sessions,
            answers=args.answers,
            months=args.months,
            seed=args.seed,
            recordings_root=layout.root,
            recordings=args.recordings,
        )
    except (ValueError, RuntimeError, subprocess.CalledProcessError) as error:
        print(f"demo data: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    span = ""
    if summary.first_started and summary.last_started:
        span = f" from {summary.first_started:%Y-%m-%d} to {summary.last_started:%Y-%m-%d}"
    print(
        f"{summary.sessions} sessions ({summary.friend_sessions} with a friend), {summary.answers} answers, "
        f"{summary.scores} scores, {summary.notes} notes, {summary.recordings} recordings{span}, "
        f"in {summary.seconds:.1f} s."
    )
    print(f"Open the app on it: INTERVIEW_COACH_DATA_DIR={layout.root} make run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
