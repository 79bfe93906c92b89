"""Runs a practice session, alone or with a friend: ask, think, answer, score, next; everything saved as it happens.

The session's parts, each in its own module:
  domain/answer_clock.py        the phases of a question and everything timed in them (no Qt)
  controllers/answer_flow.py    one question: read aloud, the clock's ticks, the take, its saved row
  controllers/answer_sheets.py  the score sheets, notes and follow-ups of the answer being scored
This controller holds them together: the set-up and the plan, starting and resuming sessions, moving
from question to question, and the summary. Database writes go through the task runner's serial lane
in order, so a write that needs an id always runs after the write that created it.

In friend mode the same phases run, paced from the interviewer's window: the friend may ask follow-ups
while the answer is recorded, and scores on a second sheet (with the in-person criteria). Neither sees
the other's scores until both sheets are complete; then `comparison_ready` carries the side-by-side.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.answer_flow import AnswerFlow
from interview_coach.controllers.answer_sheets import AnswerSheets
from interview_coach.controllers.changes import Change, Changes
from interview_coach.controllers.delivery_controller import Take
from interview_coach.controllers.take_replay import TakeReplay
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.answer_clock import ANSWER_RUNNING, BEFORE_ANSWER, Phase
from interview_coach.domain.current_answer import CurrentAnswer
from interview_coach.domain.practice_setup import (
    PracticeSetup,
    build_plan,
    friend_label,
    limits_for,
    targeted_first,
)
from interview_coach.domain.records import AnswerRecord, AnswerTimings, FollowUpSource, Scorer
from interview_coach.domain.rubric import Criterion, Rubric
from interview_coach.domain.session_summary import SessionSummary
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.practice_sessions import (
    SessionToResume,
    create_session,
    end_session,
    known_friends,
    saved_setup,
    session_summary,
    session_to_resume,
    unfinished_sessions,
)
from interview_coach.storage.settings_repository import SettingsRepository
from interview_coach.stored_paths import stored_file

if TYPE_CHECKING:
    from interview_coach.controllers.audio_controller import AudioController
    from interview_coach.domain.library import Library

log = logging.getLogger(__name__)

MAX_FOLLOW_UP_LENGTH = 500
# The interviewer can ask a probe from the think time on, until the next question.
FOLLOW_UP_PHASES = frozenset({Phase.THINKING, *ANSWER_RUNNING, Phase.FINISHING, Phase.SCORING})


class PracticeController(QObject):
    phase_changed = Signal(object)  # Phase
    question_shown = Signal(object)  # CurrentAnswer
    think_remaining = Signal(float)
    answer_elapsed = Signal(float, float)  # elapsed, limit
    limit_warning = Signal(float)  # seconds left
    time_up = Signal(float)  # seconds of grace left
    silence_warning = Signal(bool)
    level = Signal(float)  # microphone peak, for the meter
    paused_changed = Signal(bool)
    scores_changed = Signal(dict)
    friend_scores_changed = Signal(dict)  # for the interviewer's window only
    sheets_progress = Signal(int, int, int, int)  # self scored, self total, friend scored, friend total
    comparison_ready = Signal(list)  # list[ComparedScore], once both sheets of an answer are complete
    follow_ups_changed = Signal(list)  # list[FollowUpRecord] asked on the current answer
    candidate_view_changed = Signal(bool, bool)  # friend mode: the candidate sees the question, the timer
    recording_ready = Signal(object)  # Path of the finished take, for replay
    replay_changed = Signal(bool)  # the take's replay started (True) or ended, however it ended
    take_saved = Signal(object)  # delivery_controller.Take: a recorded answer's row is saved, to analyse
    take_recording = Signal(object)  # Path of the WAV a take is being written to (analysed as it grows)
    summary_ready = Signal(object)  # SessionSummary
    playback_finished = Signal(str)  # a replay ended ("ended", "stopped" or why it could not play)
    unfinished_found = Signal(list)  # list[domain.records.UnfinishedSession]
    session_started = Signal(int)
    message = Signal(str)  # a short line for the user: what just happened, or what went wrong

    def __init__(
        self,
        tasks: TaskRunner,
        repository: PracticeRepository,
        settings: SettingsRepository,
        audio: AudioController,
        library: Callable[[], Library | None],
        data_root: Path,
        *,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        changes: Changes | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`changes` hears of every write (sessions, answers, scores), for the screens that show them."""
        super().__init__(parent)
        self._tasks = tasks
        self._changes = changes if changes is not None else Changes(self)
        self._repo = repository
        self._settings = settings
        self._audio = audio
        self._library = library
        self._root = data_root
        self._rng = rng or random.Random()
        self.setup = PracticeSetup()
        self.plan: list[QuestionSnapshot] = []
        self.rubric: Rubric | None = None
        self.session_id: int | None = None
        self._end_after_save = False
        self._flow = AnswerFlow(tasks, repository, audio, data_root, clock, self._failed, parent=self)
        self._sheets = AnswerSheets(
            tasks, repository, lambda: self.current, self._friend_if_any, self._failed, self._changes, self
        )
        self._replay = TakeReplay(audio, self)
        self._forward_signals()

    def _forward_signals(self) -> None:
        flow, sheets = self._flow, self._sheets
        for source, target in (
            (flow.phase_changed, self.phase_changed),
            (flow.think_remaining, self.think_remaining),
            (flow.answer_elapsed, self.answer_elapsed),
            (flow.limit_warning, self.limit_warning),
            (flow.time_up, self.time_up),
            (flow.silence_warning, self.silence_warning),
            (flow.level, self.level),
            (flow.paused_changed, self.paused_changed),
            (flow.message, self.message),
            (flow.take_armed, self.take_recording),
            (sheets.scores_changed, self.scores_changed),
            (sheets.friend_scores_changed, self.friend_scores_changed),
            (sheets.sheets_progress, self.sheets_progress),
            (sheets.comparison_ready, self.comparison_ready),
            (sheets.follow_ups_changed, self.follow_ups_changed),
            (self._replay.changed, self.replay_changed),
        ):
            source.connect(target)
        flow.answer_saved.connect(self._answer_saved)
        self._audio.playback_finished.connect(self.playback_finished)

    # State

    @property
    def phase(self) -> Phase:
        return self._flow.phase

    @property
    def paused(self) -> bool:
        return self._flow.paused

    @property
    def current(self) -> CurrentAnswer | None:
        """The answer being worked on: asked, answered or scored."""
        return self._flow.current

    @property
    def running(self) -> bool:
        """A session is under way: started, and not yet at its summary."""
        return self.session_id is not None and self.phase not in (Phase.IDLE, Phase.SUMMARY)

    @property
    def friend_mode(self) -> bool:
        return self.setup.mode == "friend"

    @property
    def friend(self) -> Scorer:
        return Scorer("friend", friend_label(self.setup))

    def _friend_if_any(self) -> Scorer | None:
        return self.friend if self.friend_mode else None

    # Set-up and sessions

    def load_choices(self, then: Callable[[PracticeSetup, list[str]], None]) -> None:
        """The last set-up and the recent interviewers' names, read off the GUI thread, to `then`."""
        self._tasks.run_serial(
            lambda: (saved_setup(self._settings), known_friends(self._settings)), lambda r: then(*r), self._failed
        )

    def look_for_unfinished(self) -> None:
        self._tasks.run_serial(lambda: unfinished_sessions(self._repo), self.unfinished_found.emit, self._failed)

    def close_session(self, session_id: int) -> None:
        self._tasks.run_serial(
            lambda: end_session(self._repo, self._root, session_id, "abandoned"), lambda _: self.look_for_unfinished()
        )

    def start(self, setup: PracticeSetup) -> bool:
        """Builds the plan and starts; False (with a message) when no question matches."""
        library = self._library()
        if library is None:
            self.message.emit("The question banks are still loading; try again in a moment.")
            return False
        rubric = library.rubric(setup.rubric_id) or library.default_rubric
        setup = replace(setup, rubric_id=rubric.id)
        self._audio.update_settings(replace(self._audio.settings, read_aloud=setup.read_aloud))

        def create() -> tuple[int, list[QuestionSnapshot]]:
            weakness = self._repo.question_weakness() if setup.order == "weakest_first" else {}
            plan = [
                QuestionSnapshot.of(q) for q in build_plan(library.catalogue, setup, weakness=weakness, rng=self._rng)
            ]
            return (create_session(self._repo, self._settings, setup, plan), plan) if plan else (0, [])

        def created(result: tuple[int, list[QuestionSnapshot]]) -> None:
            session_id, plan = result
            if not plan:
                self.message.emit("No questions match these choices. Choose more banks or categories.")
                return
            self._changes.notify(Change.SESSIONS)
            self._begin(session_id, setup, plan, rubric)
            self._present(1)

        self._tasks.run_serial(create, created, self._failed)
        return True

    def _begin(self, session_id: int, setup: PracticeSetup, plan: list[QuestionSnapshot], rubric: Rubric) -> None:
        self.session_id, self.setup, self.plan, self.rubric = session_id, setup, plan, rubric
        self._flow.forget_pause()
        self._audio.open_microphone()
        self.session_started.emit(session_id)

    def resume_unfinished(self, session_id: int) -> None:
        """Continues an interrupted session where it stopped; a take cut short by a crash comes back."""
        library = self._library()

        def loaded(saved: SessionToResume) -> None:
            setup, plan, scores = saved.setup, saved.plan, saved.self_scores
            rubric = (library.rubric(setup.rubric_id) or library.default_rubric) if library else None
            if rubric is None or not plan:
                self.message.emit("This session cannot be resumed: its questions were not saved.")
                return
            self._begin(session_id, setup, plan, rubric)
            latest = {a.position: a for a in saved.answers}  # the last attempt at each position
            for position in range(1, len(plan) + 1):
                answer = latest.get(position)
                if answer is None or answer.status == "pending":
                    self._present(position)
                    return
                if answer.status == "recorded" and not scores.get(answer.id):
                    self._show_for_scoring(answer, scores.get(answer.id, {}))
                    return
            self._finish()

        recover = partial(_recover_take, self._repo, self._root)
        self._tasks.run_serial(lambda: session_to_resume(self._repo, session_id, recover), loaded, self._failed)

    # Questions

    def _present(self, position: int) -> None:
        assert self.rubric is not None and self.session_id is not None
        question = self.plan[position - 1]
        think, answer = limits_for(question.to_question(), self.setup)
        criteria = self._criteria(question, in_person=False)
        friend_criteria = self._criteria(question, in_person=True) if self.friend_mode else []
        current = CurrentAnswer(position, question, criteria, think, answer, friend_criteria=friend_criteria)
        self._replay.stop()  # the next question is never spoken over the last answer
        self._flow.take_up(current, self.session_id)
        session_id = self.session_id
        snapshot = RubricSnapshot.of(self.rubric, friend_criteria or criteria)

        def add() -> None:
            current.answer_id = self._repo.add_answer(
                session_id, position, question, snapshot, AnswerTimings(think, answer)
            ).id

        self._tasks.run_serial(add, None, self._failed)
        self.question_shown.emit(current)
        if position < len(self.plan) and self.setup.read_aloud:
            self._audio.prefetch(self.plan[position].text)
        self._flow.ask(read_aloud=self.setup.read_aloud)

    def _criteria(self, question: QuestionSnapshot, *, in_person: bool) -> list[Criterion]:
        """A sheet's criteria (the friend's has the in-person ones); a session aimed at feedback lists
        the criteria it targets first."""
        assert self.rubric is not None
        applicable = self.rubric.applicable(question.criteria, include_in_person=in_person)
        return targeted_first(applicable, self.setup.criteria_first)

    def repeat(self) -> None:
        self._flow.repeat()

    # Answering

    def start_answer(self) -> None:
        """Space while asking or thinking: recording starts, then the "speak now" cue plays."""
        self._flow.start_answer()

    def keep_going(self) -> None:
        self._flow.keep_going()

    def stop_answer(self) -> None:
        self._flow.stop_answer()

    def _answer_saved(self, path: Path | None) -> None:
        self._changes.notify(Change.SESSIONS)
        current = self.current
        if path is not None and current is not None and current.answer_id is not None:
            # Analysed even when the session ends here: the transcript is there when History shows it.
            self.take_saved.emit(
                Take(
                    current.answer_id,
                    path,
                    current.cue_end or 0.0,
                    current.answer_seconds,
                    current.answer_limit,
                    key=str(path.with_suffix(".wav")),
                )
            )
        if self._end_after_save:
            self._end_after_save = False
            self._finish()
            return
        if path is not None:
            self.recording_ready.emit(path)
        self._enter_scoring()

    def _show_for_scoring(self, answer: AnswerRecord, scores: dict[str, int]) -> None:
        assert self.session_id is not None
        timings = answer.timings
        current = CurrentAnswer(
            answer.position,
            answer.question,
            self._criteria(answer.question, in_person=False),
            int(timings.think_limit_seconds or 0),
            int(timings.answer_limit_seconds or 0),
            answer_id=answer.id,
            answer_seconds=timings.answer_seconds or 0.0,
            speech_onset=timings.speech_onset_seconds,
            cue_end=timings.cue_end_seconds,
            recorded=answer.recording_path is not None,
            recording_path=answer.recording_path,
            scores=dict(scores),
            friend_criteria=self._criteria(answer.question, in_person=True) if self.friend_mode else [],
        )
        self._flow.take_up(current, self.session_id)
        self.question_shown.emit(current)
        recording = stored_file(self._root, answer.recording_path)
        if recording is not None:
            self.recording_ready.emit(recording)
        if self.friend_mode:
            self._sheets.load_friend_sheet(current, then=self._enter_scoring)
        else:
            self._enter_scoring()

    def _enter_scoring(self) -> None:
        self._flow.score()
        self._sheets.show()

    # Scoring

    def set_score(self, criterion_id: str, value: int) -> None:
        if self.phase is Phase.SCORING:
            self._sheets.set_score(criterion_id, value)

    def set_friend_score(self, criterion_id: str, value: int) -> None:
        """The interviewer's sheet: saved under the friend's name, never shown to the candidate early."""
        if self.friend_mode and self.phase is Phase.SCORING:
            self._sheets.set_friend_score(criterion_id, value)

    def set_note(self, text: str) -> None:
        self._sheets.set_note(text)

    def set_friend_note(self, text: str) -> None:
        self._sheets.set_friend_note(text)

    def flush_notes(self) -> None:
        """Saves notes typed within the last pause now (their screen is being left)."""
        self._sheets.flush_notes()

    def set_candidate_view(self, show_question: bool, show_timer: bool) -> None:
        """The interviewer decides what the candidate's screen shows, as in a real interview room."""
        self.setup = replace(self.setup, show_question=show_question, show_timer=show_timer)
        self.candidate_view_changed.emit(show_question, show_timer)

    def ask_follow_up(self, text: str, source: FollowUpSource = "bank") -> None:
        """The interviewer asked a probe. While recording, it is timed into the take and the limit gives way."""
        current = self.current
        text = " ".join(text.split())[:MAX_FOLLOW_UP_LENGTH]
        if not self.friend_mode or current is None or not text or self.phase not in FOLLOW_UP_PHASES:
            return
        self._sheets.add_follow_up(current, text, source, self._flow.follow_up_asked())

    def replay(self) -> None:
        """Plays the take from where the answer begins; while it plays, stops it."""
        if self._replay.playing:
            self._replay.stop()
            return
        current = self.current
        recording = stored_file(self._root, current.recording_path) if current is not None else None
        if current is not None and recording is not None and self.phase is Phase.SCORING:
            self._replay.play(recording, start_at=current.timings().replay_from)

    def stop_replay(self) -> None:
        self._replay.stop()

    def replay_progress(self) -> tuple[float, float] | None:
        """(seconds played, length of the answer) while the take replays, else None."""
        return self._replay.progress()

    def play_recording(self, relative_path: str) -> bool:
        """Replays a take named by its stored path (the summary's answer cards); False if it is gone."""
        recording = stored_file(self._root, relative_path)
        if recording is None:
            self.message.emit("That recording is no longer in your data folder.")
            return False
        return self._audio.play_file(recording)

    def stop_playback(self) -> None:
        self._audio.stop_playback()

    # Moving on

    def redo(self) -> None:
        """Answer the same question again; both attempts are kept."""
        if self.phase is Phase.SCORING and self.current is not None:
            self._sheets.flush_notes()
            self._replay.stop()
            self._present(self.current.position)

    def next_question(self) -> None:
        """Enter: from scoring to the next question; before answering, skips this one."""
        current = self.current
        if current is None or self.paused:
            return
        if self.phase in BEFORE_ANSWER:
            self._flow.halt()

            def skip() -> None:
                if current.answer_id is not None:
                    self._repo.update_answer(current.answer_id, status="skipped")

            self._tasks.run_serial(skip, None, self._failed)
        elif self.phase is not Phase.SCORING:
            return
        self._sheets.flush_notes()
        self._replay.stop()
        self._audio.stop_playback()
        if current.position < len(self.plan):
            self._present(current.position + 1)
        else:
            self._finish()

    def end_session(self) -> None:
        """Ends early, keeping everything answered so far (an answer being recorded is saved first)."""
        if self.phase in ANSWER_RUNNING or self.phase is Phase.FINISHING:
            self._end_after_save = True
            self.stop_answer()
            return
        self._flow.halt()
        self._replay.stop()
        self._sheets.flush_notes()
        self._finish()

    def _finish(self) -> None:
        session_id = self.session_id
        rubric = self.rubric
        if session_id is None or rubric is None:
            return
        planned = len(self.plan)
        names = {c.id: c.name for c in rubric.criteria}
        friend = self._friend_if_any()

        def summary() -> SessionSummary:
            end_session(self._repo, self._root, session_id)
            return session_summary(self._repo, session_id, planned, names, friend)

        purpose = self.setup.purpose

        def ready(result: SessionSummary) -> None:
            result = replace(result, purpose=purpose)
            self._flow.end()
            self._changes.notify(Change.SESSIONS)
            self.summary_ready.emit(result)

        self._flow.forget_pause()
        self._tasks.run_serial(summary, ready, self._failed)

    # Pause

    def toggle_pause(self) -> None:
        self._flow.toggle_pause()

    def pause(self) -> None:
        self._flow.pause()

    def unpause(self) -> None:
        self._flow.resume()

    # Plumbing

    def _failed(self, error: BaseException) -> None:
        log.error("practice session storage failed", exc_info=error)
        self.message.emit(f"Could not save: {error}")

    def shutdown(self) -> None:
        self._flow.shutdown()
        self._sheets.flush_notes()


def _recover_take(repo: PracticeRepository, root: Path, answer: AnswerRecord) -> None:
    """Keeps a take cut short by a crash (serial lane); one that cannot be kept is asked again."""
    from interview_coach.audio.takes import recover_take  # reads audio files: loaded when first needed

    take = recover_take(root, answer)
    if take is None:
        repo.update_answer(answer.id, status="pending")
    else:
        repo.update_answer(answer.id, status="recorded", recording_path=take.recording_path, timings=take.timings)
