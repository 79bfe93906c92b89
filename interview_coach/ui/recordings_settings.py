"""Preferences section for recordings: keep them or not, and delete all of them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from interview_coach.controllers.history_controller import HistoryController
from interview_coach.domain.wording import count_of
from interview_coach.storage.deletion import RecordingsRemoved


def _ask(parent: QWidget, title: str, text: str) -> bool:
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    return QMessageBox.warning(parent, title, text, buttons) == QMessageBox.StandardButton.Yes


def size_text(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


class RecordingsGroup(QGroupBox):
    def __init__(self, history: HistoryController, parent: QWidget | None = None) -> None:
        super().__init__("Recordings of your answers", parent)
        self.setObjectName("recordingsGroup")
        self._history = history
        self.confirm: Callable[[QWidget, str, str], bool] = _ask  # tests answer for the user
        self._files = 0
        layout = QVBoxLayout(self)
        self.keep = QCheckBox("Keep recordings, so you can replay old answers")
        self.keep.setObjectName("keepRecordingsCheck")
        self.keep.setChecked(history.keeps_recordings())
        self.keep.toggled.connect(self._keep_changed)
        layout.addWidget(self.keep)
        explain = QLabel(
            "When this is off, each session's recordings are deleted as soon as it ends; "
            "scores, timings and notes are always kept."
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        row = QHBoxLayout()
        self.usage = QLabel("Counting recordings…")
        self.usage.setObjectName("recordingsUsage")
        row.addWidget(self.usage, 1)
        self.delete_button = QPushButton("Delete all recordings…")
        self.delete_button.setObjectName("deleteAllRecordings")
        self.delete_button.clicked.connect(self.delete_all)
        row.addWidget(self.delete_button)
        layout.addLayout(row)
        history.recording_usage(self._show_usage)

    def _keep_changed(self, keep: bool) -> None:
        self._history.set_keeps_recordings(keep)

    def _show_usage(self, usage: tuple[int, int]) -> None:
        self._files, size = usage
        self.usage.setText(
            f"{count_of(self._files, 'recording')}, {size_text(size)}" if self._files else "No recordings kept"
        )
        self.delete_button.setEnabled(self._files > 0)

    def delete_all(self) -> None:
        everything = count_of(self._files, "recording")
        text = f"Delete all {everything} now?\n\nScores, timings and notes stay. This cannot be undone."
        if self.confirm(self, "Delete all recordings", text):
            self.delete_button.setEnabled(False)
            self._history.delete_all_recordings(self._deleted)

    def _deleted(self, removed: RecordingsRemoved) -> None:
        self.usage.setText(f"Deleted {count_of(removed.files, 'recording')} ({size_text(removed.bytes)}).")
