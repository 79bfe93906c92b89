"""Reading and writing the user's settings groups (audio for now) in a data folder's database."""

from __future__ import annotations

import sqlite3

from interview_coach.domain.analysis_settings import AnalysisSettings
from interview_coach.domain.audio_settings import AudioSettings
from interview_coach.domain.region_wording import REGIONS
from interview_coach.storage import settings_keys
from interview_coach.storage.database import open_database
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.settings_repository import SettingsRepository


def read_audio_settings(connection: sqlite3.Connection) -> AudioSettings:
    return AudioSettings.from_dict(SettingsRepository(connection).get(settings_keys.AUDIO))


def write_audio_settings(connection: sqlite3.Connection, settings: AudioSettings) -> None:
    SettingsRepository(connection).set(settings_keys.AUDIO, settings.to_dict())


def load_audio_settings(layout: DataLayout) -> AudioSettings:
    """For the command line: opens the folder's database just long enough to read the settings."""
    layout.ensure()
    connection = open_database(layout.database)
    try:
        return read_audio_settings(connection)
    finally:
        connection.close()


def keeps_recordings(connection: sqlite3.Connection) -> bool:
    """False when the user keeps scores and timings only: each session's recordings go when it ends."""
    return bool(SettingsRepository(connection).get(settings_keys.KEEP_RECORDINGS, True))


def set_keeps_recordings(connection: sqlite3.Connection, keep: bool) -> None:
    SettingsRepository(connection).set(settings_keys.KEEP_RECORDINGS, keep)


def wording_region(connection: sqlite3.Connection) -> str | None:
    """The English the user chose for the questions; None until they choose (or if the value is unusable)."""
    value = SettingsRepository(connection).get(settings_keys.WORDING)
    return value if isinstance(value, str) and value in REGIONS else None


def set_wording_region(connection: sqlite3.Connection, region: str) -> None:
    SettingsRepository(connection).set(settings_keys.WORDING, region)


def read_analysis_settings(connection: sqlite3.Connection) -> AnalysisSettings:
    return AnalysisSettings.from_dict(SettingsRepository(connection).get(settings_keys.ANALYSIS))


def write_analysis_settings(connection: sqlite3.Connection, settings: AnalysisSettings) -> None:
    SettingsRepository(connection).set(settings_keys.ANALYSIS, settings.to_dict())


def load_analysis_settings(layout: DataLayout) -> AnalysisSettings:
    """For the command line; a folder with no database yet has the defaults (and is not created)."""
    if not layout.database.exists():
        return AnalysisSettings()
    connection = open_database(layout.database, read_only_fallback=True)
    try:
        return read_analysis_settings(connection)
    finally:
        connection.close()
