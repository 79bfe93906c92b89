"""The answer clock: the phases of a practice question and everything timed in them, without Qt.

Phases, in order for each question:
  asking     the question is on screen and being read aloud (R repeats it)
  thinking   the think countdown runs (Space starts the answer at once)
  starting   the "speak now" cue plays; the take is armed before it (pre-roll)
  answering  the answer timer runs towards the limit (recorded, or only timed without a microphone)
  time_up    the limit was reached: a few seconds' grace, unless the candidate keeps going
  finishing  the take is being closed and converted
  scoring    the score sheets, notes, replay and redo
then `summary` after the last question.

The controller calls the event methods (Space, the take armed, the microphone heard something, pause)
and `tick()` about ten times a second, and turns the events they return into signals. Time comes only
from the injected monotonic clock, so a test drives a whole answer in microseconds with a fake one.
An event method that does not apply in the current phase changes nothing and returns no events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TypeAlias


class Phase(str, Enum):
    """A str, so a phase compares equal to its name ("answering") in logs, tests and settings."""

    IDLE = "idle"
    ASKING = "asking"
    THINKING = "thinking"
    STARTING = "starting"
    ANSWERING = "answering"
    TIME_UP = "time_up"
    FINISHING = "finishing"
    SCORING = "scoring"
    SUMMARY = "summary"

    def __str__(self) -> str:  # "answering" in f-strings and logs on every Python version
        return self.value


BEFORE_ANSWER = frozenset({Phase.ASKING, Phase.THINKING})  # Space starts the answer; Enter skips
ANSWER_RUNNING = frozenset({Phase.ANSWERING, Phase.TIME_UP})  # Space stops it; the take is paused with it
PAUSABLE = BEFORE_ANSWER | ANSWER_RUNNING

GRACE_SECONDS = 5.0  # after the limit, before the gentle stop
WARNING_BEFORE_LIMIT = 15.0  # the "wrap up" warning; a quarter of the limit for limits under a minute
SILENCE_SECONDS = 5.0  # a recording microphone that hears nothing this long is pointed out
SILENCE_LEVEL = 0.02  # about -34 dBFS: quieter than any speech at a normal distance


@dataclass(frozen=True)
class PhaseChanged:
    phase: Phase


@dataclass(frozen=True)
class ThinkRemaining:
    seconds: float


@dataclass(frozen=True)
class ThinkTimeOver:
    """The think time ran out: the answer starts as if Space had been pressed."""


@dataclass(frozen=True)
class AnswerElapsed:
    seconds: float
    limit: float


@dataclass(frozen=True)
class LimitWarning:
    seconds_left: float


@dataclass(frozen=True)
class TimeUp:
    grace_left: float


@dataclass(frozen=True)
class GraceOver:
    """The grace after the limit ran out: the answer stops as if Space had been pressed."""


@dataclass(frozen=True)
class SilenceChanged:
    silent: bool


@dataclass(frozen=True)
class PauseChanged:
    paused: bool


ClockEvent: TypeAlias = (
    PhaseChanged
    | ThinkRemaining
    | ThinkTimeOver
    | AnswerElapsed
    | LimitWarning
    | TimeUp
    | GraceOver
    | SilenceChanged
    | PauseChanged
)


class AnswerClock:
    """One session's phase and timing; `present()` starts each question (and each redo) afresh."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.phase = Phase.IDLE
        self.paused = False
        self.think_limit = 0.0
        self.answer_limit = 0.0
        self.think_used: float | None = None  # seconds from the question (or the end of its reading) to Space
        self.recording = False  # the answer is recorded, not only timed
        self._paused_at: float | None = None
        self._deadline: float | None = None  # the end of the think time, or of the grace
        self._shown_at = 0.0
        self._thinking_from: float | None = None
        self._armed_at: float | None = None
        self._keep_going = False
        self._warned = False
        self._silent = False
        self._last_loud = 0.0

    @property
    def answer_running(self) -> bool:
        return self.phase in ANSWER_RUNNING

    def answer_elapsed(self) -> float:
        """Seconds answered so far, pauses left out."""
        if self._armed_at is None:
            return 0.0
        end = self._paused_at if self.paused and self._paused_at is not None else self._clock()
        return max(0.0, end - self._armed_at)

    # A question

    def present(self, think_limit: float, answer_limit: float) -> None:
        """A new question, or a new attempt at one: nothing of it is timed yet."""
        self.think_limit, self.answer_limit = think_limit, answer_limit
        self.think_used = None
        self.recording = False
        self._shown_at = self._clock()
        self._thinking_from = self._armed_at = self._deadline = None
        self._keep_going = False

    def ask(self) -> list[ClockEvent]:
        """The question is being read aloud (again): the think time starts when the reading ends."""
        return self._enter(Phase.ASKING)

    def start_thinking(self) -> list[ClockEvent]:
        now = self._clock()
        self._thinking_from = now
        self._deadline = now + self.think_limit
        return [*self._enter(Phase.THINKING), *self.tick()]

    def start_answer(self) -> list[ClockEvent]:
        """Space before answering: the cue comes next. Think time counts from the end of the reading."""
        if self.paused or self.phase not in BEFORE_ANSWER:
            return []
        start = self._thinking_from if self._thinking_from is not None else self._shown_at
        self.think_used = round(max(0.0, self._clock() - start), 2)
        self._deadline = None
        return self._enter(Phase.STARTING)

    def armed(self, at: float | None, *, recording: bool) -> list[ClockEvent]:
        """The take was armed at `at` (the recorder's monotonic time), or there is no microphone and the
        answer is only timed, from now (`at` None)."""
        if self.phase is not Phase.STARTING:
            return []
        now = self._clock()
        self._armed_at = at if at is not None else now
        self.recording = recording
        self._last_loud = now
        self._silent = False
        self._warned = False
        return self._enter(Phase.ANSWERING)

    def keep_going(self) -> list[ClockEvent]:
        """The candidate needs longer: the grace is cancelled and the limit no longer stops the answer."""
        if self.phase is not Phase.TIME_UP:
            return []
        self._keep_going = True
        self._deadline = None
        return self._enter(Phase.ANSWERING)

    def follow_up_asked(self) -> tuple[float | None, list[ClockEvent]]:
        """Where a probe falls in the take: 0 while thinking, None once the answer is over. Asked while
        the answer runs, the limit gives way, because the candidate needs time to answer the probe."""
        if not self.answer_running:
            return (0.0 if self.phase is Phase.THINKING else None), []
        at = round(self.answer_elapsed(), 1)
        events = self.keep_going()
        self._keep_going = True
        return at, events

    def stop(self) -> list[ClockEvent]:
        """Space, or the end of the grace: a recorded take is closed next (`finishing`); an answer that
        was only timed stays in its phase until it is saved."""
        if not self.answer_running:
            return []
        self._deadline = None
        events = self._silence(False)
        if self.recording:
            events += self._enter(Phase.FINISHING)
        return events

    def score(self) -> list[ClockEvent]:
        return self._enter(Phase.SCORING)

    def summary(self) -> list[ClockEvent]:
        return self._enter(Phase.SUMMARY)

    # Pause

    def pause(self) -> list[ClockEvent]:
        if self.paused or self.phase not in PAUSABLE:
            return []
        self.paused = True
        self._paused_at = self._clock()
        return [PauseChanged(True)]

    def resume(self) -> list[ClockEvent]:
        """The pause is not counted: deadlines and the answer's start move on by its length."""
        if not self.paused or self._paused_at is None:
            return []
        now = self._clock()
        gap = now - self._paused_at
        self.paused = False
        self._paused_at = None
        if self._deadline is not None:
            self._deadline += gap
        if self._thinking_from is not None:
            self._thinking_from += gap
        if self._armed_at is not None:
            self._armed_at += gap
        self._last_loud = now
        return [PauseChanged(False)]

    def forget_pause(self) -> None:
        """A session starts or ends: a pause left over from before means nothing now."""
        self.paused = False
        self._paused_at = None

    # Time passing

    def heard(self, peak: float) -> list[ClockEvent]:
        """A microphone level: anything louder than the silence level ends a silence."""
        if peak < SILENCE_LEVEL:
            return []
        self._last_loud = self._clock()
        return self._silence(False)

    def tick(self) -> list[ClockEvent]:
        if self.paused:
            return []
        now = self._clock()
        if self.phase is Phase.THINKING:
            end = self._deadline if self._deadline is not None else now
            remaining = max(0.0, end - now)
            return [ThinkRemaining(remaining), ThinkTimeOver()] if remaining <= 0 else [ThinkRemaining(remaining)]
        if not self.answer_running:
            return []
        elapsed = self.answer_elapsed()
        events: list[ClockEvent] = [AnswerElapsed(elapsed, self.answer_limit), *self._check_limit(elapsed, now)]
        if isinstance(events[-1], GraceOver):
            return events  # the answer stops: its silence no longer matters
        if self.recording and now - self._last_loud >= SILENCE_SECONDS:
            events += self._silence(True)
        return events

    def _check_limit(self, elapsed: float, now: float) -> list[ClockEvent]:
        if self._keep_going:
            return []
        events: list[ClockEvent] = []
        left = self.answer_limit - elapsed
        near = 0 < left <= min(WARNING_BEFORE_LIMIT, self.answer_limit / 4)
        if self.phase is Phase.ANSWERING and near and not self._warned:
            self._warned = True
            events.append(LimitWarning(left))
        if self.phase is Phase.ANSWERING and left <= 0:
            self._deadline = now + GRACE_SECONDS
            events += self._enter(Phase.TIME_UP)
        if self.phase is Phase.TIME_UP and self._deadline is not None:
            grace = max(0.0, self._deadline - now)
            events.append(TimeUp(grace))
            if grace <= 0:
                events.append(GraceOver())
        return events

    # Plumbing

    def _enter(self, phase: Phase) -> list[ClockEvent]:
        self.phase = phase
        return [PhaseChanged(phase)]

    def _silence(self, silent: bool) -> list[ClockEvent]:
        if silent == self._silent:
            return []
        self._silent = silent
        return [SilenceChanged(silent)]
