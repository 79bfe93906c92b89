"""Where things live: the shipped data (checkout or installed wheel) and the user's data folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from interview_coach.private_files import make_private_dir

__all__ = ["DataLayout", "make_private_dir"]

DATA_DIR_ENV = "INTERVIEW_COACH_DATA_DIR"
APP_DIR_NAME = "interview-coach"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def shipped_root() -> Path:
    """The folder holding question_banks/ and resources/.

    An installed wheel carries them inside the package (_shipped/); a checkout keeps them at its top.
    """
    installed = _PACKAGE_DIR / "_shipped"
    if (installed / "question_banks").is_dir():
        return installed
    return _PACKAGE_DIR.parent


def shipped_banks_dir() -> Path:
    return shipped_root() / "question_banks"


def shipped_rubrics_dir() -> Path:
    return shipped_root() / "resources" / "rubrics"


def resources_dir() -> Path:
    return shipped_root() / "resources"


def resolve_data_dir(cli_value: str | None = None) -> Path:
    """--data-dir wins, then the environment variable, then the platform's user data folder."""
    chosen = cli_value or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    import platformdirs  # only needed when no folder is given

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


@dataclass(frozen=True)
class DataLayout:
    """The files inside one data folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "interview-coach.sqlite3"

    @property
    def user_banks(self) -> Path:
        return self.root / "question_banks"

    @property
    def recordings(self) -> Path:
        return self.root / "recordings"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def speech_cache(self) -> Path:
        return self.cache / "speech"

    @property
    def model_cache(self) -> Path:
        """Speech-recognition models the user chose besides the bundled one (fetched on first use)."""
        return self.cache / "models"

    def ensure(self) -> None:
        """Create the folders, private to the user (answers are personal)."""
        for folder in (self.root, self.user_banks, self.recordings, self.cache, self.speech_cache):
            make_private_dir(folder)
