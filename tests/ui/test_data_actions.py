"""File menu: export, a session report as HTML and PDF, backup, and restore with the app restarting on it."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from bench.demo_data import generate
from interview_coach.app import AppContext, apply_restore, build_context, create_application
from interview_coach.storage.database import open_database
from interview_coach.storage.locations import DataLayout

END = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)


def fill(folder: Path, sessions: int, answers: int, seed: int) -> None:
    layout = DataLayout(folder)
    layout.ensure()
    connection = open_database(layout.database)
    generate(connection, sessions=sessions, answers=answers, months=1, end=END, seed=seed)
    connection.close()


def start(qtbot: QtBot, folder: Path) -> AppContext:
    create_application()
    context = build_context(folder)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    return context


@pytest.fixture
def context(qtbot: QtBot, data_dir: Path) -> Iterator[AppContext]:
    fill(data_dir, 5, 30, seed=3)
    running = start(qtbot, data_dir)
    yield running
    running.window.close()
    running.close()


def sessions_in(context: AppContext) -> int:
    return int(context.database.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])


def test_export_from_the_file_menu_writes_csv_and_json(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    actions = context.data_actions
    for name in ("scores.csv", "scores.json"):
        target = tmp_path / name
        actions.choose_save = lambda *_args, path=target: str(path)
        context.window.findChild(QAction, "exportAction").trigger()
        qtbot.waitUntil(target.exists, timeout=10_000)
    rows = list(csv.DictReader((tmp_path / "scores.csv").open(encoding="utf-8", newline="")))
    document = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))
    assert len(document["sessions"]) == sessions_in(context) == 5
    assert {row["session_id"] for row in rows} == {str(s["id"]) for s in document["sessions"]}
    assert "Exported" in context.window.banners.visible_texts()["data"]


def test_an_export_says_how_far_it_has_gone(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_coach.storage import export

    monkeypatch.setattr(export, "BATCH_SESSIONS", 2)  # 5 sessions: three batches
    actions = context.data_actions
    said: list[str] = []
    actions.controller.progress.connect(said.append)
    target = tmp_path / "scores.json"
    actions.choose_save = lambda *_: str(target)
    context.window.findChild(QAction, "exportAction").trigger()
    qtbot.waitUntil(lambda: "Exported" in context.window.banners.visible_texts().get("data", ""), timeout=10_000)
    assert said == ["Exporting to scores.json: 2 of 5 sessions…", "Exporting to scores.json: 4 of 5 sessions…"]
    assert len(json.loads(target.read_text(encoding="utf-8"))["sessions"]) == 5


def test_a_session_report_saves_as_html_and_pdf(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    session_id = int(context.database.execute("SELECT MAX(id) FROM sessions").fetchone()[0])
    question = context.database.execute(
        "SELECT question_text FROM answers WHERE session_id = ? ORDER BY position LIMIT 1", (session_id,)
    ).fetchone()[0]
    actions = context.data_actions
    html, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    actions.choose_save = lambda *_: str(html)
    actions.save_report(session_id)
    qtbot.waitUntil(html.exists, timeout=10_000)
    assert question.split("'")[0] in html.read_text(encoding="utf-8")
    actions.choose_save = lambda *_: str(pdf)
    actions.save_report(session_id)
    qtbot.waitUntil(lambda: pdf.exists() and pdf.stat().st_size > 2000, timeout=10_000)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_backup_then_restore_replaces_the_data_after_asking_and_restarts_on_it(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    archive = tmp_path / "backup.zip"
    actions = context.data_actions
    actions.choose_save = lambda *_: str(archive)
    context.window.findChild(QAction, "backupAction").trigger()
    qtbot.waitUntil(lambda: "Backed up" in context.window.banners.visible_texts().get("data", ""), timeout=20_000)
    assert archive.exists()

    # Meanwhile the data changes: one more session.
    repo_db = context.database
    repo_db.execute("INSERT INTO sessions (mode, started_at) VALUES ('solo', '2026-11-21T10:00:00+00:00')")
    assert sessions_in(context) == 6

    asked: list[str] = []
    actions.choose_open = lambda *_: str(archive)
    actions.confirm = lambda _parent, _title, text: asked.append(text) or False
    context.window.findChild(QAction, "restoreAction").trigger()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert context.pending_restore is None and context.window.isVisible()  # said no: nothing happens

    actions.confirm = lambda *_: True
    context.window.findChild(QAction, "restoreAction").trigger()
    qtbot.waitUntil(lambda: context.pending_restore == archive, timeout=10_000)
    assert not context.window.isVisible()
    layout = context.layout
    context.close()
    message, severity = apply_restore(layout, archive)
    assert severity == "info" and "Restored" in message
    again = start(qtbot, layout.root)
    try:
        assert sessions_in(again) == 5
        assert any(p.name.startswith("replaced-") for p in layout.root.iterdir())
    finally:
        again.window.close()
        again.close()


def test_a_damaged_backup_is_refused_in_the_app_with_a_clear_message(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    actions = context.data_actions
    actions.choose_open = lambda *_: str(broken)
    actions.confirm = lambda *_: pytest.fail("a damaged archive must not get as far as asking")
    context.window.findChild(QAction, "restoreAction").trigger()
    qtbot.waitUntil(
        lambda: "cannot be restored" in context.window.banners.visible_texts().get("data", ""), timeout=10_000
    )
    assert context.pending_restore is None and sessions_in(context) == 5
