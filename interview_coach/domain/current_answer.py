"""The answer being worked on in a practice session: its question, limits, take, sheets and notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from interview_coach.domain.blind_scoring import has_scored
from interview_coach.domain.calibration import ComparedScore, compare_scores
from interview_coach.domain.records import AnswerTimings, FollowUpRecord
from interview_coach.domain.rubric import Criterion
from interview_coach.domain.snapshots import QuestionSnapshot


@dataclass
class CurrentAnswer:
    """`answer_id` is filled in by the serial database lane, after the row is written."""

    position: int  # 1-based
    question: QuestionSnapshot
    criteria: list[Criterion]
    think_limit: int
    answer_limit: int
    answer_id: int | None = None
    think_used: float | None = None
    answer_seconds: float = 0.0
    recorded: bool = False
    recording_path: str | None = None  # relative to the data folder
    speech_onset: float | None = None  # seconds from the end of the cue to the first words
    cue_end: float | None = None  # seconds into the take at which the "speak now" cue ended
    scores: dict[str, int] = field(default_factory=dict)
    note: str = ""
    friend_criteria: list[Criterion] = field(default_factory=list)  # friend mode only: includes in-person
    friend_scores: dict[str, int] = field(default_factory=dict)
    friend_note: str = ""
    follow_ups: list[FollowUpRecord] = field(default_factory=list)

    @property
    def self_complete(self) -> bool:
        return has_scored(self.scores, self.criteria)

    @property
    def friend_complete(self) -> bool:
        return bool(self.friend_criteria) and all(c.id in self.friend_scores for c in self.friend_criteria)

    def comparison(self) -> list[ComparedScore]:
        return compare_scores([(c.id, c.name) for c in self.friend_criteria], self.scores, self.friend_scores)

    @property
    def over_limit(self) -> bool:
        return self.answer_seconds > self.answer_limit

    def timings(self) -> AnswerTimings:
        return AnswerTimings(
            think_limit_seconds=self.think_limit,
            answer_limit_seconds=self.answer_limit,
            think_seconds=self.think_used,
            answer_seconds=round(self.answer_seconds, 2),
            speech_onset_seconds=self.speech_onset,
            cue_end_seconds=self.cue_end,
            over_limit=self.over_limit,
        )
