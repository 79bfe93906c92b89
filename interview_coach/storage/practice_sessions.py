"""The database side of a practice session's start and end, run on the task runner's serial lane."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from interview_coach.domain.practice_setup import MAX_NAME_LENGTH, PracticeSetup, friend_label
from interview_coach.domain.records import AnswerRecord, Scorer, SessionStatus, UnfinishedSession
from interview_coach.domain.session_summary import SessionSummary, criterion_averages, summarise
from interview_coach.domain.snapshots import QuestionSnapshot
from interview_coach.storage import settings_keys
from interview_coach.storage.app_settings import keeps_recordings
from interview_coach.storage.deletion import delete_recordings
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.settings_repository import SettingsRepository

MAX_REMEMBERED_FRIENDS = 8


def saved_setup(settings: SettingsRepository) -> PracticeSetup:
    """The practice screen's last choices."""
    return PracticeSetup.from_dict(settings.get(settings_keys.PRACTICE_SETUP))


def known_friends(settings: SettingsRepository) -> list[str]:
    """Recent interviewers, newest first."""
    saved = settings.get(settings_keys.FRIEND_NAMES)
    return [str(n)[:MAX_NAME_LENGTH] for n in saved if str(n).strip()] if isinstance(saved, list) else []


def create_session(
    repo: PracticeRepository, settings: SettingsRepository, setup: PracticeSetup, plan: list[QuestionSnapshot]
) -> int:
    """Saves the session with its plan (a resume never depends on the banks) and remembers the choices."""
    settings.set(settings_keys.PRACTICE_SETUP, setup.to_dict())
    if setup.mode == "friend":
        name = friend_label(setup)
        names = [name, *(n for n in known_friends(settings) if n.casefold() != name.casefold())]
        settings.set(settings_keys.FRIEND_NAMES, names[:MAX_REMEMBERED_FRIENDS])
    session = repo.create_session(
        setup.mode, {"setup": setup.to_dict(), "plan": [q.to_json() for q in plan], "rubric": setup.rubric_id}
    )
    return session.id


@dataclass(frozen=True)
class SessionToResume:
    setup: PracticeSetup
    plan: list[QuestionSnapshot]  # empty when the session's questions were not saved
    answers: list[AnswerRecord]  # ordered by position, then attempt
    self_scores: dict[int, dict[str, int]]  # by answer id


def session_to_resume(
    repo: PracticeRepository, session_id: int, recover: Callable[[AnswerRecord], None]
) -> SessionToResume:
    """An interrupted session as saved; `recover` first mends each answer a crash left in "recording"."""
    session = repo.session(session_id)
    for answer in repo.answers_for_session(session_id):
        if answer.status == "recording":
            recover(answer)
    answers = repo.answers_for_session(session_id)
    setup = PracticeSetup.from_dict(session.settings.get("setup"))
    if session.mode == "friend" and setup.mode != "friend":
        setup = replace(setup, mode="friend")
    saved: Any = session.settings.get("plan")
    plan = [QuestionSnapshot.from_json(q) for q in saved] if isinstance(saved, list) else []
    return SessionToResume(setup, plan, answers, repo.current_self_scores([a.id for a in answers]))


def unfinished_sessions(repo: PracticeRepository) -> list[UnfinishedSession]:
    found = []
    for session in repo.sessions("in_progress"):
        answers = repo.answers_for_session(session.id)
        positions = {a.position for a in answers if a.status in ("recorded", "skipped")}
        planned = len(session.settings.get("plan", []))
        found.append(UnfinishedSession(session.id, session.started_at, planned, len(positions)))
    return found


def end_session(repo: PracticeRepository, root: Path, session_id: int, status: SessionStatus = "finished") -> None:
    """With "keep recordings" off, a session's takes live only until it ends."""
    repo.end_session(session_id, status)
    if not keeps_recordings(repo.connection):
        delete_recordings(repo.connection, root, session_id)


def session_summary(
    repo: PracticeRepository, session_id: int, planned: int, names: dict[str, str], friend: Scorer | None
) -> SessionSummary:
    """The session's summary, against the previous session's averages; with the friend's scores beside."""
    answers = repo.answers_for_session(session_id)
    scores = repo.current_self_scores([a.id for a in answers])
    previous = repo.previous_session(session_id)
    before = None
    if previous is not None:
        earlier = repo.answers_for_session(previous.id)
        before = criterion_averages(earlier, repo.current_self_scores([a.id for a in earlier]))
    if friend is None:
        return summarise(session_id, planned, answers, scores, names, before)
    by_friend = repo.current_scores_by([a.id for a in answers], friend)
    return summarise(
        session_id, planned, answers, scores, names, before, friend_name=friend.label, friend_scores=by_friend
    )
