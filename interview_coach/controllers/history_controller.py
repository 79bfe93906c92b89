"""Past sessions for History, Review and Progress: loads them off the GUI thread (the list a page at a
time, Progress from the aggregate tables, one session in full for Review), and deletes (with undo until
the app closes), re-scores and annotates answers.

Writes go through the serial database lane. The reads a screen waits on (the list, the report) go
through the task runner's read lane, on their own connection when the app gives one: they see every
write asked for before them without queueing behind start-up's background work.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.changes import HISTORY, Change, Changes
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.history import HistoryFilter, SessionFact
from interview_coach.domain.progress import ProgressReport, TrendLine
from interview_coach.domain.records import (
    SELF,
    AnswerRecord,
    FollowUpRecord,
    NoteRecord,
    Scorer,
    ScoreRecord,
    ScoreSheet,
)
from interview_coach.storage.analysis_repository import AnalysisRepository
from interview_coach.storage.app_settings import keeps_recordings, set_keeps_recordings
from interview_coach.storage.deletion import DeletedRows, RecordingsRemoved, Trash, delete_recordings
from interview_coach.storage.history_queries import (
    FilterChoices,
    SessionFilter,
    count_sessions,
    filter_choices,
    session_filter,
    session_page,
)
from interview_coach.storage.history_repository import load_attempts, load_session
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.progress_parts import criterion_trend
from interview_coach.storage.progress_queries import progress_report
from interview_coach.stored_paths import UnsafePathError, resolve_stored

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AnswerDetail:
    answer: AnswerRecord
    sheets: list[ScoreSheet]  # latest per scorer, self first
    history: list[ScoreRecord]  # every round, oldest first
    notes: list[NoteRecord]
    follow_ups: list[FollowUpRecord] = field(default_factory=list)
    delivery: DeliveryFigures | None = None  # the delivery analysis, when the answer has one

    def note_by(self, author: Scorer) -> str:
        return next((n.body for n in self.notes if n.author == author), "")


@dataclass(frozen=True)
class SessionListPage:
    """Sessions for History's list: the first page of a request (replaces the list) or a later one."""

    request: int
    wanted: HistoryFilter
    where: SessionFilter
    sessions: list[SessionFact]
    first: bool
    matching: int  # sessions the filter keeps
    total: int  # sessions with answers, whatever the filter
    choices: FilterChoices
    offset: int = 0  # rows shown before these


@dataclass
class _Undo:
    description: str
    rows: DeletedRows


class HistoryController(QObject):
    list_page = Signal(object)  # SessionListPage
    session_loaded = Signal(int, object)  # session id, SessionFact with its answers (None: gone)
    attempts_loaded = Signal(str, object)  # question key, list[AnswerFact] oldest first
    report_ready = Signal(object)  # ProgressReport, for the range last asked for with load_report
    changed = Signal()  # sessions, answers or scores were written (here or elsewhere): visible views reload
    detail_ready = Signal(object)  # AnswerDetail
    deleted = Signal(str)  # what was deleted, for an undo offer
    undo_changed = Signal(bool)  # whether there is something to undo
    message = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        connection: sqlite3.Connection,
        data_root: Path,
        *,
        criterion_names: Callable[[], Mapping[str, str]] = dict,
        active_session: Callable[[], int | None] = lambda: None,
        changes: Changes | None = None,
        reader: Callable[[], sqlite3.Connection] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`changes` is the app's change signal: this controller announces its writes there and reloads
        on everyone's (practice, imported scores). `reader` gives the connection the list and the
        report are read with, on the read lane (default: the writer's)."""
        super().__init__(parent)
        self._hub = changes if changes is not None else Changes(self)
        self._hub.changed.connect(self._heard)
        self._tasks = tasks
        self._db = connection
        self._reader = reader if reader is not None else lambda: connection
        self._repo = PracticeRepository(connection)
        self._root = data_root
        self._trash = Trash(connection, data_root)
        self._names = criterion_names
        self._active_session = active_session
        self._undo: list[_Undo] = []
        self._list_request = 0
        self._list_wanted: tuple[HistoryFilter, dict[str, str]] | None = None  # what the last request asked
        # The first page being read: for which filter, at which change count (None: no read running).
        self._list_reading: tuple[tuple[HistoryFilter, dict[str, str]], int] | None = None
        self._first_page: tuple[int, tuple[HistoryFilter, dict[str, str]], SessionListPage] | None = None
        # Progress reports by (range start, today), with the change count they were made at.
        self._reports: dict[tuple[datetime | None, date], tuple[int, ProgressReport]] = {}
        self._wanted_report: tuple[datetime | None, date] | None = None
        self._reports_reading: dict[tuple[datetime | None, date], int] = {}  # range -> changes when asked

    # The session list, a page at a time

    def list_sessions(self, wanted: HistoryFilter, bank_titles: Mapping[str, str]) -> int:
        """Asks for the first page of sessions the filter keeps; returns the request's number, which
        its pages carry (a later request makes earlier pages stale). The last first page is kept, so
        opening History again shows it at once while it is checked against the database; a page being
        read for the same filter, with nothing written since, answers a new request too."""
        self._list_request += 1
        request, query = self._list_request, (wanted, dict(bank_titles))
        self._list_wanted = query
        cached = self._first_page
        shown_cached = cached is not None and cached[1] == query
        if cached is not None and shown_cached:
            self.list_page.emit(replace(cached[2], request=request))
        reading = (query, self._db.total_changes)
        if self._list_reading == reading:
            return request
        self._list_reading = reading

        def read() -> tuple[int, SessionListPage]:
            changes = self._db.total_changes  # every write in this app goes through that connection
            if cached is not None and cached[0] == changes and shown_cached:
                return changes, cached[2]
            db = self._reader()
            choices = filter_choices(db)
            where = session_filter(wanted, query[1], choices)
            page = SessionListPage(
                request=request,
                wanted=wanted,
                where=where,
                sessions=session_page(db, where),
                first=True,
                matching=count_sessions(db, where),
                total=count_sessions(db),
                choices=choices,
            )
            return changes, page

        def finished() -> bool:
            """Whether this is the last read asked for (an earlier one's page is stale)."""
            if self._list_reading is not reading:
                return False
            self._list_reading = None
            return True

        def done(result: tuple[int, SessionListPage]) -> None:
            last = finished()
            changes, page = result
            page = replace(page, request=self._list_request)
            same = (
                cached is not None
                and shown_cached
                and (cached[2].sessions, cached[2].matching)
                == (
                    page.sessions,
                    page.matching,
                )
            )
            self._first_page = (changes, query, page)
            if last and self._list_wanted == query and not same:
                self.list_page.emit(page)

        def failed(error: BaseException) -> None:
            finished()
            self._failed(error)

        self._tasks.run_read(read, done, failed)
        return request

    def more_sessions(self, page: SessionListPage, shown: list[SessionFact]) -> None:
        """The page after the sessions of `page`'s request already `shown` (the first page and more)."""
        if not shown:
            return
        request, where, last, offset = page.request, page.where, shown[-1], len(shown)

        def read() -> SessionListPage:
            return replace(page, sessions=session_page(self._reader(), where, last), first=False, offset=offset)

        def done(more: SessionListPage) -> None:
            if request == self._list_request:
                self.list_page.emit(more)

        self._tasks.run_read(read, done, self._failed)

    def load_session(self, session_id: int) -> None:
        """One session with its answers in full, for Review: emits session_loaded (None if it is gone)."""
        self._tasks.run_serial(
            lambda: (session_id, load_session(self._db, session_id)),
            lambda result: self.session_loaded.emit(*result),
            self._failed,
        )

    def load_attempts(self, question_key: str) -> None:
        self._tasks.run_serial(
            lambda: load_attempts(self._db, question_key),
            lambda attempts: self.attempts_loaded.emit(question_key, attempts),
            self._failed,
        )

    def criterion_names(self) -> dict[str, str]:
        return dict(self._names())

    # Progress

    def cached_report(self, since: datetime | None, today: date) -> ProgressReport | None:
        """The last report made for this range (it may be out of date: load_report checks)."""
        cached = self._reports.get((since, today))
        return cached[1] if cached is not None else None

    def load_report(self, since: datetime | None, today: date) -> None:
        """Makes the Progress report for a range from the aggregate tables (tens of ms, whatever the
        amount of practice), unless nothing was written since the last one; emits report_ready."""
        key = (since, today)
        self._wanted_report = key
        asked_at = self._db.total_changes
        if self._reports_reading.get(key) == asked_at:
            return  # the same report is being read, and nothing was written since it was asked for
        self._reports_reading[key] = asked_at
        names = dict(self._names())
        cached = self._reports.get(key)

        def read() -> tuple[int, ProgressReport]:
            changes = self._db.total_changes
            if cached is not None and cached[0] == changes:
                return cached
            return changes, progress_report(self._reader(), since=since, today=today, known_names=names)

        def finished() -> None:
            if self._reports_reading.get(key) == asked_at:
                del self._reports_reading[key]

        def done(result: tuple[int, ProgressReport]) -> None:
            finished()
            self._reports[key] = result
            if self._wanted_report == key:
                self.report_ready.emit(result[1])

        def failed(error: BaseException) -> None:
            finished()  # asking again reads again
            self._failed(error)

        self._tasks.run_read(read, done, failed)

    def load_criterion_trend(self, since: datetime | None, criterion: str, then: Callable[[TrendLine], None]) -> None:
        """One criterion's line for the Progress chart (made when the user picks it: a few ms)."""
        self._tasks.run_read(lambda: criterion_trend(self._reader(), since, criterion), then, self._failed)

    def load_detail(self, answer_id: int) -> None:
        def read() -> AnswerDetail:
            answer = self._repo.answer(answer_id)
            if answer.recording_path:
                try:
                    resolve_stored(self._root, answer.recording_path)
                except UnsafePathError:  # never played: it leads out of the data folder
                    answer = replace(answer, recording_path=None)
            return AnswerDetail(
                answer,
                self._repo.current_scores(answer_id),
                self._repo.score_history(answer_id),
                self._repo.notes(answer_id),
                self._repo.follow_ups(answer_id),
                AnalysisRepository(self._repo.connection).get(answer_id),
            )

        self._tasks.run_serial(read, self.detail_ready.emit, self._failed)

    def load_transcripts(self, answer_ids: list[int], then: Callable[[dict[int, DeliveryFigures]], None]) -> None:
        """The delivery analyses of these answers (for the attempts shown side by side in Review)."""
        analyses = AnalysisRepository(self._repo.connection)
        self._tasks.run_serial(lambda: analyses.for_answers(answer_ids), then, self._failed)

    # Changes

    def rescore(self, answer_id: int, values: dict[str, int], scorer: Scorer = SELF) -> None:
        """A new round of scores; the earlier rounds stay in the answer's history."""
        if not values:
            return
        self._change(lambda: self._repo.add_scores(answer_id, scorer, values), then_detail=answer_id)

    def save_note(self, answer_id: int, body: str, author: Scorer = SELF) -> None:
        self._change(lambda: self._repo.set_note(answer_id, author, body.strip()), then_detail=None)

    def delete_session(self, session_id: int, description: str) -> None:
        if session_id == self._active_session():
            self.message.emit("This session is still in progress: end it on the Practice screen first.")
            return
        self._delete(lambda: self._trash.delete_session(session_id), description)

    def delete_answer(self, answer_id: int, session_id: int, description: str) -> None:
        if session_id == self._active_session():
            self.message.emit("This answer belongs to the session in progress: end it first.")
            return
        self._delete(lambda: self._trash.delete_answer(answer_id), description)

    def _delete(self, work: Callable[[], DeletedRows], description: str) -> None:
        def done(rows: DeletedRows) -> None:
            self._undo.append(_Undo(description, rows))
            self.undo_changed.emit(True)
            self.deleted.emit(description)
            self._after_change()

        self._tasks.run_serial(work, done, self._failed)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo_description(self) -> str:
        return self._undo[-1].description if self._undo else ""

    def undo(self) -> None:
        if not self._undo:
            return
        entry = self._undo.pop()
        self.undo_changed.emit(bool(self._undo))

        def restored(_: Any) -> None:
            self.message.emit(f"Restored: {entry.description}.")
            self._after_change()

        def failed(error: BaseException) -> None:
            self._undo.append(entry)
            self.undo_changed.emit(True)
            self._failed(error)

        self._tasks.run_serial(lambda: self._trash.restore(entry.rows), restored, failed)

    # Recordings

    def keeps_recordings(self) -> bool:
        return keeps_recordings(self._db)

    def set_keeps_recordings(self, keep: bool) -> None:
        self._tasks.run_serial(lambda: set_keeps_recordings(self._db, keep))

    def delete_all_recordings(self, on_done: Callable[[RecordingsRemoved], None]) -> None:
        if self._active_session() is not None:
            self.message.emit("A practice session is in progress: end it before deleting recordings.")
            return

        def done(removed: RecordingsRemoved) -> None:
            on_done(removed)
            self._after_change()

        self._tasks.run_serial(lambda: delete_recordings(self._db, self._root), done, self._failed)

    def recording_usage(self, on_done: Callable[[tuple[int, int]], None]) -> None:
        """Counts recordings on disk: (files, bytes)."""

        def count() -> tuple[int, int]:
            files = [p for p in (self._root / "recordings").rglob("*") if p.is_file()]
            return len(files), sum(p.stat().st_size for p in files)

        self._tasks.run(count, on_done, self._failed)

    def shutdown(self) -> None:
        """The app is closing: deletions become final."""
        self._undo.clear()
        self._trash.empty()

    def empty_stale_trash(self) -> None:
        """After a crash the trash still holds what was deleted; nothing can undo it any more."""
        self._tasks.run_serial(self._trash.empty, background=True)

    # Helpers

    def _change(self, work: Callable[[], Any], *, then_detail: int | None) -> None:
        def done(_: Any) -> None:
            self._after_change()
            if then_detail is not None:
                self.load_detail(then_detail)

        self._tasks.run_serial(work, done, self._failed)

    def _after_change(self) -> None:
        self._hub.notify(Change.SESSIONS | Change.SCORES)

    def _heard(self, what: Change) -> None:
        if what & HISTORY:
            self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        log.error("history task failed", exc_info=error)
        self.message.emit(f"Something went wrong: {error}")
