"""Runs work off the GUI thread and delivers the result back on it.

Three lanes: `run` for independent work (any number at once); `run_serial` for work that must happen
one at a time in order, such as database writes; and `run_read` for the reads a screen waits on
(History's list, the Progress report), which start as soon as every serial job asked for before them
has finished, except the ones marked `background` (caches and sweeps that change nothing a screen
shows). So a screen opened while start-up's background work runs does not queue behind it, and still
sees every write asked for before it. Long background jobs call `yield_to_reads()` between their steps:
Python runs one thread at a time, and a read (and the paint of its result) should not share it.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)

SHOWN_WITHIN_MS = 60  # after a read is delivered, background work stays aside this long for its paint
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, task_id: int, work: Callable[[], Any], *, counted: bool = False) -> None:
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._work = work
        self._counted = counted  # a serial job that reads wait for

    def run(self) -> None:
        try:
            result, error = self._work(), None
        except BaseException as exc:  # the error is handed to the GUI thread, never lost
            result, error = None, exc
        try:
            self._runner.finished.emit(self._task_id, result, error)
        finally:
            # Counted once its result is on its way: a read waiting for it is delivered after it.
            if self._counted:
                self._runner._serial_finished()


class _Barrier:
    """Counts the serial jobs reads wait for: asked (GUI thread) and finished (the serial thread)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self.asked = 0
        self._finished = 0
        self._open = True

    def finished_one(self) -> None:
        with self._condition:
            self._finished += 1
            self._condition.notify_all()

    def wait_for(self, asked: int) -> bool:
        """Blocks until `asked` serial jobs have finished; False if the runner closed meanwhile."""
        with self._condition:
            self._condition.wait_for(lambda: self._finished >= asked or not self._open)
            return self._open

    def close(self) -> None:
        with self._condition:
            self._open = False
            self._condition.notify_all()


class _Reading:
    """Counts the reads a screen is waiting on, from the moment one starts (past its wait for writes)
    until SHOWN_WITHIN_MS after its result is delivered, so background work can step aside."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._running = 0
        self._open = True

    def started(self) -> None:
        with self._condition:
            self._running += 1

    def ended(self) -> None:
        with self._condition:
            self._running = max(0, self._running - 1)
            self._condition.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self._condition:
            return self._condition.wait_for(lambda: self._running == 0 or not self._open, timeout)

    def close(self) -> None:
        with self._condition:
            self._open = False
            self._condition.notify_all()


class TaskRunner(QObject):
    # Emitted from a worker thread; the runner lives on the GUI thread, so delivery is queued there.
    finished = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(1)
        self._barrier = _Barrier()
        self._reading = _Reading()
        self._read_starts: dict[int, list[bool]] = {}  # reads on their way: whether each has started
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._closed = False
        self.finished.connect(self._deliver)

    def run(self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        return self._start(self._pool, work, on_done, on_error)

    def run_serial(
        self,
        work: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        background: bool = False,
    ) -> int:
        """`background`: the work changes nothing a screen shows (a cache, a sweep), so reads asked for
        after it need not wait for it."""
        if background or self._closed:
            return self._start(self._serial, work, on_done, on_error)
        self._barrier.asked += 1
        return self._start(self._serial, work, on_done, on_error, counted=True)

    def run_read(self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        """A read a screen waits on, one at a time in order: it starts once the serial jobs asked for
        before it have finished (background ones aside), so it sees their writes."""
        asked, barrier, reading = self._barrier.asked, self._barrier, self._reading
        started: list[bool] = []

        def after_writes() -> Any:
            if not barrier.wait_for(asked):
                return None  # closing: nobody is left to deliver to
            reading.started()
            started.append(True)
            return work()

        task_id = self._start(self._reads, after_writes, on_done, on_error)
        if not self._closed:
            self._read_starts[task_id] = started  # delivered on this thread, so not before this line
        return task_id

    def yield_to_reads(self, timeout: float = 0.5) -> None:
        """For background work to call between its steps (from its worker thread): waits while a read a
        screen waits on runs or its result is being shown, up to `timeout` seconds. Python runs one thread
        at a time: a background job that keeps computing makes the read, and the painting of what it
        read, wait their turn."""
        self._reading.wait_idle(timeout)

    def pending(self) -> int:
        return len(self._callbacks)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Waits for running work; queued work that has not started is dropped, and so is anything
        asked for afterwards, and every result still on its way: their receivers are being closed."""
        self._closed = True
        self._reading.close()  # background work stepping aside for a read goes on, and can finish
        self._callbacks.clear()
        self._read_starts.clear()
        self._pool.clear()
        self._reads.clear()
        done = self._pool.waitForDone(timeout_ms)
        serial = self._serial.waitForDone(timeout_ms)
        self._barrier.close()  # a read still waiting gives up
        return self._reads.waitForDone(timeout_ms) and serial and done

    def _start(
        self,
        pool: QThreadPool,
        work: Callable[[], Any],
        on_done: Done | None,
        on_error: Failed | None,
        *,
        counted: bool = False,
    ) -> int:
        task_id = next(self._ids)
        if self._closed:
            return task_id
        self._callbacks[task_id] = (on_done, on_error)
        pool.start(_Job(self, task_id, work, counted=counted))
        return task_id

    def _serial_finished(self) -> None:
        self._barrier.finished_one()

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: Any, error: BaseException | None) -> None:
        on_done, on_error = self._callbacks.pop(task_id, (None, None))
        started = self._read_starts.pop(task_id, None)
        try:
            if error is None:
                if on_done is not None:
                    on_done(result)
            elif on_error is not None:
                on_error(error)
            else:
                log.error("background task failed", exc_info=error)
        finally:
            if started:
                self._end_when_shown()

    def _end_when_shown(self) -> None:
        """Counts a delivered read as ended SHOWN_WITHIN_MS later: the layout and the paint its result
        asked for come first. (Qt has no "painted" signal to wait for, and an event loop about to wait
        is no sign either: a loop looks for events between a view's layout and its paint.)"""
        QTimer.singleShot(SHOWN_WITHIN_MS, self, self._reading.ended)
