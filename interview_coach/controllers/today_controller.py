"""Today's practice: computes the queue and the home facts on the database lane, reloads after writes.

The schedule cache is written while reading (a stale card is rebuilt and stored), so the work runs on
the serial lane with the other database writes, and sees every write queued before it. It is marked
background: the cache is all it writes, so History and Progress need not wait for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.changes import Change, Changes
from interview_coach.controllers.tasks import TaskRunner

if TYPE_CHECKING:
    from interview_coach.domain.library import Library
    from interview_coach.domain.today import TodayData

WATCHED = Change.SESSIONS | Change.SCORES | Change.JOURNAL | Change.LIBRARY


class TodayController(QObject):
    loaded = Signal(object)  # domain.today.TodayData
    failed = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        database: sqlite3.Connection,
        library: Callable[[], Library | None],
        changes: Changes | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._db = database
        self._library = library
        self._clock = clock
        self._loading = False
        self._again = False
        self.data: TodayData | None = None
        if changes is not None:
            changes.changed.connect(self._changed)

    def load(self) -> None:
        """Computes Today once the banks are loaded; a request during a load runs once it ends."""
        library = self._library()
        if library is None:
            return  # the banks' loaded signal brings us back (a LIBRARY change)
        if self._loading:
            self._again = True
            return
        self._loading = True
        now = self._clock()
        work = partial(_compute, self._db, library, now, self._tasks.yield_to_reads)
        self._tasks.run_serial(work, self._done, self._error, background=True)

    def comes_back(self, session_id: int, deliver: Callable[[list[tuple[str, str]]], None]) -> None:
        """For the session summary: each question answered and when it comes back."""
        day = self._clock().astimezone().date()

        def work() -> list[tuple[str, str]]:
            from interview_coach.storage.due_questions import session_comes_back

            return session_comes_back(self._db, session_id, day)

        self._tasks.run_serial(work, deliver, self._error)

    def _changed(self, what: Change) -> None:
        if what & WATCHED:
            self.load()

    def _done(self, data: TodayData) -> None:
        self._loading = False
        self.data = data
        self.loaded.emit(data)
        if self._again:
            self._again = False
            self.load()

    def _error(self, error: BaseException) -> None:
        self._loading = False
        self.failed.emit(f"Today's practice could not be worked out: {error}")


def _compute(
    database: sqlite3.Connection, library: Library, now: datetime, between_steps: Callable[[], None]
) -> TodayData:
    # Imported on the worker: the scheduler and its queries stay off the start-up path.
    from interview_coach.storage.due_questions import load_today

    return load_today(database, library, now, between_steps=between_steps)
