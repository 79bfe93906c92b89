"""Opening History and Progress with 10,000 answers: from the click to the screen painted with its data.

Baseline: the same measurement on an empty data folder in the same run (page built, query run,
nothing to show). Each run builds a fresh app context; the first run also pays for importing the
screen's modules, as a user's first click does, and is reported apart.

Target: under 200 ms for each screen with 10,000 answers.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import pump, save, summary  # noqa: E402

ANSWERS = int(os.environ.get("BENCH_HISTORY_ANSWERS", "10000"))
SESSIONS = ANSWERS // 9
RUNS = 7
TARGET_MS = 200


def _fill(folder: Path, answers: int) -> None:
    from bench.demo_data import generate
    from interview_coach.storage.database import open_database
    from interview_coach.storage.locations import DataLayout

    layout = DataLayout(folder)
    layout.ensure()
    connection = open_database(layout.database)
    if answers:
        generate(connection, sessions=max(1, answers // 9), answers=answers, months=24, seed=7)
    connection.close()


def _open(folder: Path, page_key: str, *, prefetched: bool) -> float:
    """Milliseconds from asking for the page to its data being painted.

    `prefetched`: the user clicks after the app has read the history ahead (1.5 s after start-up);
    otherwise the click comes at once and the figure includes reading the database.
    """
    from interview_coach.app import build_context

    context = build_context(folder)
    context.window.resize(1280, 800)
    context.start()
    pump(lambda: context.library.library is not None)
    if prefetched:
        pump(lambda: context.history.history is not None)
    else:
        context._prefetch_history = lambda: None  # type: ignore[method-assign]
    window = context.window
    started = time.perf_counter()
    window.show_page(page_key)
    page = window.page(page_key)
    if page_key == "history":
        history_page = page

        def ready() -> bool:
            history = context.history.history
            return history is not None and history_page.list.model.rowCount() == len(history.sessions)  # type: ignore[attr-defined]
    else:

        def ready() -> bool:
            return page.report is not None  # type: ignore[attr-defined]

    if not pump(ready, 30):
        raise RuntimeError(f"{page_key} did not show its data")
    window.repaint()  # paint now, synchronously: the figure includes drawing the rows or charts
    elapsed = (time.perf_counter() - started) * 1000
    window.close()
    context.close()
    return elapsed


def run() -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from interview_coach.app import create_application

    create_application()
    full, empty = Path(tempfile.mkdtemp(prefix="ic-bench-history-")), Path(tempfile.mkdtemp(prefix="ic-bench-empty-"))
    began = time.perf_counter()
    _fill(full, ANSWERS)
    _fill(empty, 0)
    print(f"history: generated {ANSWERS} answers in {SESSIONS} sessions in {time.perf_counter() - began:.1f} s")
    results: dict[str, object] = {"answers": ANSWERS, "target_ms": TARGET_MS}
    for key in ("history", "progress"):
        first = _open(full, key, prefetched=True)
        loaded = [_open(full, key, prefetched=True) for _ in range(RUNS)]
        cold = [_open(full, key, prefetched=False) for _ in range(RUNS)]
        baseline = [_open(empty, key, prefetched=True) for _ in range(RUNS)]
        ratio = summary(loaded)["median"] / summary(baseline)["median"]
        results[key] = {
            "first_open_ms": first,
            "with_data_ms": summary(loaded),
            "database_read_included_ms": summary(cold),
            "empty_baseline_ms": summary(baseline),
            "ratio_to_empty": ratio,
        }
        median = summary(loaded)["median"]
        verdict = "ok" if median < TARGET_MS and first < TARGET_MS else "OVER TARGET"
        print(
            f"{key}: {ANSWERS} answers median {median:.0f} ms (min {summary(loaded)['min']:.0f}, "
            f"max {summary(loaded)['max']:.0f}; first open in the process {first:.0f} ms); empty folder "
            f"{summary(baseline)['median']:.0f} ms; ratio {ratio:.2f}x; target < {TARGET_MS} ms: {verdict}. "
            f"Clicked before the read-ahead: median {summary(cold)['median']:.0f} ms"
        )
    print(f"  saved {save('history', results)}")
    return results


if __name__ == "__main__":
    run()
