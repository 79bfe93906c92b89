"""The task runner: work off the GUI thread, results back on it, in order where asked."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from interview_coach.controllers.tasks import TaskRunner


def test_results_and_errors_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui = threading.current_thread()
    seen: list[tuple[str, object, bool]] = []
    runner.run(
        lambda: threading.current_thread() is gui, lambda r: seen.append(("done", r, threading.current_thread() is gui))
    )
    runner.run(
        lambda: 1 / 0, None, lambda e: seen.append(("error", type(e).__name__, threading.current_thread() is gui))
    )
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert sorted(seen) == [("done", False, True), ("error", "ZeroDivisionError", True)]
    runner.shutdown()


def test_serial_work_runs_one_at_a_time_in_order(qtbot: QtBot) -> None:
    runner = TaskRunner()
    order: list[int] = []
    running = []

    def step(n: int) -> int:
        running.append(n)
        assert len(running) == 1
        time.sleep(0.01)
        order.append(n)
        running.remove(n)
        return n

    delivered: list[int] = []
    for n in range(10):
        runner.run_serial(lambda n=n: step(n), delivered.append)
    qtbot.waitUntil(lambda: len(delivered) == 10, timeout=5000)
    assert order == delivered == list(range(10))
    runner.shutdown()


def test_after_shutdown_nothing_runs_and_nothing_is_delivered(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    release = threading.Event()
    delivered: list[object] = []
    runner.run(lambda: (started.set(), release.wait(5)), delivered.append)
    started.wait(5)
    release.set()
    runner.shutdown()
    ran: list[int] = []
    runner.run(lambda: ran.append(1), delivered.append)
    qtbot.wait(100)
    assert ran == [] and delivered == []
