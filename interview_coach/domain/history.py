"""Past sessions at a glance: the facts History and Progress are built from, and the History filters.

A session is either complete (its answers with their latest scores) or a summary (`SessionTotals`
added up by the database, no answers): History's list and Progress read summaries, so opening them
costs the same with a year of practice as with a week; Review reads one session's answers in full.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from statistics import fmean

from interview_coach.domain.delivery import DeliveryMeasure
from interview_coach.domain.records import SessionMode


@dataclass(frozen=True)
class AnswerFact:
    """One answer with its latest scores: enough for lists, filters and charts without the snapshots."""

    answer_id: int
    session_id: int
    created_at: datetime
    position: int
    attempt: int
    question_key: str
    bank_id: str
    category: str
    question_text: str
    status: str
    recording_path: str | None
    answer_seconds: float | None
    answer_limit_seconds: float | None
    over_limit: bool
    self_scores: Mapping[str, int] = field(default_factory=dict)
    friend_scores: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # friend name -> scores
    note_text: str = ""

    @property
    def self_average(self) -> float | None:
        return fmean(self.self_scores.values()) if self.self_scores else None

    @property
    def answered(self) -> bool:
        return self.status != "skipped"


@dataclass(frozen=True)
class SessionTotals:
    """A session added up (by the database's aggregate tables): what lists and charts need."""

    answer_count: int  # answered (not skipped)
    speaking_seconds: float
    timed: int  # answered with both a length and a limit
    timed_seconds: float
    timed_limit_seconds: float
    timed_over: int
    recordings: int
    self_total: int
    self_count: int
    friend_total: int
    friend_count: int
    criteria: Mapping[str, tuple[int, int]]  # criterion id -> (sum, count) of current self-scores
    bank_ids: tuple[str, ...] = ()
    categories: frozenset[str] = frozenset()
    friends: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionFact:
    """A session with its answers, or (`totals` set, `answers` empty) a summary of it."""

    id: int
    mode: SessionMode
    started_at: datetime
    status: str
    answers: tuple[AnswerFact, ...]
    totals: SessionTotals | None = None

    @property
    def bank_ids(self) -> tuple[str, ...]:
        if self.totals is not None:
            return self.totals.bank_ids
        return tuple(dict.fromkeys(a.bank_id for a in self.answers))

    @property
    def categories(self) -> frozenset[str]:
        if self.totals is not None:
            return self.totals.categories
        return frozenset(a.category for a in self.answers)

    @property
    def answer_count(self) -> int:
        if self.totals is not None:
            return self.totals.answer_count
        return sum(1 for a in self.answers if a.answered)

    @property
    def speaking_seconds(self) -> float:
        if self.totals is not None:
            return self.totals.speaking_seconds
        return sum(a.answer_seconds or 0.0 for a in self.answers if a.answered)

    @property
    def recording_count(self) -> int:
        if self.totals is not None:
            return self.totals.recordings
        return sum(1 for a in self.answers if a.recording_path)

    @property
    def friends(self) -> tuple[str, ...]:
        if self.totals is not None:
            return self.totals.friends
        return tuple(sorted({name for a in self.answers for name in a.friend_scores}))

    @cached_property
    def self_average(self) -> float | None:
        if self.totals is not None:
            return self.totals.self_total / self.totals.self_count if self.totals.self_count else None
        values = [v for a in self.answers for v in a.self_scores.values()]
        return fmean(values) if values else None

    @cached_property
    def criterion_totals(self) -> dict[str, tuple[int, int]]:
        """Per criterion, the sum and the count of the answers' current self-scores."""
        if self.totals is not None:
            return dict(self.totals.criteria)
        totals: dict[str, tuple[int, int]] = {}
        for answer in self.answers:
            for criterion, value in answer.self_scores.items():
                total, count = totals.get(criterion, (0, 0))
                totals[criterion] = (total + value, count + 1)
        return totals

    @cached_property
    def criterion_means(self) -> dict[str, float]:
        """The average self-score per criterion in this session (computed once: charts ask often)."""
        return {criterion: total / count for criterion, (total, count) in self.criterion_totals.items()}

    @property
    def friend_average(self) -> float | None:
        if self.totals is not None:
            return self.totals.friend_total / self.totals.friend_count if self.totals.friend_count else None
        values = [v for a in self.answers for sheet in a.friend_scores.values() for v in sheet.values()]
        return fmean(values) if values else None

    @property
    def timing(self) -> tuple[int, float, float, int]:
        """Answers timed against a limit: how many, their seconds, their limits' seconds, how many ran over."""
        if self.totals is not None:
            t = self.totals
            return t.timed, t.timed_seconds, t.timed_limit_seconds, t.timed_over
        timed = [a for a in self.answers if a.answered and a.answer_seconds and a.answer_limit_seconds]
        return (
            len(timed),
            sum(a.answer_seconds or 0.0 for a in timed),
            sum(a.answer_limit_seconds or 0.0 for a in timed),
            sum(1 for a in timed if a.over_limit),
        )

    @cached_property
    def day(self) -> date:
        return self.started_at.astimezone().date()


@dataclass(frozen=True)
class HistoryData:
    """Every session with its answers, newest first, and the criterion names the answers were scored on."""

    sessions: tuple[SessionFact, ...]
    criterion_names: Mapping[str, str]
    delivery: Mapping[int, DeliveryMeasure] = field(default_factory=dict)  # analysed answers, by answer id

    def answers(self) -> Iterable[AnswerFact]:
        for session in self.sessions:
            yield from session.answers

    def session(self, session_id: int) -> SessionFact | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    @property
    def friends(self) -> tuple[str, ...]:
        return tuple(sorted({name for s in self.sessions for name in s.friends}))

    def criterion_name(self, criterion_id: str) -> str:
        return self.criterion_names.get(criterion_id) or criterion_id.replace("-", " ").capitalize()


SELF_SCORER = "self"  # scorer filter value for the candidate's own scores


@dataclass(frozen=True)
class HistoryFilter:
    text: str = ""
    bank_id: str = ""
    category: str = ""
    mode: SessionMode | None = None
    scorer: str = ""  # "", SELF_SCORER, or a friend's name
    first_day: date | None = None
    last_day: date | None = None

    def matches(self, session: SessionFact, bank_titles: Mapping[str, str] | None = None) -> bool:
        if self.mode is not None and session.mode != self.mode:
            return False
        if self.first_day is not None and session.day < self.first_day:
            return False
        if self.last_day is not None and session.day > self.last_day:
            return False
        if self.bank_id and self.bank_id not in session.bank_ids:
            return False
        if self.category and self.category not in session.categories:
            return False
        if self.scorer == SELF_SCORER and not any(a.self_scores for a in session.answers):
            return False
        if self.scorer and self.scorer != SELF_SCORER and self.scorer not in session.friends:
            return False
        if not self.text:
            return True
        return _mentions(session, self.text.casefold(), bank_titles or {})


def filter_sessions(
    sessions: Sequence[SessionFact], wanted: HistoryFilter, bank_titles: Mapping[str, str] | None = None
) -> list[SessionFact]:
    return [s for s in sessions if wanted.matches(s, bank_titles)]


def _mentions(session: SessionFact, needle: str, bank_titles: Mapping[str, str]) -> bool:
    """Every word of the search appears in the session's questions, notes, banks or friends' names."""
    haystack = " ".join(
        [
            *(a.question_text for a in session.answers),
            *(a.note_text for a in session.answers),
            *(bank_titles.get(b, b) for b in session.bank_ids),
            *session.friends,
        ]
    ).casefold()
    return all(word in haystack for word in needle.split())


def attempts_at(history: HistoryData, question_key: str) -> list[AnswerFact]:
    """Every answer to one question, oldest first."""
    found = [a for a in history.answers() if a.question_key == question_key]
    return sorted(found, key=lambda a: (a.created_at, a.answer_id))
