"""Runs the real app in a child process and answers questions until told to stop (for crash tests).

Usage: python -m tests.support.practice_driver DATA_DIR ANSWERED
Answers ANSWERED questions of a three-question session (two seconds each, scored 3), then starts
recording the next one, prints "recording" and waits to be killed.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QCoreApplication

    from interview_coach.app import build_context, create_application
    from interview_coach.domain.practice_setup import PracticeSetup

    data_dir, answered = Path(sys.argv[1]), int(sys.argv[2])
    app = create_application()
    context = build_context(data_dir)
    context.start()

    def wait(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out in phase {controller.phase}")
            QCoreApplication.processEvents()
            time.sleep(0.01)

    wait(lambda: context.library.library is not None)
    controller = context.practice_controller
    setup = PracticeSetup(categories=("closing",), question_count=3, order="in_order", think_seconds=0,
                          answer_seconds=60, read_aloud=False)  # fmt: skip
    controller.start(setup)
    for _ in range(answered):
        wait(lambda: controller.phase == "answering")
        pause_until = time.monotonic() + 2
        wait(lambda until=pause_until: time.monotonic() > until)
        controller.stop_answer()
        wait(lambda: controller.phase == "scoring")
        for criterion in controller.current.criteria:
            controller.set_score(criterion.id, 3)
        controller.next_question()
    wait(lambda: controller.phase == "answering")
    started = time.monotonic()
    while time.monotonic() - started < 2.5:  # let a little of the answer reach the disk
        QCoreApplication.processEvents()
        time.sleep(0.01)
    print("recording", flush=True)
    while True:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    app.quit()


if __name__ == "__main__":
    main()
