"""How low History and Progress could go: the same clicks as bench/history.py with parts taken away.

    python -m bench.history_floors [--answers 20000] [--runs 5]

Issue 19 asks for History and Progress at most 2x an empty data folder's time. This measures, in one
run and against that empty folder, what the clicks cost once the app's own work is removed, to show
which part of the gap is ours and which is Qt's:
- History warm (a second click, the rows already in memory): as shipped; with the same cells in Qt's
  own item model (QStandardItemModel: no Python called per cell); with the table holding no rows.
- Progress cold (the first click after start-up): as shipped; with the report made before the click
  (the read costs nothing); with that, and the charts left empty.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import dispose, pump, save, summary  # noqa: E402
from bench.history import _click, _fill, _wait, started_context  # noqa: E402

RUNS = 5
HISTORY_VARIANTS = ("as shipped", "cells in Qt's own model", "no rows")
PROGRESS_VARIANTS = ("as shipped", "report made before the click", "report made before, charts empty")


def _history_warm(folder: Path, variant: str) -> float:
    """A warm History click, its table's model swapped for `variant` after the first load."""
    context = started_context(folder)
    _click(context, "history")
    table = context.window.page("history").list.table
    if variant != "as shipped":
        kept = _standard_copy(table.model(), with_rows=variant != "no rows")
        table.setModel(kept)  # the view does not own it: `kept` lives until the click is measured
    context.window.show_page(context.window.page_keys()[0])
    pump(lambda: context.tasks.pending() == 0, 30)
    _wait(lambda: False, timeout=0.2)
    warm = _click(context, "history")  # still waits on the app's own model, which keeps its rows
    dispose(context)
    return warm


def _standard_copy(model: Any, *, with_rows: bool) -> Any:
    """The cells, headers and alignments of `model` (or just its headers) in a QStandardItemModel."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    rows = model.rowCount() if with_rows else 0
    copy = QStandardItemModel(rows, model.columnCount())
    for column in range(model.columnCount()):
        copy.setHeaderData(column, Qt.Orientation.Horizontal, model.headerData(column, Qt.Orientation.Horizontal))
    for row in range(rows):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            item = QStandardItem(model.data(index, Qt.ItemDataRole.DisplayRole))
            alignment = model.data(index, Qt.ItemDataRole.TextAlignmentRole)
            if alignment is not None:
                item.setTextAlignment(Qt.AlignmentFlag(alignment))
            copy.setItem(row, column, item)
    return copy


def _progress_cold(folder: Path, variant: str) -> float:
    with _progress_variant(folder, variant):
        context = started_context(folder)
        cold = _click(context, "progress")
        pump(lambda: context.tasks.pending() == 0, 30)
        dispose(context)
    return cold


@contextmanager
def _progress_variant(folder: Path, variant: str) -> Iterator[None]:
    """Patches the report read (and the chart fills) for the variants that take them away."""
    with ExitStack() as patches:
        if variant != "as shipped":
            patches.enter_context(mock.patch(f"{_CONTROLLER}.progress_report", _made_before(folder)))
        if variant == PROGRESS_VARIANTS[2]:
            for fill in ("fill_calibration_chart", "fill_category_chart", "fill_length_chart", "fill_score_trend"):
                patches.enter_context(mock.patch(f"{_PAGE}.{fill}", lambda *args, **kwargs: None))
        yield


_CONTROLLER = "interview_coach.controllers.history_controller"
_PAGE = "interview_coach.ui.progress.progress_page"


def _made_before(folder: Path) -> Callable[..., Any]:
    """A stand-in for `progress_report` that hands back the folder's all-time report (Progress's
    default range), made now; any other report is made when asked, as the app would."""
    from interview_coach.storage.database import open_database
    from interview_coach.storage.locations import DataLayout
    from interview_coach.storage.progress_queries import progress_report

    context = started_context(folder)
    names = context.criterion_names()
    pump(lambda: context.tasks.pending() == 0, 30)
    dispose(context)
    connection = open_database(DataLayout(folder).database)
    made = {(None, date.today()): progress_report(connection, since=None, today=date.today(), known_names=names)}
    connection.close()

    def report(connection: Any, *, since: Any, today: date, known_names: Any) -> Any:
        if (since, today) not in made:
            made[(since, today)] = progress_report(connection, since=since, today=today, known_names=known_names)
        return made[(since, today)]

    return report


def run(answers: int = 20_000, runs: int = RUNS) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from interview_coach.app import create_application

    create_application()
    empty = Path(tempfile.mkdtemp(prefix="ic-bench-floor-empty-"))
    _fill(empty, 0)
    full = Path(tempfile.mkdtemp(prefix=f"ic-bench-floor-{answers}-"))
    _fill(full, answers)
    _history_warm(full, "as shipped")  # imports and first-use costs, not counted
    _progress_cold(full, "as shipped")
    results: dict[str, Any] = {"answers": answers, "runs": runs}
    results["history_warm_ms"] = {"empty": summary([_history_warm(empty, "as shipped") for _ in range(runs)])}
    for variant in HISTORY_VARIANTS:
        results["history_warm_ms"][variant] = summary([_history_warm(full, variant) for _ in range(runs)])
    results["progress_cold_ms"] = {"empty": summary([_progress_cold(empty, "as shipped") for _ in range(runs)])}
    for variant in PROGRESS_VARIANTS:
        results["progress_cold_ms"][variant] = summary([_progress_cold(full, variant) for _ in range(runs)])
    _print(results)
    print(f"  saved {save('history_floors', results)}")
    return results


def _print(results: dict[str, Any]) -> None:
    print(f"floors at {results['answers']:,} answers (medians of {results['runs']}, ratio to the empty folder)")
    for key, title in (("history_warm_ms", "History warm"), ("progress_cold_ms", "Progress cold")):
        figures = results[key]
        empty = figures["empty"]["median"]
        print(f"  {title}: empty folder {empty:.1f} ms")
        for variant, figure in figures.items():
            if variant != "empty":
                print(f"    {variant:34} {figure['median']:6.1f} ms  {figure['median'] / empty:5.2f}x")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--answers", type=int, default=20_000, help="answers in the measured folder")
    parser.add_argument("--runs", type=int, default=RUNS, help="fresh app contexts per variant")
    args = parser.parse_args(argv)
    run(args.answers, args.runs)


if __name__ == "__main__":
    main()
