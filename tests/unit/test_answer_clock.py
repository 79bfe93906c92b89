"""The answer clock, driven by a fake clock: every rule of the phases and the time, without waiting."""

from __future__ import annotations

import pytest

from interview_coach.domain.answer_clock import (
    GRACE_SECONDS,
    SILENCE_LEVEL,
    SILENCE_SECONDS,
    AnswerClock,
    AnswerElapsed,
    ClockEvent,
    GraceOver,
    LimitWarning,
    PauseChanged,
    Phase,
    PhaseChanged,
    SilenceChanged,
    ThinkRemaining,
    ThinkTimeOver,
    TimeUp,
)


class FakeTime:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


def answering(time: FakeTime, *, think: float = 20, limit: float = 60, recording: bool = True) -> AnswerClock:
    """A clock whose answer was just armed (at the fake time's now)."""
    clock = AnswerClock(time)
    clock.present(think, limit)
    clock.start_thinking()
    clock.start_answer()
    clock.armed(time.now, recording=recording)
    return clock


def run_for(clock: AnswerClock, time: FakeTime, seconds: float, step: float = 0.1) -> list[ClockEvent]:
    """Ticks as the controller's timer does, collecting every event."""
    events: list[ClockEvent] = []
    for _ in range(round(seconds / step)):
        time.advance(step)
        events += clock.tick()
    return events


def of(kind: type, events: list[ClockEvent]) -> list[ClockEvent]:
    return [e for e in events if isinstance(e, kind)]


def test_phases_are_their_names() -> None:
    assert Phase.TIME_UP == "time_up" and f"{Phase.TIME_UP}" == str(Phase.TIME_UP) == "time_up"
    assert Phase("scoring") is Phase.SCORING


def test_the_think_countdown_runs_out_and_asks_for_the_answer(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(10, 60)
    events = clock.start_thinking()
    assert events == [PhaseChanged(Phase.THINKING), ThinkRemaining(10)]
    events = run_for(clock, time, 9.5)
    assert not of(ThinkTimeOver, events)
    assert events[-1] == ThinkRemaining(pytest.approx(0.5))
    events = run_for(clock, time, 0.5)
    assert events[-2:] == [ThinkRemaining(0.0), ThinkTimeOver()]


def test_no_think_time_means_the_answer_starts_at_once(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(0, 60)
    assert clock.start_thinking() == [PhaseChanged(Phase.THINKING), ThinkRemaining(0.0), ThinkTimeOver()]


def test_think_time_used_counts_from_the_end_of_the_reading(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(30, 60)
    clock.ask()
    time.advance(4)  # reading the question aloud
    clock.start_thinking()
    time.advance(7.123)
    assert clock.start_answer() == [PhaseChanged(Phase.STARTING)]
    assert clock.think_used == 7.12


def test_space_during_the_reading_counts_think_time_from_the_question(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(30, 60)
    clock.ask()
    time.advance(2)
    assert clock.start_answer() == [PhaseChanged(Phase.STARTING)]
    assert clock.think_used == 2.0


def test_an_answer_cannot_start_twice_nor_while_paused(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(30, 60)
    clock.start_thinking()
    clock.pause()
    assert clock.start_answer() == []
    clock.resume()
    assert clock.start_answer() == [PhaseChanged(Phase.STARTING)]
    assert clock.start_answer() == []


def test_the_answer_is_timed_from_the_moment_the_take_was_armed(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(30, 60)
    clock.start_thinking()
    clock.start_answer()
    armed_at = time.now
    time.advance(0.3)  # the arming signal arrives a little later than the arming
    assert clock.armed(armed_at, recording=True) == [PhaseChanged(Phase.ANSWERING)]
    assert clock.answer_elapsed() == pytest.approx(0.3)
    assert run_for(clock, time, 0.1) == [AnswerElapsed(pytest.approx(0.4), 60)]


def test_without_a_microphone_the_answer_is_timed_from_now(time: FakeTime) -> None:
    clock = answering(time, recording=False)
    time.advance(2)
    assert clock.answer_elapsed() == pytest.approx(2)
    assert clock.stop() == []  # nothing to close: the answer is saved as it is
    assert clock.phase is Phase.ANSWERING


def test_arming_outside_the_start_changes_nothing(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(30, 60)
    clock.start_thinking()
    assert clock.armed(time.now, recording=True) == []
    assert clock.phase is Phase.THINKING


def test_the_limit_warns_once_then_gives_grace_then_stops(time: FakeTime) -> None:
    clock = answering(time, limit=60)
    events = run_for(clock, time, 44.9)
    assert not of(LimitWarning, events)
    events = run_for(clock, time, 15)
    assert of(LimitWarning, events) == [LimitWarning(pytest.approx(15, abs=0.11))]  # 15 s before a 60 s limit
    assert clock.phase is Phase.ANSWERING
    events = run_for(clock, time, 0.2)
    assert PhaseChanged(Phase.TIME_UP) in events
    assert of(TimeUp, events)[0] == TimeUp(GRACE_SECONDS)
    assert clock.phase is Phase.TIME_UP
    events = run_for(clock, time, GRACE_SECONDS - 0.2)
    assert not of(GraceOver, events)
    graces = [e.grace_left for e in of(TimeUp, events)]  # type: ignore[attr-defined]
    assert graces == sorted(graces, reverse=True) and 0 < graces[-1] <= 0.3
    events = run_for(clock, time, 0.3)
    assert events[-2:] == [TimeUp(0.0), GraceOver()]
    assert of(LimitWarning, events) == []


def test_a_short_limit_warns_a_quarter_of_it_before(time: FakeTime) -> None:
    clock = answering(time, limit=10)
    events = run_for(clock, time, 7.4)
    assert not of(LimitWarning, events)
    events = run_for(clock, time, 0.2)
    assert of(LimitWarning, events) == [LimitWarning(pytest.approx(2.5, abs=0.11))]


def test_stopping_in_the_grace_closes_the_take(time: FakeTime) -> None:
    clock = answering(time, limit=10)
    run_for(clock, time, 11)
    assert clock.phase is Phase.TIME_UP
    clock.heard(0.5)  # speaking: no silence to clear
    assert clock.stop() == [PhaseChanged(Phase.FINISHING)]
    assert clock.answer_elapsed() == pytest.approx(11)
    assert run_for(clock, time, 10) == []


def test_keep_going_cancels_the_grace_and_the_limit(time: FakeTime) -> None:
    clock = answering(time, limit=10)
    run_for(clock, time, 12)
    assert clock.keep_going() == [PhaseChanged(Phase.ANSWERING)]
    events = run_for(clock, time, 60)
    assert {type(e) for e in events} <= {AnswerElapsed, SilenceChanged}
    assert clock.phase is Phase.ANSWERING
    assert clock.answer_elapsed() == pytest.approx(72)


def test_keep_going_means_nothing_before_the_limit(time: FakeTime) -> None:
    clock = answering(time, limit=10)
    assert clock.keep_going() == []
    events = run_for(clock, time, 10.1)
    assert PhaseChanged(Phase.TIME_UP) in events


def test_a_follow_up_is_placed_in_the_take_and_lifts_the_limit(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(30, 10)
    clock.start_thinking()
    assert clock.follow_up_asked() == (0.0, [])
    clock.start_answer()
    clock.armed(time.now, recording=True)
    time.advance(4.26)
    assert clock.follow_up_asked() == (4.3, [])
    events = run_for(clock, time, 20)
    assert not of(LimitWarning, events) and not of(TimeUp, events)
    clock.stop()
    assert clock.follow_up_asked() == (None, [])


def test_a_follow_up_in_the_grace_goes_back_to_answering(time: FakeTime) -> None:
    clock = answering(time, limit=10)
    run_for(clock, time, 11)
    assert clock.follow_up_asked() == (11.0, [PhaseChanged(Phase.ANSWERING)])


def test_a_pause_is_left_out_of_the_answer(time: FakeTime) -> None:
    clock = answering(time, limit=10)
    run_for(clock, time, 3)
    assert clock.pause() == [PauseChanged(True)]
    time.advance(100)
    assert clock.tick() == []
    assert clock.answer_elapsed() == pytest.approx(3)
    assert clock.resume() == [PauseChanged(False)]
    assert clock.answer_elapsed() == pytest.approx(3)
    events = run_for(clock, time, 4.6)
    assert of(LimitWarning, events) == [LimitWarning(pytest.approx(2.5, abs=0.11))]
    events = run_for(clock, time, 2.5)
    assert PhaseChanged(Phase.TIME_UP) in events


def test_a_pause_in_the_grace_keeps_the_grace(time: FakeTime) -> None:
    clock = answering(time, limit=10)
    run_for(clock, time, 12)  # 3 s of grace left
    clock.pause()
    time.advance(30)
    clock.resume()
    events = run_for(clock, time, 2.8)
    assert not of(GraceOver, events)
    assert of(GraceOver, run_for(clock, time, 0.3))


def test_a_pause_moves_the_think_deadline_and_is_not_think_time(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(10, 60)
    clock.start_thinking()
    run_for(clock, time, 4)
    clock.pause()
    time.advance(60)
    clock.resume()
    events = run_for(clock, time, 5.9)
    assert not of(ThinkTimeOver, events)
    assert events[-1] == ThinkRemaining(pytest.approx(0.1))
    clock.start_answer()
    assert clock.think_used == pytest.approx(9.9)


def test_only_a_question_or_an_answer_can_be_paused(time: FakeTime) -> None:
    clock = AnswerClock(time)
    clock.present(10, 60)
    for phase_events in (clock.score(), clock.summary()):
        assert phase_events
        assert clock.pause() == []
    assert clock.resume() == []
    clock.ask()
    assert clock.pause() == [PauseChanged(True)]
    assert clock.pause() == []


def test_forgetting_a_pause_says_nothing(time: FakeTime) -> None:
    clock = answering(time)
    clock.pause()
    clock.forget_pause()
    assert not clock.paused
    assert clock.resume() == []


def test_silence_is_pointed_out_after_five_seconds_and_cleared_by_sound(time: FakeTime) -> None:
    clock = answering(time)
    events = run_for(clock, time, SILENCE_SECONDS - 0.1)
    assert not of(SilenceChanged, events)
    events = run_for(clock, time, 0.2)
    assert of(SilenceChanged, events) == [SilenceChanged(True)]
    assert not of(SilenceChanged, run_for(clock, time, 3))  # said once
    assert clock.heard(SILENCE_LEVEL / 2) == []  # the room's hiss is still silence
    assert clock.heard(0.3) == [SilenceChanged(False)]
    assert clock.heard(0.3) == []
    assert not of(SilenceChanged, run_for(clock, time, SILENCE_SECONDS - 0.1))
    assert of(SilenceChanged, run_for(clock, time, 0.2)) == [SilenceChanged(True)]


def test_speech_keeps_the_silence_warning_away(time: FakeTime) -> None:
    clock = answering(time)
    for _ in range(100):
        time.advance(0.1)
        clock.heard(0.2)
        assert not of(SilenceChanged, clock.tick())


def test_silence_is_not_pointed_out_without_a_recording(time: FakeTime) -> None:
    clock = answering(time, recording=False)
    assert not of(SilenceChanged, run_for(clock, time, 20))


def test_a_pause_restarts_the_silence_count(time: FakeTime) -> None:
    clock = answering(time)
    run_for(clock, time, 4)
    clock.pause()
    time.advance(20)
    clock.resume()
    assert not of(SilenceChanged, run_for(clock, time, SILENCE_SECONDS - 0.1))
    assert of(SilenceChanged, run_for(clock, time, 0.2)) == [SilenceChanged(True)]


def test_stopping_clears_the_silence_warning(time: FakeTime) -> None:
    clock = answering(time)
    run_for(clock, time, 6)
    assert clock.stop() == [SilenceChanged(False), PhaseChanged(Phase.FINISHING)]


def test_the_grace_running_out_while_silent_does_not_warn_again(time: FakeTime) -> None:
    clock = answering(time, limit=4)
    events = run_for(clock, time, 4 + GRACE_SECONDS + 0.05)
    assert of(SilenceChanged, events) == [SilenceChanged(True)]
    assert isinstance(events[-1], GraceOver)
    assert clock.stop() == [SilenceChanged(False), PhaseChanged(Phase.FINISHING)]


def test_a_new_question_starts_afresh(time: FakeTime) -> None:
    clock = answering(time, limit=10)
    run_for(clock, time, 12)
    clock.keep_going()
    clock.stop()
    clock.score()
    clock.present(5, 10)  # a redo
    assert clock.answer_elapsed() == 0.0 and clock.think_used is None and not clock.recording
    clock.start_thinking()
    clock.start_answer()
    clock.armed(time.now, recording=True)
    events = run_for(clock, time, 10.1)
    assert of(LimitWarning, events) and PhaseChanged(Phase.TIME_UP) in events  # keep going was for that attempt
