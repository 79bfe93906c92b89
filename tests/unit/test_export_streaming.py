"""Exports are written a batch of sessions at a time: the same bytes as the whole document, with progress,
and memory that does not grow with the number of answers."""

from __future__ import annotations

import csv
import io
import sqlite3
import tracemalloc
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from bench.demo_data import generate
from interview_coach.storage import export
from interview_coach.storage.database import open_database
from interview_coach.storage.library import load_library

END = datetime(2026, 9, 30, 18, 0, tzinfo=timezone.utc)
FIXED = datetime(2026, 10, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    library = load_library(None)
    connection = open_database(tmp_path_factory.mktemp("demo") / "db.sqlite3")
    generate(connection, sessions=30, answers=240, months=3, end=END, catalogue=library.catalogue, seed=9)
    yield connection
    connection.close()


def whole_json(connection: sqlite3.Connection, ids: Any = None) -> str:
    """The export as one document in memory: what the streamed file must equal."""
    out = io.StringIO()
    export._write_json(out, export.export_document(connection, ids, clock=lambda: FIXED), 5)
    return out.getvalue() + "\n"


def whole_csv(connection: sqlite3.Connection, ids: Any = None) -> str:
    sessions = export.collect_sessions(connection, ids)
    criteria = export.criterion_columns(sessions)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(
        [
            *export.CSV_COLUMNS_BEFORE_SCORES,
            *(export.SCORE_COLUMN_PREFIX + c for c in criteria),
            *export.CSV_COLUMNS_AFTER_SCORES,
        ]
    )
    for session in sessions:
        for answer in session["answers"]:
            writer.writerows(export._csv_rows(session, answer, criteria))
    return out.getvalue()


@pytest.mark.parametrize("ids", [None, [3, 1, 17, 30]])
def test_streamed_exports_equal_the_whole_document_and_report_progress(
    demo: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, ids: Any
) -> None:
    monkeypatch.setattr(export, "BATCH_SESSIONS", 7)
    steps: list[tuple[int, int]] = []
    streamed = io.StringIO()
    count = export.export_json(demo, streamed, ids, clock=lambda: FIXED, progress=lambda *step: steps.append(step))
    assert streamed.getvalue() == whole_json(demo, ids)
    total = 30 if ids is None else 4
    assert count == total
    assert steps == [(min(n, total), total) for n in range(7, total + 7, 7)]
    rows = io.StringIO(newline="")
    export.export_csv(demo, rows, ids)
    assert rows.getvalue() == whole_csv(demo, ids)


def test_the_memory_an_export_needs_does_not_grow_with_the_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "BATCH_SESSIONS", 10)  # as 200 sessions a batch with years of practice
    library = load_library(None)
    peaks = []
    for sessions in (20, 80):
        connection = open_database(tmp_path / f"{sessions}.sqlite3")
        generate(connection, sessions=sessions, answers=sessions * 9, end=END, catalogue=library.catalogue)
        for kind in ("json", "csv"):
            tracemalloc.start()
            export.export_to_file(connection, tmp_path / f"out-{sessions}.{kind}", kind)  # type: ignore[arg-type]
            peaks.append((sessions, kind, tracemalloc.get_traced_memory()[1]))
            tracemalloc.stop()
        connection.close()
    small = {kind: peak for sessions, kind, peak in peaks if sessions == 20}
    large = {kind: peak for sessions, kind, peak in peaks if sessions == 80}
    for kind in ("json", "csv"):  # four times the answers, in batches of the same size: far under 4x
        assert large[kind] < 1.6 * small[kind], (kind, small[kind], large[kind])
