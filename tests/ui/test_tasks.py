"""The task runner: work off the GUI thread, results back on it, in order where asked."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from interview_coach.controllers.tasks import SHOWN_WITHIN_MS, TaskRunner


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


def test_a_read_sees_every_write_asked_for_before_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    written: list[int] = []

    def write(n: int) -> None:
        time.sleep(0.05)
        written.append(n)

    seen: list[list[int]] = []
    runner.run_serial(lambda: write(1))
    runner.run_serial(lambda: write(2))
    runner.run_read(lambda: list(written), seen.append)
    runner.run_serial(lambda: write(3))
    qtbot.waitUntil(lambda: len(seen) == 1 and len(written) == 3, timeout=5000)
    assert seen[0][:2] == [1, 2]


def test_a_read_is_delivered_after_the_writes_it_waited_for(qtbot: QtBot) -> None:
    runner = TaskRunner()
    done: list[str] = []
    for n in range(20):
        runner.run_serial(lambda n=n: f"write {n}", done.append)
        runner.run_read(lambda n=n: f"read {n}", done.append)
    qtbot.waitUntil(lambda: len(done) == 40, timeout=5000)
    for n in range(20):
        assert done.index(f"write {n}") < done.index(f"read {n}")
    runner.shutdown()
    runner.shutdown()


def test_a_read_does_not_wait_for_background_work(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    done: list[str] = []
    runner.run_serial(lambda: "write", done.append)
    runner.run_serial(lambda: release.wait(10) and "background", done.append, background=True)
    runner.run_read(lambda: "read", done.append)
    qtbot.waitUntil(lambda: "read" in done, timeout=5000)
    assert done == ["write", "read"]  # the background job is still running
    release.set()
    qtbot.waitUntil(lambda: len(done) == 3, timeout=5000)
    runner.shutdown()


def test_background_work_steps_aside_while_a_read_runs(qtbot: QtBot) -> None:
    runner = TaskRunner()
    reading, release = threading.Event(), threading.Event()
    order: list[str] = []

    def read() -> str:
        reading.set()
        release.wait(10)
        order.append("read")
        return "read"

    def background() -> str:
        reading.wait(10)
        runner.yield_to_reads(timeout=10)  # a step boundary: the read is running, so wait for it
        order.append("background step")
        return "background"

    runner.run_serial(background, background=True)
    runner.run_read(read, lambda _: order.append("shown"))
    reading.wait(5)
    time.sleep(0.1)  # ample time for the background step, were it not waiting
    assert order == []
    release.set()
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    # The read's result is shown (and painted, a moment later) before the background work goes on.
    assert order == ["read", "shown", "background step"]
    runner.shutdown()


def test_stepping_aside_for_reads_is_bounded(qtbot: QtBot) -> None:
    """A read that never ends (a hung disk) holds background work up for the timeout only."""
    runner = TaskRunner()
    reading, release = threading.Event(), threading.Event()
    runner.run_read(lambda: (reading.set(), release.wait(10)))
    reading.wait(5)
    started = time.monotonic()
    runner.yield_to_reads(timeout=0.2)
    assert time.monotonic() - started < 5  # returned although the read still runs
    release.set()
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5000)
    qtbot.wait(SHOWN_WITHIN_MS + 100)  # the time its paint is given
    started = time.monotonic()
    runner.yield_to_reads(timeout=5)  # nothing reading now: no wait at all
    assert time.monotonic() - started < 1
    runner.shutdown()


def test_shutdown_releases_background_work_stepping_aside(qtbot: QtBot) -> None:
    runner = TaskRunner()
    reading, release = threading.Event(), threading.Event()
    runner.run_read(lambda: (reading.set(), release.wait(10)))
    reading.wait(5)
    threading.Timer(0.1, release.set).start()
    assert runner.shutdown(5000)
    started = time.monotonic()
    runner.yield_to_reads(timeout=5)  # closed: background work finishes without waiting
    assert time.monotonic() - started < 1


def test_shutdown_lets_a_waiting_read_go_without_delivering_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []
    delivered: list[object] = []
    runner.run_serial(lambda: (started.set(), release.wait(10)))
    runner.run_read(lambda: ran.append("read"), delivered.append)
    started.wait(5)
    threading.Timer(0.1, release.set).start()
    assert runner.shutdown(5000)  # waits for the write; the read then runs or gives up, never hangs
    qtbot.wait(50)
    assert delivered == []
