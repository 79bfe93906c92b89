"""History and Progress as the practice grows: from the click to the screen painted with its data.

    python -m bench.history [--answers 1000 10000 20000] [--runs 5]

For each size, and for an empty data folder measured in the same run (the baseline: page built, query
run, nothing to show), a fresh app context per run:
- cold: the first click right after start-up (nothing read yet: no read-ahead, no cache);
- warm: a second click after visiting another screen (what the app keeps in memory, checked again
  against the database in the background).
The first click in the process also pays for importing the screen's modules and is reported apart.
Also: a search in History (from the query to the filtered rows painted), and exporting every session
to CSV and JSON (time, and peak memory of the Python heap with tracemalloc: it should stay flat).

Targets at 20,000 answers: History and Progress each under 100 ms, cold and warm; at most 2x the
empty folder; from 10,000 to 20,000 answers adds under 20%; search under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import dispose, pump, save, summary  # noqa: E402

SIZES = (1_000, 10_000, 20_000)
RUNS = 5
TARGET_MS = 100
MAX_RATIO = 2.0
MAX_GROWTH = 0.20
SCREENS = ("history", "progress")


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


def _shown(context: Any, key: str) -> Callable[[], bool]:
    page = context.window.page(key)
    if key == "history":
        return lambda: page.list.page is not None and (page.list.model.rowCount() > 0 or page.list.page.total == 0)
    return lambda: page.report is not None


def _wait(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    """Runs a real event loop until `condition()` holds, checking it every millisecond.

    Unlike `pump` (processEvents in a busy loop), the loop sleeps in Qt between events as the app's
    own does, so the background task that reads the database is not starved of the interpreter lock.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return True
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(1)
    check.timeout.connect(lambda: condition() and loop.quit())
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    check.start()
    give_up.start(int(timeout * 1000))
    loop.exec()
    check.stop()
    give_up.stop()
    return condition()


def _click(context: Any, key: str) -> float:
    """Milliseconds from asking for the screen to its data painted."""
    window = context.window
    started = time.perf_counter()
    window.show_page(key)
    if not _wait(_shown(context, key)):
        raise RuntimeError(f"{key} did not show its data")
    _paint_pending(window)
    return (time.perf_counter() - started) * 1000


def _paint_pending(window: Any) -> None:
    """Paints now what the data made out of date, unless the loop has painted it already: the posted
    events first (a chart's scene asks for its repaint with one), then the window's pending update.
    (A forced `repaint()` would paint the whole window a second time after the loop had painted it.)"""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents()
    QCoreApplication.sendPostedEvents(window, QEvent.Type.UpdateRequest)


def started_context(folder: Path) -> Any:
    """A fresh app context on `folder`: its window at a laptop's size, started, its banks in."""
    from interview_coach.app import build_context

    context = build_context(folder)
    context.window.resize(1280, 800)
    context.start()
    pump(lambda: context.library.library is not None)
    return context


def _open_twice(folder: Path, key: str) -> tuple[float, float]:
    """(cold, warm) for one fresh app context."""
    context = started_context(folder)
    # The click comes as soon as the banks are in: start-up's own database work (the recordings
    # sweep) may still be on the serial lane, as it would be for a user.
    cold = _click(context, key)
    context.window.show_page(context.window.page_keys()[0])  # the home screen: Today, or the welcome
    pump(lambda: context.tasks.pending() == 0, 30)  # the background re-check of the cold click is done
    _wait(lambda: False, timeout=0.2)  # a moment on the home screen: it is laid out and painted
    warm = _click(context, key)
    dispose(context)
    return cold, warm


def _search(folder: Path, word: str) -> float:
    """From the search's query (after the typing pause) to the filtered rows painted, History open."""
    context = started_context(folder)
    _click(context, "history")
    pump(lambda: context.tasks.pending() == 0, 30)
    page = context.window.page("history")
    page.list.search.blockSignals(True)  # no typing pause: the query starts now
    page.list.search.setText(word)
    page.list.search.blockSignals(False)
    started = time.perf_counter()
    page.list.query_changed.emit()
    _wait(lambda: page.list.page.wanted.text == word)
    _paint_pending(context.window)
    elapsed = (time.perf_counter() - started) * 1000
    dispose(context)
    return elapsed


def _export(folder: Path, kind: str) -> dict[str, float]:
    """Time (a plain run), then the Python heap's peak (a second run under tracemalloc, which slows
    allocation-heavy code several times over)."""
    from interview_coach.storage.database import open_database
    from interview_coach.storage.export import export_to_file
    from interview_coach.storage.locations import DataLayout

    connection = open_database(DataLayout(folder).database)
    target = Path(tempfile.mkdtemp(prefix="ic-bench-export-")) / f"export.{kind}"
    started = time.perf_counter()
    export_to_file(connection, target, kind)  # type: ignore[arg-type]
    seconds = time.perf_counter() - started
    tracemalloc.start()
    export_to_file(connection, target, kind)  # type: ignore[arg-type]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    connection.close()
    size = target.stat().st_size
    target.unlink()
    return {"seconds": seconds, "peak_mib": peak / 2**20, "file_mib": size / 2**20}


def run(sizes: tuple[int, ...] = SIZES, runs: int = RUNS) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from interview_coach.app import create_application

    create_application()
    folders = {0: Path(tempfile.mkdtemp(prefix="ic-bench-empty-"))}
    _fill(folders[0], 0)
    for answers in sizes:
        folders[answers] = Path(tempfile.mkdtemp(prefix=f"ic-bench-history-{answers}-"))
        began = time.perf_counter()
        _fill(folders[answers], answers)
        print(f"history: generated {answers} answers in {time.perf_counter() - began:.1f} s", flush=True)
    first = {key: _open_twice(folders[max(sizes)], key)[0] for key in SCREENS}  # imports included
    results: dict[str, Any] = {"sizes": list(sizes), "runs": runs, "first_open_ms": first, "screens": {}}
    for key in SCREENS:
        figures: dict[int, dict[str, Any]] = {}
        for answers in (0, *sizes):
            samples = [_open_twice(folders[answers], key) for _ in range(runs)]
            figures[answers] = {
                "cold_ms": summary([c for c, _ in samples]),
                "warm_ms": summary([w for _, w in samples]),
            }
        results["screens"][key] = {str(n): f for n, f in figures.items()}
    results["search_ms"] = {str(n): summary([_search(folders[n], "tell") for _ in range(runs)]) for n in sizes}
    results["export"] = {str(n): {kind: _export(folders[n], kind) for kind in ("csv", "json")} for n in sizes}
    _print(results, sizes)
    print(f"  saved {save('history', results)}")
    return results


def _print(results: dict[str, Any], sizes: tuple[int, ...]) -> None:
    print(f"first click in the process (imports included): {results['first_open_ms']}")
    header = "screen    | answers | cold ms | warm ms | cold / empty | warm / empty"
    print(header)
    print("-" * len(header))
    verdicts = []
    for key in SCREENS:
        figures = results["screens"][key]
        empty = figures["0"]
        for answers in (0, *sizes):
            f = figures[str(answers)]
            cold, warm = f["cold_ms"]["median"], f["warm_ms"]["median"]
            ratios = (cold / empty["cold_ms"]["median"], warm / empty["warm_ms"]["median"])
            label = "empty" if not answers else f"{answers:,}"
            print(f"{key:9} | {label:>7} | {cold:7.1f} | {warm:7.1f} | {ratios[0]:11.2f}x | {ratios[1]:11.2f}x")
        if 10_000 in sizes and 20_000 in sizes:
            for mode in ("cold_ms", "warm_ms"):
                at = {n: figures[str(n)][mode]["median"] for n in (10_000, 20_000)}
                growth = at[20_000] / at[10_000] - 1
                ratio = at[20_000] / empty[mode]["median"]
                ok = at[20_000] < TARGET_MS and ratio <= MAX_RATIO and growth < MAX_GROWTH
                verdicts.append(
                    f"{key} {mode[:4]}: {at[20_000]:.0f} ms at 20,000, {ratio:.2f}x empty, "
                    f"{growth:+.0%} from 10,000: {'ok' if ok else 'OVER TARGET'}"
                )
    for line in verdicts:
        print("  " + line)
    for answers in sizes:
        search = results["search_ms"][str(answers)]["median"]
        exports = results["export"][str(answers)]
        print(
            f"  {answers:,} answers: search {search:.0f} ms; export CSV {exports['csv']['seconds']:.2f} s "
            f"(peak {exports['csv']['peak_mib']:.1f} MiB), JSON {exports['json']['seconds']:.2f} s "
            f"(peak {exports['json']['peak_mib']:.1f} MiB)"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--answers", type=int, nargs="+", default=list(SIZES), help="sizes to measure")
    parser.add_argument("--runs", type=int, default=RUNS, help="fresh app contexts per size and screen")
    args = parser.parse_args(argv)
    run(tuple(sorted(args.answers)), args.runs)


if __name__ == "__main__":
    main()
