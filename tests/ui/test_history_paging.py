"""History's list loads a page of sessions, and the next as the user scrolls down."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bench.demo_data import generate
from interview_coach.app import AppContext, build_context, create_application
from interview_coach.storage.database import open_database
from interview_coach.storage.history_queries import PAGE_SIZE
from interview_coach.storage.locations import DataLayout
from interview_coach.ui.history.history_page import HistoryPage

END = datetime(2026, 11, 20, 18, 0, tzinfo=timezone.utc)
SESSIONS = 2 * PAGE_SIZE + 30


@pytest.fixture
def many(qtbot: QtBot, data_dir: Path) -> Iterator[AppContext]:
    layout = DataLayout(data_dir)
    layout.ensure()
    connection = open_database(layout.database)
    generate(connection, sessions=SESSIONS, answers=SESSIONS * 4, months=12, end=END)
    connection.close()
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    yield context
    context.window.close()
    context.close()


def test_the_list_fetches_more_sessions_as_it_scrolls(qtbot: QtBot, many: AppContext) -> None:
    many.window.show_page("history")
    page = many.window.page("history")
    assert isinstance(page, HistoryPage)
    model, table = page.list.model, page.list.table
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore()
    assert page.list.count.text() == f"{SESSIONS} sessions"  # counted in the database, not in the rows loaded

    def scrolled_until(rows: int) -> bool:
        table.scrollToBottom()  # the view asks the model for more when it reaches the bottom
        return model.rowCount() >= rows

    qtbot.waitUntil(lambda: scrolled_until(2 * PAGE_SIZE), timeout=10_000)
    assert model.rowCount() == 2 * PAGE_SIZE  # one page more, not everything
    qtbot.waitUntil(lambda: scrolled_until(SESSIONS), timeout=10_000)
    assert not model.canFetchMore()
    starts = [s.started_at for s in model.sessions]
    assert starts == sorted(starts, reverse=True) and len({s.id for s in model.sessions}) == SESSIONS

    page.list.mode.setCurrentIndex(page.list.mode.findData("friend"))  # a filter starts from the first page
    qtbot.waitUntil(lambda: 0 < model.rowCount() < PAGE_SIZE, timeout=10_000)
    assert all(s.mode == "friend" for s in model.sessions)
    assert page.list.count.text() == f"{model.rowCount()} of {SESSIONS} sessions"


def test_progress_asked_twice_is_read_once_and_again_after_a_write(
    qtbot: QtBot, many: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _count_reads(monkeypatch, "progress_report", lambda args, kwargs: kwargs.get("since"))
    qtbot.waitUntil(lambda: many.tasks.pending() == 0, timeout=10_000)  # start-up's writes (Today's cache)
    many.window.show_page("progress")  # the page asks before it is built and again when shown
    page = many.window.page("progress")
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: many.tasks.pending() == 0, timeout=10_000)
    assert reads == [None]
    history = many.history
    session = page.report.session_count  # type: ignore[attr-defined]
    first = next(iter(many.database.execute("SELECT id FROM answers WHERE status != 'skipped' LIMIT 1")))[0]
    history.rescore(first, {"fit": 5})  # a write: the report is read again
    qtbot.waitUntil(lambda: len(reads) == 2, timeout=10_000)
    assert page.report.session_count == session  # type: ignore[attr-defined]


def test_history_opened_reads_its_first_page_once_and_again_after_a_write(
    qtbot: QtBot, many: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = _count_reads(monkeypatch, "session_page", lambda args, kwargs: args[1])
    qtbot.waitUntil(lambda: many.tasks.pending() == 0, timeout=10_000)
    many.window.show_page("history")  # the page asks before it is built and again when shown
    page = many.window.page("history")
    assert isinstance(page, HistoryPage)
    qtbot.waitUntil(lambda: page.list.model.rowCount() > 0, timeout=10_000)
    qtbot.waitUntil(lambda: many.tasks.pending() == 0, timeout=10_000)
    assert len(reads) == 1
    first = page.list.model.sessions[0]
    answer = next(iter(many.database.execute("SELECT id FROM answers WHERE session_id = ?", (first.id,))))[0]
    many.history.rescore(answer, {"fit": 1})  # a write: the list is read again, and shows it
    qtbot.waitUntil(lambda: len(reads) == 2, timeout=10_000)
    qtbot.waitUntil(lambda: page.list.model.sessions[0].self_average != first.self_average, timeout=10_000)


def _count_reads(
    monkeypatch: pytest.MonkeyPatch, name: str, noted: Callable[[tuple[object, ...], dict[str, object]], object]
) -> list[object]:
    """Wraps the History controller's read `name`: each call adds `noted(args, kwargs)` to the list."""
    import interview_coach.controllers.history_controller as module

    reads: list[object] = []
    real = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(noted(args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return reads


def test_a_failed_read_is_tried_again_when_asked_again(
    qtbot: QtBot, many: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read that failed must not leave the list or the report marked as being read."""
    import interview_coach.controllers.history_controller as module
    from interview_coach.domain.history import HistoryFilter

    broken = {"on": True}
    real_page, real_report = module.session_page, module.progress_report

    def session_page(*args: object, **kwargs: object) -> object:
        if broken["on"]:
            raise OSError("disk I/O error")
        return real_page(*args, **kwargs)  # type: ignore[arg-type]

    def progress_report(*args: object, **kwargs: object) -> object:
        if broken["on"]:
            raise OSError("disk I/O error")
        return real_report(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "session_page", session_page)
    monkeypatch.setattr(module, "progress_report", progress_report)
    qtbot.waitUntil(lambda: many.tasks.pending() == 0, timeout=10_000)
    history, messages = many.history, []
    history.message.connect(messages.append)
    pages: list[object] = []
    reports: list[object] = []
    history.list_page.connect(pages.append)
    history.report_ready.connect(reports.append)
    titles = many.bank_titles()
    history.list_sessions(HistoryFilter(), titles)
    history.load_report(None, END.date())
    qtbot.waitUntil(lambda: len(messages) == 2, timeout=10_000)
    assert all("disk I/O error" in m for m in messages) and not pages and not reports
    broken["on"] = False  # nothing was written meanwhile: the same asks must read again
    history.list_sessions(HistoryFilter(), titles)
    history.load_report(None, END.date())
    qtbot.waitUntil(lambda: len(pages) == 1 and len(reports) == 1, timeout=10_000)
