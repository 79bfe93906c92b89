"""The demo journal (screenshots) reads like a real search and only uses what the app knows."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bench.demo_journal import YOUR_NAME, generate_journal
from interview_coach.domain.journal import journal_areas
from interview_coach.domain.journal_patterns import read_funnel
from interview_coach.storage import settings_keys
from interview_coach.storage.database import open_database
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.journal_resources import load_journal_content
from interview_coach.storage.library import load_library
from interview_coach.storage.settings_repository import SettingsRepository

END = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)


def test_the_demo_journal_is_a_search_that_reaches_interviews(tmp_path: Path) -> None:
    connection = open_database(tmp_path / "db.sqlite3")
    try:
        written = generate_journal(connection, end=END)
        entries = JournalRepository(connection).entries()
        your_name = SettingsRepository(connection).get(settings_keys.YOUR_NAME)
    finally:
        connection.close()
    assert len(entries) == len(written) == 9 and your_name == YOUR_NAME
    assert entries[0].outcome == "waiting" and entries[-1].stage_reached == "application"  # newest first
    assert all(e.applied_on is not None and e.applied_on <= END.date() for e in entries)
    assert all(e.heard_on is None or e.applied_on <= e.heard_on for e in entries)  # type: ignore[operator]
    assert read_funnel(entries).key == "interview"

    rubric = load_library(None).default_rubric
    content = load_journal_content(criteria=rubric.criterion_ids())
    areas = {a.id for a in journal_areas(rubric, content.outside_areas)}
    prompts = {p.id for p in content.prompts}
    for entry in entries:
        assert set(entry.tags) <= areas and set(entry.reflections) <= prompts, entry.title
        assert all(a.area in areas for a in entry.actions)
