"""Runs work off the GUI thread and delivers the result back on it.

Two lanes: `run` for independent work (any number at once) and `run_serial` for work that must
happen one at a time in order, such as database writes.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, task_id: int, work: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._work = work

    def run(self) -> None:
        try:
            result, error = self._work(), None
        except BaseException as exc:  # the error is handed to the GUI thread, never lost
            result, error = None, exc
        self._runner.finished.emit(self._task_id, result, error)


class TaskRunner(QObject):
    # Emitted from a worker thread; the runner lives on the GUI thread, so delivery is queued there.
    finished = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._closed = False
        self.finished.connect(self._deliver)

    def run(self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        return self._start(self._pool, work, on_done, on_error)

    def run_serial(self, work: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        return self._start(self._serial, work, on_done, on_error)

    def pending(self) -> int:
        return len(self._callbacks)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Waits for running work; queued work that has not started is dropped, and so is anything
        asked for afterwards, and every result still on its way: their receivers are being closed."""
        self._closed = True
        self._callbacks.clear()
        self._pool.clear()
        done = self._pool.waitForDone(timeout_ms)
        return self._serial.waitForDone(timeout_ms) and done

    def _start(self, pool: QThreadPool, work: Callable[[], Any], on_done: Done | None, on_error: Failed | None) -> int:
        task_id = next(self._ids)
        if self._closed:
            return task_id
        self._callbacks[task_id] = (on_done, on_error)
        pool.start(_Job(self, task_id, work))
        return task_id

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: Any, error: BaseException | None) -> None:
        on_done, on_error = self._callbacks.pop(task_id, (None, None))
        if error is None:
            if on_done is not None:
                on_done(result)
        elif on_error is not None:
            on_error(error)
        else:
            log.error("background task failed", exc_info=error)
