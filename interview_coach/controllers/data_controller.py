"""The user's data as files: export (CSV/JSON), a session report (HTML/PDF), backup, and checking a backup.

The work runs off the GUI thread (a PDF is laid out by Qt, on the GUI thread); each result is one line
for the user in `done` or `failed`. The File menu's dialogs live in `ui/data_actions.py`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.tasks import TaskRunner
from interview_coach.storage.locations import DataLayout

if TYPE_CHECKING:
    from interview_coach.storage.backup import BackupManifest, BackupSummary

ExportKind = Literal["csv", "json"]
REPORT_SUFFIXES = (".html", ".htm", ".pdf")


class DataController(QObject):
    done = Signal(str)  # what was saved, and where
    failed = Signal(str)  # what went wrong, worded for the user
    progress = Signal(str)  # a longer job has started, or moved on

    def __init__(
        self, tasks: TaskRunner, connection: sqlite3.Connection, layout: DataLayout, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._db = connection
        self._layout = layout

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        return lambda error: self.failed.emit(f"{what} failed: {error}")

    def export(self, path: Path, kind: ExportKind) -> None:
        """Streams the export to `path`; `progress` says how far it is, a batch of sessions at a time
        (emitted from the worker: Qt queues it to the GUI thread)."""
        database = self._db

        def moved_on(done: int, total: int) -> None:
            if done < total:
                self.progress.emit(f"Exporting to {path.name}: {done:,} of {total:,} sessions…")

        def export() -> int:
            from interview_coach.storage.export import export_to_file

            return export_to_file(database, path, kind, progress=moved_on)

        noun = "sessions" if kind == "json" else "rows"
        self._tasks.run_serial(
            export, lambda count: self.done.emit(f"Exported {count} {noun} to {path}."), self._failed("The export")
        )

    def save_report(self, session_id: int, path: Path) -> None:
        """An HTML page, or an A4 PDF when `path` ends in .pdf."""
        database = self._db

        def render() -> str:
            from interview_coach.storage.session_report import session_report_html

            return session_report_html(database, session_id)

        def write(html: str) -> None:
            saved = f"Saved the report as {path}."
            if path.suffix.lower() == ".pdf":
                try:
                    write_pdf(html, path)
                except OSError as error:
                    self._failed("Saving the report")(error)
                    return
                self.done.emit(saved)
                return

            def save() -> int:
                from interview_coach.storage.export import write_private_text

                return write_private_text(path, lambda out: out.write(html))

            self._tasks.run(save, lambda _: self.done.emit(saved), self._failed("Saving the report"))

        self._tasks.run_serial(render, write, self._failed("The report"))

    def back_up(self, path: Path) -> None:
        layout = self._layout

        def backup() -> BackupSummary:
            from interview_coach.storage.backup import create_backup

            return create_backup(layout, path)

        self.progress.emit("Backing up\N{HORIZONTAL ELLIPSIS}")
        self._tasks.run_serial(
            backup, lambda summary: self.done.emit(f"Backed up to {path}: {summary}."), self._failed("The backup")
        )

    def inspect_backup(
        self, path: Path, then: Callable[[BackupManifest], None], refused: Callable[[BaseException], None]
    ) -> None:
        """Checks a backup before anything is replaced; `then` gets what it holds, `refused` why not."""

        def inspect() -> BackupManifest:
            from interview_coach.storage.backup import inspect_backup

            return inspect_backup(path)

        self._tasks.run(inspect, then, refused)


def write_pdf(html: str, path: Path) -> None:
    """Prints the report's HTML to an A4 PDF with Qt's own text layout (no browser needed)."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15))
    )
    writer.setTitle("Interview Coach session report")
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    if path.exists():
        path.chmod(0o600)
