"""Loads the question banks and rubrics in the background and tells the UI when they are ready."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.tasks import TaskRunner

if TYPE_CHECKING:
    from interview_coach.domain.library import Library


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
        self._tasks.run(self._load, self._on_loaded, self._on_failed)

    def _load(self) -> Library:
        # Imported here, on the worker thread: the TOML parser and schemas stay off the start-up path.
        from interview_coach.storage.library import load_library

        return load_library(self._user_banks_dir)

    def _on_loaded(self, library: Library) -> None:
        self.library = library
        self.loaded.emit(library)

    def _on_failed(self, error: BaseException) -> None:
        self.failed.emit(str(error))
