"""Runs a practice session, alone or with a friend: ask, think, answer, score, next; everything saved as it happens.

Phases, in order for each question:
  asking     the question is on screen and being read aloud (R repeats it)
  thinking   the think countdown runs (Space starts the answer at once)
  starting   the "speak now" cue plays; the recording is armed the moment it ends
  answering  recording, with the answer timer, the level meter and the limit
  time_up    the limit was reached: a few seconds' grace, unless the candidate keeps going
  finishing  the take is being closed and converted
  scoring    the self-score sheet, notes, replay and redo
then `summary` after the last question. Database writes go through the task runner's serial lane
in order, so a write that needs an id always runs after the write that created it.

In friend mode the same phases run, paced from the interviewer's window: the friend may ask follow-ups
while the answer is recorded, and scores on a second sheet (with the in-person criteria). Neither sees
the other's scores until both sheets are complete; then `comparison_ready` carries the side-by-side.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from interview_coach.controllers.autosave import Autosave
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.calibration import ComparedScore, compare_scores
from interview_coach.domain.journal_session import targeted_first
from interview_coach.domain.practice_setup import MAX_NAME_LENGTH, PracticeSetup, build_plan, friend_label, limits_for
from interview_coach.domain.records import SELF, AnswerRecord, AnswerTimings, FollowUpRecord, FollowUpSource, Scorer
from interview_coach.domain.rubric import Criterion, Rubric
from interview_coach.domain.session_summary import SessionSummary, criterion_averages, summarise
from interview_coach.domain.snapshots import question_from_snapshot, question_snapshot, rubric_snapshot
from interview_coach.storage.app_settings import keeps_recordings
from interview_coach.storage.deletion import delete_recordings
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.settings_repository import SettingsRepository
from interview_coach.stored_paths import stored_file

if TYPE_CHECKING:
    from interview_coach.audio.recorder import RecordingResult
    from interview_coach.controllers.audio_controller import AudioController
    from interview_coach.storage.library import Library

log = logging.getLogger(__name__)

SETUP_KEY = "practice.setup"
FRIENDS_KEY = "friend.names"  # recent interviewers, newest first, offered when the next session is set up
MAX_REMEMBERED_FRIENDS = 8
MAX_FOLLOW_UP_LENGTH = 500
TICK_MS = 100
GRACE_SECONDS = 5.0  # after the limit, before the gentle stop
WARNING_BEFORE_LIMIT = 15.0
SILENCE_SECONDS = 5.0
SILENCE_LEVEL = 0.02  # about -34 dBFS: quieter than any speech at a normal distance

PHASES = ("idle", "asking", "thinking", "starting", "answering", "time_up", "finishing", "scoring", "summary")


@dataclass(frozen=True)
class UnfinishedSession:
    session_id: int
    started_at: Any
    planned: int
    answered: int


@dataclass
class CurrentAnswer:
    """The question being worked on. `answer_id` is filled in by the serial database lane."""

    position: int  # 1-based
    question: dict[str, Any]
    criteria: list[Criterion]
    think_limit: int
    answer_limit: int
    answer_id: int | None = None
    shown_at: float = 0.0
    thinking_from: float = 0.0
    think_used: float | None = None
    armed_at: float | None = None
    answer_seconds: float = 0.0
    recorded: bool = False
    keep_going: bool = False
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
        return all(c.id in self.scores for c in self.criteria)

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


class PracticeController(QObject):
    phase_changed = Signal(str)
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
    summary_ready = Signal(object)  # SessionSummary
    unfinished_found = Signal(list)  # list[UnfinishedSession]
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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._repo = repository
        self._settings = settings
        self._audio = audio
        self._library = library
        self._root = data_root
        self._clock = clock
        self._rng = rng or random.Random()
        self.phase = "idle"
        self.paused = False
        self.setup = PracticeSetup()
        self.plan: list[dict[str, Any]] = []
        self.rubric: Rubric | None = None
        self.session_id: int | None = None
        self.current: CurrentAnswer | None = None
        self._phase_deadline: float | None = None
        self._paused_at: float | None = None
        self._last_loud = 0.0
        self._silent = False
        self._warned = False
        self._end_after_save = False
        self._note_autosave = Autosave(self._save_note, parent=self)
        self._friend_note_autosave = Autosave(self._save_friend_note, parent=self)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        audio.speech_finished.connect(self._on_speech_finished)
        audio.recording_armed.connect(self._on_armed)
        audio.recording_unavailable.connect(self._on_recording_unavailable)
        audio.recording_finished.connect(self._on_recording_finished)
        audio.level.connect(self._on_level)

    # Set-up and sessions

    def saved_setup(self) -> PracticeSetup:
        return PracticeSetup.from_dict(self._settings.get(SETUP_KEY))

    def known_friends(self) -> list[str]:
        saved = self._settings.get(FRIENDS_KEY)
        return [str(n)[:MAX_NAME_LENGTH] for n in saved if str(n).strip()] if isinstance(saved, list) else []

    @property
    def friend_mode(self) -> bool:
        return self.setup.mode == "friend"

    @property
    def friend(self) -> Scorer:
        return Scorer("friend", friend_label(self.setup))

    def look_for_unfinished(self) -> None:
        self._tasks.run_serial(self._unfinished, self.unfinished_found.emit, self._failed)

    def _unfinished(self) -> list[UnfinishedSession]:
        found = []
        for session in self._repo.sessions("in_progress"):
            answers = self._repo.answers_for_session(session.id)
            positions = {a.position for a in answers if a.status in ("recorded", "skipped")}
            found.append(
                UnfinishedSession(session.id, session.started_at, len(session.settings.get("plan", [])), len(positions))
            )
        return found

    def close_session(self, session_id: int) -> None:
        def close() -> None:
            self._repo.end_session(session_id, "abandoned")
            self._forget_recordings_unless_kept(session_id)

        self._tasks.run_serial(close, lambda _: self.look_for_unfinished())

    def _forget_recordings_unless_kept(self, session_id: int) -> None:
        """With "keep recordings" off, a session's takes live only until it ends (serial lane)."""
        if not keeps_recordings(self._repo.connection):
            delete_recordings(self._repo.connection, self._root, session_id)

    def start(self, setup: PracticeSetup) -> bool:
        """Builds the plan and starts; False (with a message) when no question matches."""
        library = self._library()
        if library is None:
            self.message.emit("The question banks are still loading; try again in a moment.")
            return False
        rubric = library.rubric(setup.rubric_id) or library.default_rubric
        setup = replace(setup, rubric_id=rubric.id)
        self._audio.update_settings(replace(self._audio.settings, read_aloud=setup.read_aloud))

        def create() -> tuple[int, list[dict[str, Any]]]:
            weakness = self._repo.question_weakness() if setup.order == "weakest_first" else {}
            plan = [
                question_snapshot(q) for q in build_plan(library.catalogue, setup, weakness=weakness, rng=self._rng)
            ]
            if not plan:
                return 0, []
            self._settings.set(SETUP_KEY, setup.to_dict())
            if setup.mode == "friend":
                self._remember_friend(friend_label(setup))
            session = self._repo.create_session(
                setup.mode, {"setup": setup.to_dict(), "plan": plan, "rubric": rubric.id}
            )
            return session.id, plan

        def created(result: tuple[int, list[dict[str, Any]]]) -> None:
            session_id, plan = result
            if not plan:
                self.message.emit("No questions match these choices. Choose more banks or categories.")
                return
            self._begin(session_id, setup, plan, rubric)
            self._present(1)

        self._tasks.run_serial(create, created, self._failed)
        return True

    def _remember_friend(self, name: str) -> None:
        names = [name, *(n for n in self.known_friends() if n.casefold() != name.casefold())]
        self._settings.set(FRIENDS_KEY, names[:MAX_REMEMBERED_FRIENDS])

    def _begin(self, session_id: int, setup: PracticeSetup, plan: list[dict[str, Any]], rubric: Rubric) -> None:
        self.session_id, self.setup, self.plan, self.rubric = session_id, setup, plan, rubric
        self.paused = False
        self._audio.open_microphone()
        self.session_started.emit(session_id)

    def resume(self, session_id: int) -> None:
        """Continues an interrupted session where it stopped; a take cut short by a crash comes back."""
        library = self._library()

        def load() -> tuple[Any, list[AnswerRecord], dict[int, dict[str, int]]]:
            session = self._repo.session(session_id)
            answers = self._repo.answers_for_session(session_id)
            for answer in answers:
                if answer.status == "recording":
                    self._recover_take(answer)
            answers = self._repo.answers_for_session(session_id)
            return session, answers, self._repo.current_self_scores([a.id for a in answers])

        def loaded(result: tuple[Any, list[AnswerRecord], dict[int, dict[str, int]]]) -> None:
            session, answers, scores = result
            setup = PracticeSetup.from_dict(session.settings.get("setup"))
            if session.mode == "friend" and setup.mode != "friend":
                setup = replace(setup, mode="friend")
            rubric = (library.rubric(setup.rubric_id) if library else None) or (
                library.default_rubric if library else None
            )
            plan = list(session.settings.get("plan", []))
            if rubric is None or not plan:
                self.message.emit("This session cannot be resumed: its questions were not saved.")
                return
            self._begin(session_id, setup, plan, rubric)
            latest = {a.position: a for a in answers}  # answers come ordered by position, then attempt
            for position in range(1, len(plan) + 1):
                answer = latest.get(position)
                if answer is None or answer.status == "pending":
                    self._present(position)
                    return
                if answer.status == "recorded" and not scores.get(answer.id):
                    self._show_for_scoring(answer, scores.get(answer.id, {}))
                    return
            self._finish()

        self._tasks.run_serial(load, loaded, self._failed)

    def _recover_take(self, answer: AnswerRecord) -> None:
        """Keeps a take cut short by a crash (serial lane); one that cannot be kept is asked again."""
        from interview_coach.audio.takes import recover_take  # reads audio files: loaded when first needed

        take = recover_take(self._root, answer)
        if take is None:
            self._repo.update_answer(answer.id, status="pending")
        else:
            self._repo.update_answer(
                answer.id, status="recorded", recording_path=take.recording_path, timings=take.timings
            )

    # Questions

    def _present(self, position: int) -> None:
        assert self.rubric is not None
        question = self.plan[position - 1]
        think, answer = limits_for(question_from_snapshot(question), self.setup)
        criteria = self._own_criteria(question)
        friend_criteria = self._friend_criteria(question)
        current = CurrentAnswer(
            position, question, criteria, think, answer, shown_at=self._clock(), friend_criteria=friend_criteria
        )
        self.current = current
        session_id = self.session_id
        assert session_id is not None
        snapshot = rubric_snapshot(self.rubric, friend_criteria or criteria)

        def add() -> None:
            current.answer_id = self._repo.add_answer(
                session_id, position, question, snapshot, AnswerTimings(think, answer)
            ).id

        self._tasks.run_serial(add, None, self._failed)
        self.question_shown.emit(current)
        if position < len(self.plan) and self.setup.read_aloud:
            self._audio.prefetch(self.plan[position]["text"])
        if self.setup.read_aloud and self._audio.speech_available:
            self._set_phase("asking")
            self._audio.speak(question["text"])
        else:
            self._start_thinking()

    def _own_criteria(self, question: dict[str, Any]) -> list[Criterion]:
        """The candidate's sheet; a session aimed at feedback lists the criteria it targets first."""
        assert self.rubric is not None
        applicable = self.rubric.applicable(tuple(question["criteria"]), include_in_person=False)
        return targeted_first(applicable, self.setup.criteria_first)

    def _friend_criteria(self, question: dict[str, Any]) -> list[Criterion]:
        if not self.friend_mode or self.rubric is None:
            return []
        applicable = self.rubric.applicable(tuple(question["criteria"]), include_in_person=True)
        return targeted_first(applicable, self.setup.criteria_first)

    def repeat(self) -> None:
        if self.phase in ("asking", "thinking") and self.current is not None:
            self._set_phase("asking")
            self._audio.speak(self.current.question["text"])

    def _on_speech_finished(self, _reason: str) -> None:
        if self.phase == "asking" and not self.paused:
            self._start_thinking()

    def _start_thinking(self) -> None:
        assert self.current is not None
        self.current.thinking_from = self._clock()
        self._phase_deadline = self.current.thinking_from + self.current.think_limit
        self._set_phase("thinking")
        self._ticker.start()
        self._tick()

    # Answering

    def start_answer(self) -> None:
        """Space while asking or thinking: the cue plays, then recording starts."""
        if self.current is None or self.paused or self.phase not in ("asking", "thinking"):
            return
        if self.phase == "asking":
            self._audio.stop_speech()
        current = self.current
        current.think_used = round(max(0.0, self._clock() - (current.thinking_from or current.shown_at)), 2)
        self._phase_deadline = None
        self._set_phase("starting")
        assert self.session_id is not None
        relative = Path("recordings") / str(self.session_id) / f"{current.position:02d}-{uuid.uuid4().hex[:8]}.wav"
        current.recording_path = relative.as_posix()
        self._audio.record_after_cue(self._root / relative)

    def _on_armed(self, armed_at: float) -> None:
        if self.phase != "starting" or self.current is None:
            return
        current = self.current
        current.armed_at = armed_at
        current.recorded = True
        path = current.recording_path

        def mark_recording() -> None:
            # Before the first block reaches the disk: a crash from here on leaves a take the row knows.
            if current.answer_id is not None:
                self._repo.update_answer(current.answer_id, status="recording", recording_path=path)

        self._tasks.run_serial(mark_recording, None, self._failed)
        self._begin_answer_timer()

    def _on_recording_unavailable(self) -> None:
        if self.phase == "starting" and self.current is not None:
            self.current.recording_path = None
            self._begin_answer_timer()
            self.message.emit("No microphone: the answer is timed but not recorded.")

    def _begin_answer_timer(self) -> None:
        assert self.current is not None
        self.current.armed_at = self.current.armed_at or self._clock()
        self._last_loud = self._clock()
        self._silent = False
        self._warned = False
        self._set_phase("answering")
        self._ticker.start()

    def keep_going(self) -> None:
        if self.phase == "time_up" and self.current is not None:
            self.current.keep_going = True
            self._phase_deadline = None
            self._set_phase("answering")

    def stop_answer(self) -> None:
        if self.phase not in ("answering", "time_up") or self.current is None:
            return
        current = self.current
        current.answer_seconds = self._answer_elapsed()
        self._ticker.stop()
        self._phase_deadline = None
        self._silent_changed(False)
        if current.recorded:
            self._set_phase("finishing")
            assert current.recording_path is not None
            self._audio.stop_recording((self._root / current.recording_path).with_suffix(".flac"))
        else:
            self._save_answer(None)

    def _on_recording_finished(self, result: RecordingResult) -> None:
        if self.phase != "finishing" or self.current is None:
            return
        if result.fault is not None:
            self.message.emit(str(result.fault))
        if result.path is not None:
            self.current.answer_seconds = result.seconds
            self.current.cue_end = round(result.cue_end_seconds, 3)
        self._save_answer(result.path)

    def _save_answer(self, path: Path | None) -> None:
        current = self.current
        assert current is not None
        current.recording_path = path.relative_to(self._root).as_posix() if path is not None else None

        def save() -> AnswerRecord | None:
            if current.answer_id is None:
                return None
            return self._repo.update_answer(
                current.answer_id,
                status="recorded",
                recording_path=current.recording_path,
                timings=current.timings(),
            )

        def saved(_record: AnswerRecord | None) -> None:
            if self._end_after_save:
                self._end_after_save = False
                self._finish()
                return
            if path is not None:
                self.recording_ready.emit(path)
            self._enter_scoring()

        def measured(onset: float | None) -> None:
            current.speech_onset = onset
            self._tasks.run_serial(save, saved, self._failed)

        # Reading the take back is file work: off the database lane, so score clicks never wait on it.
        cue_end = current.cue_end or 0.0
        self._tasks.run(lambda: _speech_onset(path, cue_end) if path is not None else None, measured, self._failed)

    def _show_for_scoring(self, answer: AnswerRecord, scores: dict[str, int]) -> None:
        assert self.rubric is not None
        criteria = self._own_criteria(answer.question)
        timings = answer.timings
        current = CurrentAnswer(
            answer.position,
            answer.question,
            criteria,
            int(timings.think_limit_seconds or 0),
            int(timings.answer_limit_seconds or 0),
            answer_id=answer.id,
            answer_seconds=timings.answer_seconds or 0.0,
            speech_onset=timings.speech_onset_seconds,
            cue_end=timings.cue_end_seconds,
            recorded=answer.recording_path is not None,
            recording_path=answer.recording_path,
            scores=dict(scores),
            friend_criteria=self._friend_criteria(answer.question),
        )
        self.current = current
        self.question_shown.emit(current)
        recording = stored_file(self._root, answer.recording_path)
        if recording is not None:
            self.recording_ready.emit(recording)
        if not self.friend_mode:
            self._enter_scoring()
            return
        friend = self.friend

        def load() -> tuple[dict[str, int], list[FollowUpRecord]]:
            return self._repo.current_scores_by([answer.id], friend)[answer.id], self._repo.follow_ups(answer.id)

        def loaded(result: tuple[dict[str, int], list[FollowUpRecord]]) -> None:
            current.friend_scores, current.follow_ups = dict(result[0]), list(result[1])
            self.follow_ups_changed.emit(list(current.follow_ups))
            self._enter_scoring()

        self._tasks.run_serial(load, loaded, self._failed)

    def _enter_scoring(self) -> None:
        self._set_phase("scoring")
        if self.current is not None:
            self.scores_changed.emit(dict(self.current.scores))
            if self.friend_mode:
                self.friend_scores_changed.emit(dict(self.current.friend_scores))
            self._report_sheets()

    def _report_sheets(self) -> None:
        """Progress on both sheets, and the side-by-side once both are complete (friend mode)."""
        current = self.current
        if current is None or not self.friend_mode:
            return
        self.sheets_progress.emit(
            sum(1 for c in current.criteria if c.id in current.scores),
            len(current.criteria),
            sum(1 for c in current.friend_criteria if c.id in current.friend_scores),
            len(current.friend_criteria),
        )
        both = current.self_complete and current.friend_complete
        self.comparison_ready.emit(current.comparison() if both else [])

    # Scoring

    def set_score(self, criterion_id: str, value: int) -> None:
        current = self.current
        if self.phase != "scoring" or current is None:
            return
        if all(c.id != criterion_id for c in current.criteria):
            return
        current.scores[criterion_id] = value

        def save() -> None:
            if current.answer_id is not None:
                self._repo.add_scores(current.answer_id, SELF, {criterion_id: value})

        self._tasks.run_serial(save, None, self._failed)
        self.scores_changed.emit(dict(current.scores))
        self._report_sheets()

    def set_friend_score(self, criterion_id: str, value: int) -> None:
        """The interviewer's sheet: saved under the friend's name, never shown to the candidate early."""
        current = self.current
        if not self.friend_mode or self.phase != "scoring" or current is None:
            return
        if all(c.id != criterion_id for c in current.friend_criteria):
            return
        current.friend_scores[criterion_id] = value
        friend = self.friend

        def save() -> None:
            if current.answer_id is not None:
                self._repo.add_scores(current.answer_id, friend, {criterion_id: value})

        self._tasks.run_serial(save, None, self._failed)
        self.friend_scores_changed.emit(dict(current.friend_scores))
        self._report_sheets()

    def set_friend_note(self, text: str) -> None:
        if self.current is not None and self.friend_mode:
            self.current.friend_note = text
            self._friend_note_autosave.changed()

    def _save_friend_note(self) -> None:
        current = self.current
        if current is None:
            return
        text, friend = current.friend_note, self.friend

        def save() -> None:
            if current.answer_id is not None:
                self._repo.set_note(current.answer_id, friend, text)

        self._tasks.run_serial(save, None, self._failed)

    def set_candidate_view(self, show_question: bool, show_timer: bool) -> None:
        """The interviewer decides what the candidate's screen shows, as in a real interview room."""
        self.setup = replace(self.setup, show_question=show_question, show_timer=show_timer)
        self.candidate_view_changed.emit(show_question, show_timer)

    # Follow-ups

    def ask_follow_up(self, text: str, source: FollowUpSource = "bank") -> None:
        """The interviewer asked a probe. While recording, it is timed into the take and the limit gives way."""
        current = self.current
        text = " ".join(text.split())[:MAX_FOLLOW_UP_LENGTH]
        if not self.friend_mode or current is None or not text:
            return
        if self.phase not in ("thinking", "answering", "time_up", "finishing", "scoring"):
            return
        at: float | None = None
        if self.phase in ("answering", "time_up"):
            at = round(self._answer_elapsed(), 1)
            self.keep_going()  # the candidate needs time to answer the probe
            current.keep_going = True
        elif self.phase == "thinking":
            at = 0.0

        def save() -> FollowUpRecord | None:
            if current.answer_id is None:
                return None
            return self._repo.add_follow_up(current.answer_id, text, source, at)

        def saved(record: FollowUpRecord | None) -> None:
            if record is not None:
                current.follow_ups.append(record)
                if current is self.current:
                    self.follow_ups_changed.emit(list(current.follow_ups))

        self._tasks.run_serial(save, saved, self._failed)

    def set_note(self, text: str) -> None:
        if self.current is not None:
            self.current.note = text
            self._note_autosave.changed()

    def _save_note(self) -> None:
        current = self.current
        if current is None:
            return
        text = current.note

        def save() -> None:
            if current.answer_id is not None:
                self._repo.set_note(current.answer_id, SELF, text)

        self._tasks.run_serial(save, None, self._failed)

    def replay(self) -> None:
        current = self.current
        recording = stored_file(self._root, current.recording_path) if current is not None else None
        if current is not None and recording is not None and self.phase == "scoring":
            self._audio.play_file(recording, start_at=current.timings().replay_from)

    def redo(self) -> None:
        """Answer the same question again; both attempts are kept."""
        if self.phase == "scoring" and self.current is not None:
            self._flush_note()
            self._audio.stop_playback()
            self._present(self.current.position)

    def next_question(self) -> None:
        """Enter: from scoring to the next question; before answering, skips this one."""
        current = self.current
        if current is None or self.paused:
            return
        if self.phase in ("asking", "thinking"):
            self._audio.stop_speech()
            self._ticker.stop()

            def skip() -> None:
                if current.answer_id is not None:
                    self._repo.update_answer(current.answer_id, status="skipped")

            self._tasks.run_serial(skip, None, self._failed)
        elif self.phase != "scoring":
            return
        self._flush_note()
        self._audio.stop_playback()
        if current.position < len(self.plan):
            self._present(current.position + 1)
        else:
            self._finish()

    def end_session(self) -> None:
        """Ends early, keeping everything answered so far (an answer being recorded is saved first)."""
        if self.phase in ("answering", "time_up", "finishing"):
            self._end_after_save = True
            self.stop_answer()
            return
        self._audio.stop_speech()
        self._ticker.stop()
        self._flush_note()
        self._finish()

    def _flush_note(self) -> None:
        self._note_autosave.flush()
        self._friend_note_autosave.flush()

    def flush_notes(self) -> None:
        """Saves notes typed within the last pause now (their screen is being left)."""
        self._flush_note()

    def _finish(self) -> None:
        session_id = self.session_id
        rubric = self.rubric
        if session_id is None or rubric is None:
            return
        planned = len(self.plan)
        names = {c.id: c.name for c in rubric.criteria}
        friend = self.friend if self.friend_mode else None

        def summary() -> SessionSummary:
            self._repo.end_session(session_id)
            self._forget_recordings_unless_kept(session_id)
            answers = self._repo.answers_for_session(session_id)
            scores = self._repo.current_self_scores([a.id for a in answers])
            previous = self._repo.previous_session(session_id)
            before = None
            if previous is not None:
                earlier = self._repo.answers_for_session(previous.id)
                before = criterion_averages(earlier, self._repo.current_self_scores([a.id for a in earlier]))
            ids = [a.id for a in answers]
            if friend is None:
                return summarise(session_id, planned, answers, scores, names, before)
            by_friend = self._repo.current_scores_by(ids, friend)
            return summarise(
                session_id, planned, answers, scores, names, before, friend_name=friend.label, friend_scores=by_friend
            )

        def ready(result: SessionSummary) -> None:
            self.current = None
            self._set_phase("summary")
            self.summary_ready.emit(result)

        self._paused_at = None
        self.paused = False
        self._tasks.run_serial(summary, ready, self._failed)

    # Pause

    def toggle_pause(self) -> None:
        self.resume_session() if self.paused else self.pause()

    def pause(self) -> None:
        if self.paused or self.phase not in ("asking", "thinking", "answering", "time_up"):
            return
        self.paused = True
        self._paused_at = self._clock()
        if self.phase == "asking":
            self._audio.stop_speech()
        if self.phase in ("answering", "time_up"):
            self._audio.pause_recording()
        self.paused_changed.emit(True)

    def resume_session(self) -> None:
        if not self.paused or self._paused_at is None:
            return
        gap = self._clock() - self._paused_at
        self.paused = False
        self._paused_at = None
        if self._phase_deadline is not None:
            self._phase_deadline += gap
        current = self.current
        if current is not None:
            current.thinking_from += gap
            if current.armed_at is not None:
                current.armed_at += gap
        self._last_loud = self._clock()
        if self.phase in ("answering", "time_up"):
            self._audio.resume_recording()
        self.paused_changed.emit(False)
        if self.phase == "asking":
            self._start_thinking()

    # Clock

    def _answer_elapsed(self) -> float:
        current = self.current
        if current is None or current.armed_at is None:
            return 0.0
        end = self._paused_at if self.paused and self._paused_at is not None else self._clock()
        return max(0.0, end - current.armed_at)

    def _tick(self) -> None:
        current = self.current
        if current is None or self.paused:
            return
        now = self._clock()
        if self.phase == "thinking":
            remaining = max(0.0, (self._phase_deadline or now) - now)
            self.think_remaining.emit(remaining)
            if remaining <= 0:
                self.start_answer()
        elif self.phase in ("answering", "time_up"):
            elapsed = self._answer_elapsed()
            self.answer_elapsed.emit(elapsed, float(current.answer_limit))
            self._check_limit(current, elapsed, now)
            self._check_silence(now)

    def _check_limit(self, current: CurrentAnswer, elapsed: float, now: float) -> None:
        if current.keep_going:
            return
        left = current.answer_limit - elapsed
        near = 0 < left <= min(WARNING_BEFORE_LIMIT, current.answer_limit / 4)
        if self.phase == "answering" and near and not self._warned:
            self._warned = True
            self.limit_warning.emit(left)
        if self.phase == "answering" and left <= 0:
            self._phase_deadline = now + GRACE_SECONDS
            self._set_phase("time_up")
        if self.phase == "time_up" and self._phase_deadline is not None:
            grace = max(0.0, self._phase_deadline - now)
            self.time_up.emit(grace)
            if grace <= 0:
                self.stop_answer()

    def _on_level(self, peak: float) -> None:
        self.level.emit(peak)
        if peak >= SILENCE_LEVEL:
            self._last_loud = self._clock()
            self._silent_changed(False)

    def _check_silence(self, now: float) -> None:
        if self.current is not None and self.current.recorded and now - self._last_loud >= SILENCE_SECONDS:
            self._silent_changed(True)

    def _silent_changed(self, silent: bool) -> None:
        if silent != self._silent:
            self._silent = silent
            self.silence_warning.emit(silent)

    # Plumbing

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.phase_changed.emit(phase)

    def _failed(self, error: BaseException) -> None:
        log.error("practice session storage failed", exc_info=error)
        self.message.emit(f"Could not save: {error}")

    def shutdown(self) -> None:
        self._ticker.stop()
        self._flush_note()


def _speech_onset(path: Path, cue_end: float) -> float | None:
    from interview_coach.audio.takes import speech_onset_in  # reads audio files: loaded when first needed

    return speech_onset_in(path, cue_end)
