"""Loads the question banks and rubrics in the background and tells the UI when they are ready."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.tasks import TaskRunner
from interview_coach.storage.library import Library, load_library


class LibraryController(QObject):
    loaded = Signal(object)  # Library
    failed = Signal(str)

    def __init__(self, tasks: TaskRunner, user_banks_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._user_banks_dir = user_banks_dir
        self.library: Library | None = None

    @property
    def user_banks_dir(self) -> Path:
        return self._user_banks_dir

    def reload(self) -> None:
        self._tasks.run(lambda: load_library(self._user_banks_dir), self._on_loaded, self._on_failed)

    def _on_loaded(self, library: Library) -> None:
        self.library = library
        self.loaded.emit(library)

    def _on_failed(self, error: BaseException) -> None:
        self.failed.emit(str(error))
