"""What a practice session leaves behind: sessions, answers, scores and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from interview_coach.domain.rubric import Criterion
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot, snapshot_criteria

SessionMode = Literal["solo", "friend"]
SessionStatus = Literal["in_progress", "finished", "abandoned"]
AnswerStatus = Literal["pending", "recording", "recorded", "skipped"]
ScorerKind = Literal["self", "friend"]
FollowUpSource = Literal["bank", "red_flag", "custom"]


@dataclass(frozen=True)
class Scorer:
    kind: ScorerKind
    name: str = ""

    @property
    def label(self) -> str:
        return "You" if self.kind == "self" else (self.name or "Friend")


SELF = Scorer("self")


@dataclass(frozen=True)
class SessionRecord:
    id: int
    mode: SessionMode
    settings: dict[str, Any]
    started_at: datetime
    finished_at: datetime | None
    status: SessionStatus


@dataclass(frozen=True)
class UnfinishedSession:
    """A session interrupted before its end (a crash, a closed window), offered to resume."""

    session_id: int
    started_at: datetime
    planned: int
    answered: int


@dataclass(frozen=True)
class AnswerTimings:
    think_limit_seconds: float | None = None
    answer_limit_seconds: float | None = None
    think_seconds: float | None = None
    answer_seconds: float | None = None
    speech_onset_seconds: float | None = None  # from the end of the "speak now" cue
    over_limit: bool = False
    cue_end_seconds: float | None = None  # where the cue ended in the take (it is recorded from the cue's start)

    @property
    def replay_from(self) -> float:
        """Replays start where the cue ended, unless the first words came before that."""
        if not self.cue_end_seconds or self.speech_onset_seconds == 0:
            return 0.0
        return self.cue_end_seconds


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    session_id: int
    position: int
    attempt: int
    question_key: str
    category: str
    question: QuestionSnapshot  # the question as it was asked
    rubric: RubricSnapshot  # the rubric it was scored against
    recording_path: str | None
    timings: AnswerTimings
    status: AnswerStatus
    created_at: datetime

    def criteria(self) -> list[Criterion]:
        """The criteria it is scored on, from its own snapshots (the banks may have changed since)."""
        return snapshot_criteria(self.question, self.rubric)


@dataclass(frozen=True)
class ScoreRecord:
    id: int
    answer_id: int
    criterion_id: str
    value: int
    scorer: Scorer
    scored_at: datetime


@dataclass(frozen=True)
class NoteRecord:
    id: int
    answer_id: int
    author: Scorer
    body: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class FollowUpRecord:
    """A probe the interviewer asked; `asked_at_seconds` is its place in the recording (None: after it)."""

    id: int
    answer_id: int
    text: str
    source: FollowUpSource
    asked_at_seconds: float | None
    created_at: datetime


@dataclass
class ScoreSheet:
    """The latest score per criterion from one scorer; older scores stay in history."""

    scorer: Scorer
    values: dict[str, int] = field(default_factory=dict)
