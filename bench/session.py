"""A 12-question practice session, driven as fast as a user could (each score and Next a click of its
own, 80 ms apart): the GUI thread's longest stall and memory from question 1 to 12. Baseline: the same
stall probe on the idle app for the same time.

Targets: no event-loop stall over 50 ms; memory flat (growth per question near zero).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.audio import _rss_mb  # noqa: E402
from bench.harness import pump, save  # noqa: E402
from tests.support.virtual_audio import VirtualAudio  # noqa: E402

QUESTIONS = 12
STALL_TARGET_MS = 50
PROBE_MS = 5
CLICK_GAP_S = 0.08  # the fastest a user clicks one score after another


class StallProbe:
    """A 5 ms timer on the GUI thread: the longest gap between its ticks is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.worst = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.worst * 1000

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self._last - PROBE_MS / 1000)
        self._last = now


def _pump(app, condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    if not pump(condition, timeout):
        raise RuntimeError("the session did not move on")


def _between_clicks() -> None:
    """Each score and Next is a click of its own: the event loop runs between them, as it does between
    a user's clicks (CLICK_GAP_S apart at the fastest), not all of them in one turn of the loop."""
    until = time.monotonic() + CLICK_GAP_S
    pump(lambda: time.monotonic() > until)


def run() -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    audio = VirtualAudio.start()
    audio.export()
    from interview_coach.app import build_context, create_application
    from interview_coach.domain.practice_setup import PracticeSetup

    app = create_application()
    context = build_context(Path(tempfile.mkdtemp(prefix="ic-bench-session-")))
    speech = None
    try:
        context.start()
        _pump(app, lambda: context.library.library is not None)
        if os.environ.get("BENCH_NO_UI") != "1":
            context.window.show_page("practice")  # the real screens, updating as a user would see them
        from tests.support.speech import make_speech

        speech = make_speech(Path(tempfile.mkdtemp()) / "answer.wav")
        controller = context.practice_controller
        read_aloud = os.environ.get("BENCH_READ_ALOUD", "1") == "1"  # 0: isolate the rest from speech
        setup = PracticeSetup(question_count=QUESTIONS, think_seconds=0, answer_seconds=60, read_aloud=read_aloud)

        probe = StallProbe()
        probe.start()
        idle_until = time.monotonic() + 5
        _pump(app, lambda: time.monotonic() > idle_until)
        idle_worst = probe.stop()

        probe = StallProbe()
        probe.start()
        started = time.monotonic()
        rss = []
        controller.start(setup)
        for number in range(1, QUESTIONS + 1):
            _pump(app, lambda: controller.phase == "answering")
            feeder = audio.play_into_microphone(speech)
            answer_until = time.monotonic() + 1.5
            _pump(app, lambda until=answer_until: time.monotonic() > until)
            controller.stop_answer()
            feeder.terminate()
            _pump(app, lambda: controller.phase == "scoring")
            assert controller.current is not None
            for criterion in controller.current.criteria:
                controller.set_score(criterion.id, 3)
                _between_clicks()
            rss.append(_rss_mb())
            if os.environ.get("BENCH_DEBUG"):
                from PySide6.QtWidgets import QApplication

                print("widgets", len(QApplication.allWidgets()), "rss", rss[-1])
            _between_clicks()
            controller.next_question()
            if number < QUESTIONS:
                _pump(app, lambda n=number: controller.current is not None and controller.current.position == n + 1)
        _pump(app, lambda: controller.phase == "summary")
        session_worst = probe.stop()
        elapsed = time.monotonic() - started
    finally:
        context.window.close()
        context.close()
        audio.stop()
        if speech is not None:
            speech.unlink()
    growth = rss[-1] - rss[0]
    results = {
        "questions": QUESTIONS,
        "seconds": elapsed,
        "worst_stall_ms": session_worst,
        "idle_worst_stall_ms": idle_worst,
        "rss_mb": [round(x, 1) for x in rss],
        "rss_growth_mb": growth,
    }
    save("session", results)
    verdict = "ok" if session_worst < STALL_TARGET_MS else "OVER TARGET"
    print(
        f"12-question session ({elapsed:.0f} s): longest GUI stall {session_worst:.1f} ms "
        f"(idle app, same probe: {idle_worst:.1f} ms; target < {STALL_TARGET_MS} ms) {verdict}; "
        f"memory {rss[0]:.0f} MB after question 1, {rss[-1]:.0f} MB after question 12 ({growth:+.1f} MB)"
    )
    return results


if __name__ == "__main__":
    run()
