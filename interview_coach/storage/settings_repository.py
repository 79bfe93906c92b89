"""User settings as JSON values in the database, so they travel with the data folder."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


class SettingsRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    def get(self, key: str, default: Any = None) -> Any:
        row = self._db.execute("SELECT value_json FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set(self, key: str, value: Any) -> None:
        self._db.execute(
            "INSERT INTO settings (key, value_json) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json",
            (key, json.dumps(value)),
        )
