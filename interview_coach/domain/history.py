"""Past sessions at a glance: the facts History and Progress are built from, and the History filters.

Everything here works on plain lists loaded once (tens of thousands of answers load in tens of
milliseconds), so filtering as the user types never touches the database.
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
class SessionFact:
    id: int
    mode: SessionMode
    started_at: datetime
    status: str
    answers: tuple[AnswerFact, ...]

    @property
    def bank_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.bank_id for a in self.answers))

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(a.category for a in self.answers)

    @property
    def answer_count(self) -> int:
        return sum(1 for a in self.answers if a.answered)

    @property
    def speaking_seconds(self) -> float:
        return sum(a.answer_seconds or 0.0 for a in self.answers if a.answered)

    @property
    def friends(self) -> tuple[str, ...]:
        return tuple(sorted({name for a in self.answers for name in a.friend_scores}))

    @cached_property
    def self_average(self) -> float | None:
        values = [v for a in self.answers for v in a.self_scores.values()]
        return fmean(values) if values else None

    @cached_property
    def criterion_means(self) -> dict[str, float]:
        """The average self-score per criterion in this session (computed once: charts ask often)."""
        values: dict[str, list[int]] = {}
        for answer in self.answers:
            for criterion, value in answer.self_scores.items():
                values.setdefault(criterion, []).append(value)
        return {criterion: fmean(v) for criterion, v in values.items()}

    @property
    def friend_average(self) -> float | None:
        values = [v for a in self.answers for sheet in a.friend_scores.values() for v in sheet.values()]
        return fmean(values) if values else None

    @property
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
    # Answers whose transcripts hold every word of `text` (found by the database's full-text index).
    spoken_in: frozenset[int] = frozenset()

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
        if not self.text or any(a.answer_id in self.spoken_in for a in session.answers):
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
