"""Delivery-analysis benchmarks (issue 15), absolute on this 2-core machine unless a ratio is given.

- ready after Stop: a 60 s spoken answer (espeak-ng, with fillers and pauses) from the analysis request
  to the figures, with the worker warm as it is from the second answer of a session (median of 10;
  the first, cold request, which loads the model, is reported apart). As in the app, the take is
  followed while it is recorded (its WAV grows by 3 s between steps, each step done before the next;
  the steps' total time must stay under the answer's length for following to keep up in real time:
  a slow step only delays the next), so after Stop only the rest is transcribed; the same answer
  analysed whole, as the command line does, is the baseline;
- GUI stall: the longest gap of a 5 ms GUI-thread timer while an analysis runs in the background,
  against the same probe on an idle event loop (a ratio, same run);
- recording while analysing: input overflows of a recording made on the real audio stack while the
  worker analyses answer after answer (BENCH_ANALYSIS_RECORDING_SECONDS, default 600: the target's
  10 minutes).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import pump, save  # noqa: E402
from tests.support.answers import ANSWERS, make_answer  # noqa: E402
from tests.support.virtual_audio import VirtualAudio  # noqa: E402

READY_TARGET_S = 3.0
STALL_TARGET_MS = 50.0
ANSWER_SECONDS = 60.0


def sixty_second_answer(folder: Path) -> Path:
    parts: list[str | float] = []
    while True:
        for answer in ANSWERS:
            parts += answer
        path = make_answer(folder / "answer60.wav", parts).path
        import soundfile

        if soundfile.info(str(path)).duration >= ANSWER_SECONDS:
            return path


FOLLOW_STEP_S = 3.0  # as the app's FOLLOW_MS


def _record_and_follow(analyser: Any, path: Path, folder: Path, key: str) -> float:
    """Grows a WAV as the recorder does and follows it; returns the steps' total time over the answer's length."""
    import soundfile

    data, rate = soundfile.read(str(path), dtype="int16")
    growing = folder / f"{key}.wav"
    busy = 0.0
    step = int(FOLLOW_STEP_S * rate)
    for end in range(step, len(data) + 1, step):
        with soundfile.SoundFile(growing, "w", rate, 1, "PCM_16") as out:
            out.write(data[:end])
        started = time.monotonic()
        analyser.follow(key, growing)
        busy += time.monotonic() - started
    return busy / (len(data) / rate)


def ready_after_stop(path: Path, folder: Path, runs: int = 10) -> dict[str, object]:
    from interview_coach.audio.delivery_analyser import DeliveryAnalyser

    analyser = DeliveryAnalyser()
    try:
        started = time.monotonic()
        analyser.analyse(path)
        cold = time.monotonic() - started
        followed, whole, steps = [], [], []
        for run in range(runs):
            steps.append(_record_and_follow(analyser, path, folder, f"take{run}"))
            started = time.monotonic()
            figures = analyser.analyse(path, take=f"take{run}")
            followed.append(time.monotonic() - started)
            started = time.monotonic()
            analyser.analyse(path)
            whole.append(time.monotonic() - started)
    finally:
        analyser.close()
    return {
        "cold_s": round(cold, 2),
        "followed_s": [round(x, 2) for x in followed],
        "whole_s": [round(x, 2) for x in whole],
        "median_s": statistics.median(followed),
        "whole_median_s": statistics.median(whole),
        "follow_load": max(steps),  # worst run: following time over recording time
        "words": len(figures.words),
    }


def _longest_gap(seconds: float, busy: threading.Event | None = None) -> float:
    """The longest gap between 5 ms timer ticks on the GUI thread over `seconds` (or while `busy` is set)."""
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]
    worst = [0]

    def tick() -> None:
        now = clock.elapsed()
        worst[0] = max(worst[0], now - last[0] - 5)
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    deadline = time.monotonic() + seconds
    pump(lambda: time.monotonic() > deadline and (busy is None or not busy.is_set()), seconds + 600)
    timer.stop()
    return float(worst[0])


def gui_stall(path: Path) -> dict[str, object]:
    from interview_coach.audio.delivery_analyser import DeliveryAnalyser

    idle = _longest_gap(8.0)
    analyser = DeliveryAnalyser()
    analyser.analyse(path)  # warm, as during a session
    busy = threading.Event()
    busy.set()

    def work() -> None:
        try:
            analyser.analyse(path)
        finally:
            busy.clear()

    worker = threading.Thread(target=work, name="bench-analysis")
    worker.start()
    during = _longest_gap(1.0, busy)
    worker.join()
    analyser.close()
    return {"idle_ms": idle, "during_ms": during, "ratio": during / max(idle, 1.0)}


def recording_while_analysing(path: Path, seconds: float) -> dict[str, object]:
    from interview_coach.audio.delivery_analyser import DeliveryAnalyser
    from interview_coach.audio.recorder import Recorder

    folder = Path(tempfile.mkdtemp(prefix="ic-bench-analysis-rec-"))
    stop = threading.Event()
    analysed = [0]

    def keep_analysing() -> None:
        analyser = DeliveryAnalyser()
        try:
            while not stop.is_set():
                analyser.analyse(path)
                analysed[0] += 1
        finally:
            analyser.close()

    worker = threading.Thread(target=keep_analysing, name="bench-analysis-loop")
    recorder = Recorder()
    recorder.open()
    try:
        worker.start()
        recorder.arm(folder / "take.wav")
        time.sleep(seconds)
        result = recorder.stop(folder / "take.flac")
    finally:
        stop.set()
        recorder.close()
        worker.join()
    return {"seconds": result.seconds, "overflows": result.overflows, "analyses_meanwhile": analysed[0]}


def run() -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="ic-bench-delivery-"))
    answer = sixty_second_answer(folder)
    ready = ready_after_stop(answer, folder)
    stall = gui_stall(answer)
    audio_stack = VirtualAudio.start()
    audio_stack.export()
    try:
        seconds = float(os.environ.get("BENCH_ANALYSIS_RECORDING_SECONDS", "600"))
        recording = recording_while_analysing(answer, seconds)
    finally:
        audio_stack.stop()
    del app
    results = {"ready_after_stop": ready, "gui_stall": stall, "recording_while_analysing": recording}
    save("delivery", results)
    ok = lambda good: "ok" if good else "OVER TARGET"  # noqa: E731
    median = float(ready["median_s"])  # type: ignore[arg-type]
    whole = float(ready["whole_median_s"])  # type: ignore[arg-type]
    load = float(ready["follow_load"])  # type: ignore[arg-type]
    print(
        f"delivery analysis of a 60 s answer: ready {median:.2f} s after Stop (median of 10, followed while "
        f"recorded, which took {load:.2f}x real time at worst), "
        f"against {whole:.2f} s analysed whole ({median / whole:.2f}x); "
        f"the first, loading the model: {ready['cold_s']} s (target < {READY_TARGET_S:.0f} s) "
        f"{ok(median < READY_TARGET_S and load < 1.0)}"
    )
    print(
        f"GUI while analysing: longest stall {stall['during_ms']:.0f} ms against {stall['idle_ms']:.0f} ms idle "
        f"({stall['ratio']:.1f}x) (target < {STALL_TARGET_MS:.0f} ms) "
        f"{ok(float(stall['during_ms']) < STALL_TARGET_MS)}"  # type: ignore[arg-type]
    )
    print(
        f"{recording['seconds']:.0f} s recording while analysing ({recording['analyses_meanwhile']} analyses "
        f"meanwhile): {recording['overflows']} overflows {ok(recording['overflows'] == 0)}"
    )
    return results


if __name__ == "__main__":
    run()
