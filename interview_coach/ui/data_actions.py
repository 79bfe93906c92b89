"""File menu actions on the user's data: export, session report (HTML or PDF), backup and restore.

The work runs off the GUI thread; the dialogs are attributes so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

ChooseSave = Callable[[QWidget, str, str, str], str]  # parent, title, suggested path, filters -> path or ""
ChooseOpen = Callable[[QWidget, str, str], str]
Confirm = Callable[[QWidget, str, str], bool]


def choose_save(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def choose_open(parent: QWidget, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)
    return path


def confirm(parent: QWidget, title: str, text: str) -> bool:
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    return QMessageBox.question(parent, title, text, buttons) == QMessageBox.StandardButton.Yes


class DataActions(QObject):
    def __init__(self, context: Any) -> None:
        """`context` is the app's AppContext (typed loosely: ui must not import the wiring above it)."""
        super().__init__(context.window)
        self.setObjectName("dataActions")
        self._context = context
        self.choose_save: ChooseSave = choose_save
        self.choose_open: ChooseOpen = choose_open
        self.confirm: Confirm = confirm

    @property
    def _window(self) -> QWidget:
        window: QWidget = self._context.window
        return window

    def _tell(self, text: str, severity: str = "info") -> None:
        self._context.window.banners.show_message("data", text, severity)

    def _failed(self, what: str) -> Callable[[BaseException], None]:
        return lambda error: self._tell(f"{what} failed: {error}", "error")

    # Export

    def export_sessions(self) -> None:
        suggested = str(Path.home() / f"interview-coach-{date.today():%Y-%m-%d}.csv")
        chosen = self.choose_save(
            self._window, "Export sessions and scores", suggested, "Spreadsheet (CSV) (*.csv);;JSON (*.json)"
        )
        if not chosen:
            return
        path = Path(chosen)
        kind: Literal["json", "csv"] = "json" if path.suffix.lower() == ".json" else "csv"
        if path.suffix.lower() not in (".csv", ".json"):
            path = path.with_suffix(".csv")
        database = self._context.database

        def export() -> int:
            from interview_coach.storage.export import export_to_file

            return export_to_file(database, path, kind)

        noun = "sessions" if kind == "json" else "rows"
        self._context.tasks.run_serial(
            export, lambda count: self._tell(f"Exported {count} {noun} to {path}."), self._failed("The export")
        )

    def save_report(self, session_id: int) -> None:
        suggested = str(Path.home() / f"interview-report-{session_id}.html")
        chosen = self.choose_save(
            self._window, "Save a session report", suggested, "Web page (*.html);;PDF document (*.pdf)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in (".html", ".htm", ".pdf"):
            path = path.with_suffix(".html")
        database = self._context.database

        def render() -> str:
            from interview_coach.storage.session_report import session_report_html

            return session_report_html(database, session_id)

        def write(html: str) -> None:
            if path.suffix.lower() == ".pdf":
                write_pdf(html, path)
                self._tell(f"Saved the report as {path}.")
                return

            def save() -> int:
                from interview_coach.storage.export import write_private_text

                return write_private_text(path, lambda out: out.write(html))

            self._context.tasks.run(
                save, lambda _: self._tell(f"Saved the report as {path}."), self._failed("Saving the report")
            )

        self._context.tasks.run_serial(render, write, self._failed("The report"))

    # Backup and restore

    def back_up(self) -> None:
        suggested = str(Path.home() / f"interview-coach-backup-{date.today():%Y-%m-%d}.zip")
        chosen = self.choose_save(self._window, "Back up everything", suggested, "Backup archive (*.zip)")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".zip":
            path = path.with_suffix(".zip")
        layout = self._context.layout

        def backup() -> Any:
            from interview_coach.storage.backup import create_backup

            return create_backup(layout, path)

        self._tell("Backing up…")
        self._context.tasks.run_serial(
            backup, lambda summary: self._tell(f"Backed up to {path}: {summary}."), self._failed("The backup")
        )

    def restore(self) -> None:
        practice = self._context._practice_controller
        if practice is not None and practice.phase not in ("idle", "summary"):
            self._tell("End the practice session before restoring a backup.", "warning")
            return
        chosen = self.choose_open(self._window, "Restore from a backup", "Backup archive (*.zip)")
        if not chosen:
            return
        path = Path(chosen)

        def inspect() -> Any:
            from interview_coach.storage.backup import inspect_backup

            return inspect_backup(path)

        self._context.tasks.run(inspect, lambda manifest: self._ask_restore(path, manifest), self._refused)

    def _refused(self, error: BaseException) -> None:
        self._tell(f"This backup cannot be restored: {error}", "error")

    def _ask_restore(self, path: Path, manifest: Any) -> None:
        text = (
            f"Restore the backup {path.name} ({manifest.describe()})?\n\n"
            "It replaces your sessions, recordings, settings and your own question banks. What you have now is "
            "kept in a \u201creplaced-\u2026\u201d folder inside your data folder.\n\n"
            "Interview Coach restarts to load it."
        )
        if self.confirm(self._window, "Restore from backup", text):
            self._context.pending_restore = path
            self._context.window.close()


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
