"""Shared pieces: a virtual X display, summary statistics, and where results are written."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@contextmanager
def virtual_display() -> Iterator[str | None]:
    """An Xvfb display for measuring a real X11 window; None when Xvfb is not installed."""
    if not shutil.which("Xvfb"):
        yield None
        return
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median": statistics.median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "runs": len(ordered),
    }


def save(name: str, payload: dict[str, object]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return path


def pump(condition, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    """Runs the Qt event loop until `condition()` holds; False on timeout.

    processEvents plus a 1 ms sleep rather than a nested QEventLoop per turn: a fresh loop and
    single-shot timer each millisecond leaks memory in PySide6 and would pollute memory figures.
    """
    from PySide6.QtCore import QCoreApplication, QEvent

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents()
        # The main loop deletes deleteLater() objects as it goes; processEvents alone does not.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        time.sleep(0.001)
    return True


def dispose(context) -> None:  # type: ignore[no-untyped-def]
    """Closes an app context and deletes its window and services now. A user's process has one
    window; a bench builds dozens, and a closed one left alive (their signals hold closures over the
    context, a cycle through C++ that Python's collector cannot see) keeps its widgets, timers and
    objects to the end, slowing every later run a little."""
    from PySide6.QtCore import QCoreApplication, QEvent, QObject

    context.window.close()
    context.close()
    for part in vars(context).values():  # the window, the runner, the controllers built so far
        if isinstance(part, QObject):
            part.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
