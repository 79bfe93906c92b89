"""File menu actions on the user's data: export, session report (HTML or PDF), backup and restore.

This is the dialogs' side; `controllers/data_controller.py` does the work, off the GUI thread. The
dialogs are attributes so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from interview_coach.controllers.data_controller import REPORT_SUFFIXES, DataController, ExportKind
from interview_coach.ui.banner import Severity
from interview_coach.ui.banner_area import BannerArea
from interview_coach.ui.dialogs import Confirm, ask

if TYPE_CHECKING:
    from interview_coach.storage.backup import BackupManifest

ChooseSave = Callable[[QWidget, str, str, str], str]  # parent, title, suggested path, filters -> path or ""
ChooseOpen = Callable[[QWidget, str, str], str]


def choose_save(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def choose_open(parent: QWidget, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), filters)
    return path


class DataActions(QObject):
    def __init__(
        self,
        controller: DataController,
        window: QWidget,
        banners: BannerArea,
        *,
        session_running: Callable[[], bool],
        restore_from: Callable[[Path], None],
    ) -> None:
        """`session_running` tells whether a practice session is under way; `restore_from` closes the
        window and restores the chosen backup (the app restarts on it)."""
        super().__init__(window)
        self.setObjectName("dataActions")
        self.controller = controller
        self._window = window
        self._banners = banners
        self._session_running = session_running
        self._restore_from = restore_from
        self.choose_save: ChooseSave = choose_save
        self.choose_open: ChooseOpen = choose_open
        self.confirm: Confirm = ask
        controller.done.connect(self._tell)
        controller.progress.connect(self._tell)
        controller.failed.connect(lambda text: self._tell(text, "error"))

    def _tell(self, text: str, severity: Severity = "info") -> None:
        self._banners.show_message("data", text, severity)

    # Export

    def export_sessions(self) -> None:
        suggested = str(Path.home() / f"interview-coach-{date.today():%Y-%m-%d}.csv")
        chosen = self.choose_save(
            self._window, "Export sessions and scores", suggested, "Spreadsheet (CSV) (*.csv);;JSON (*.json)"
        )
        if not chosen:
            return
        path = Path(chosen)
        kind: ExportKind = "json" if path.suffix.lower() == ".json" else "csv"
        if path.suffix.lower() not in (".csv", ".json"):
            path = path.with_suffix(".csv")
        self.controller.export(path, kind)

    def save_report(self, session_id: int) -> None:
        suggested = str(Path.home() / f"interview-report-{session_id}.html")
        chosen = self.choose_save(
            self._window, "Save a session report", suggested, "Web page (*.html);;PDF document (*.pdf)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in REPORT_SUFFIXES:
            path = path.with_suffix(".html")
        self.controller.save_report(session_id, path)

    # Backup and restore

    def back_up(self) -> None:
        suggested = str(Path.home() / f"interview-coach-backup-{date.today():%Y-%m-%d}.zip")
        chosen = self.choose_save(self._window, "Back up everything", suggested, "Backup archive (*.zip)")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".zip":
            path = path.with_suffix(".zip")
        self.controller.back_up(path)

    def restore(self) -> None:
        if self._session_running():
            self._tell("End the practice session before restoring a backup.", "warning")
            return
        chosen = self.choose_open(self._window, "Restore from a backup", "Backup archive (*.zip)")
        if not chosen:
            return
        path = Path(chosen)
        self.controller.inspect_backup(path, lambda manifest: self._ask_restore(path, manifest), self._refused)

    def _refused(self, error: BaseException) -> None:
        self._tell(f"This backup cannot be restored: {error}", "error")

    def _ask_restore(self, path: Path, manifest: BackupManifest) -> None:
        text = (
            f"Restore the backup {path.name} ({manifest.describe()})?\n\n"
            "It replaces your sessions, recordings, settings and your own question banks. What you have now is "
            "kept in a \u201creplaced-\u2026\u201d folder inside your data folder.\n\n"
            "Interview Coach restarts to load it."
        )
        if self.confirm(self._window, "Restore from backup", text):
            self._restore_from(path)
