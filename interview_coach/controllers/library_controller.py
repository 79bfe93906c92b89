"""Loads the question banks and rubrics in the background and tells the UI when they are ready."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.tasks import TaskRunner

if TYPE_CHECKING:
    from interview_coach.domain.library import Library


class LibraryController(QObject):
    loaded = Signal(object)  # Library
    failed = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        user_banks_dir: Path,
        parent: QObject | None = None,
        *,
        region: str | None = None,
        read_region: Callable[[], str] | None = None,
        save_region: Callable[[str], None] | None = None,
    ) -> None:
        """`read_region` gives the saved (or the locale's) wording when first needed, after start-up:
        reading it means importing the wording rules, which the first paint should not wait for."""
        super().__init__(parent)
        self._tasks = tasks
        self._user_banks_dir = user_banks_dir
        self._region = region
        self._read_region = read_region
        self._save_region = save_region
        self.library: Library | None = None

    @property
    def region(self) -> str:
        """The English the questions are worded in (domain/region_wording.py REGIONS)."""
        if self._region is None:
            from interview_coach.domain.region_wording import BASE_REGION

            self._region = self._read_region() if self._read_region is not None else BASE_REGION
        return self._region

    def set_region(self, region: str) -> None:
        """Saves the choice and reloads: every screen then shows, and speech reads, the new wording."""
        if region == self.region:
            return
        self._region = region
        if self._save_region is not None:
            self._save_region(region)
        self.reload()

    @property
    def user_banks_dir(self) -> Path:
        return self._user_banks_dir

    def reload(self) -> None:
        region = self.region
        self._tasks.run(lambda: (region, self._load(region)), self._on_loaded, self._on_failed)

    def _load(self, region: str) -> Library:
        # Imported here, on the worker thread: the TOML parser and schemas stay off the start-up path.
        from interview_coach.storage.library import load_library

        return load_library(self._user_banks_dir, region=region)

    def _on_loaded(self, loaded: tuple[str, Library]) -> None:
        region, library = loaded
        if region != self._region:
            return  # the wording changed again while this one loaded; the newer load follows
        self.library = library
        self.loaded.emit(library)

    def _on_failed(self, error: BaseException) -> None:
        self.failed.emit(str(error))
