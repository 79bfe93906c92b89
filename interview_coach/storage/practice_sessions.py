"""The database side of a practice session's start and end, run on the task runner's serial lane."""

from __future__ import annotations

from pathlib import Path

from interview_coach.domain.records import Scorer, SessionStatus, UnfinishedSession
from interview_coach.domain.session_summary import SessionSummary, criterion_averages, summarise
from interview_coach.storage.app_settings import keeps_recordings
from interview_coach.storage.deletion import delete_recordings
from interview_coach.storage.practice_repository import PracticeRepository


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
