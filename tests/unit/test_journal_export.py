"""The journal goes wherever the data goes: in the JSON export, and through backup and restore."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from interview_coach.domain.journal import ActionItem, JournalEntry
from interview_coach.domain.journal_content import MessageTemplate
from interview_coach.storage.backup import RestoreNeedsConfirmation, create_backup, existing_data, restore_backup
from interview_coach.storage.database import open_database
from interview_coach.storage.export import export_csv, export_json, export_to_file
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.locations import DataLayout
from interview_coach.storage.practice_repository import PracticeRepository

START = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def fill_journal(connection: sqlite3.Connection) -> JournalRepository:
    repo = JournalRepository(connection, FakeClock())
    repo.add_entry(
        JournalEntry(
            "Kestrel Energy", "Project coordinator", date(2026, 3, 2), "interview", "rejected",
            "Answers stayed general: no concrete examples.\nThey liked the organisation.",
            contact="Sam", heard_on=date(2026, 3, 20), reflections={"stories-landed": "No, all 'we usually'."},
            tags=("specific-story", "structure"),
            actions=(ActionItem("specific-story", "Write five STAR stories", date(2026, 4, 1), "done"),),
        )
    )  # fmt: skip
    repo.add_entry(JournalEntry("Contoso", "Support lead", date(2026, 4, 2), "phone-screen", "waiting"))
    repo.save_loose_actions([ActionItem("skills", "Finish the SQL course", None, "doing")])
    repo.save_template(
        MessageTemplate("thank-you", "Thank-you note after an interview", "", "Thanks", "Hi {interviewer}")
    )
    return repo


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(tmp_path / "db.sqlite3")
    yield connection
    connection.close()


def exported(db: sqlite3.Connection, sessions: list[int] | None = None) -> dict[str, Any]:
    out = io.StringIO()
    export_json(db, out, sessions, clock=lambda: START)
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def test_the_json_export_holds_the_whole_journal(db: sqlite3.Connection) -> None:
    fill_journal(db)
    journal = exported(db)["journal"]
    assert list(journal) == ["entries", "actions", "templates"]
    first, second = journal["entries"]  # oldest first: the order they were written
    assert first == {
        "id": 1,
        "company": "Kestrel Energy",
        "role": "Project coordinator",
        "contact": "Sam",
        "applied_on": "2026-03-02",
        "heard_on": "2026-03-20",
        "interview_on": None,
        "stage_reached": "interview",
        "outcome": "rejected",
        "feedback": "Answers stayed general: no concrete examples.\nThey liked the organisation.",
        "created_at": "2026-05-01T09:00:01.000+00:00",
        "updated_at": "2026-05-01T09:00:01.000+00:00",
        "reflections": [{"prompt_id": "stories-landed", "answer": "No, all 'we usually'."}],
        "tags": ["specific-story", "structure"],
        "actions": [
            {"id": 1, "area": "specific-story", "action": "Write five STAR stories", "due_on": "2026-04-01",
             "status": "done", "created_at": "2026-05-01T09:00:01.000+00:00",
             "updated_at": "2026-05-01T09:00:01.000+00:00"},
        ],
    }  # fmt: skip
    assert second["company"] == "Contoso" and second["heard_on"] is None and second["actions"] == []
    assert [(a["action"], a["status"], a["due_on"]) for a in journal["actions"]] == [
        ("Finish the SQL course", "doing", None)
    ]
    (template,) = journal["templates"]  # only the templates the user edited
    assert template["id"] == "thank-you" and template["body"] == "Hi {interviewer}" and template["updated_at"]


def test_an_export_without_a_journal_has_an_empty_one(db: sqlite3.Connection) -> None:
    assert exported(db)["journal"] == {"entries": [], "actions": [], "templates": []}


def test_exporting_chosen_sessions_leaves_the_journal_out(db: sqlite3.Connection) -> None:
    fill_journal(db)
    session = PracticeRepository(db).create_session("solo", {})
    document = exported(db, [session.id])
    assert "journal" not in document and [s["id"] for s in document["sessions"]] == [session.id]


def test_the_csv_export_stays_one_row_per_answer(db: sqlite3.Connection) -> None:
    fill_journal(db)
    out = io.StringIO(newline="")
    assert export_csv(db, out) == 0 and out.getvalue().startswith("session_id,")


def test_the_export_file_holds_the_journal(db: sqlite3.Connection, tmp_path: Path) -> None:
    fill_journal(db)
    export_to_file(db, tmp_path / "all.json", "json")
    journal = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["journal"]
    assert [e["company"] for e in journal["entries"]] == ["Kestrel Energy", "Contoso"]


def test_the_journal_survives_backup_and_restore_into_a_fresh_folder(tmp_path: Path) -> None:
    source = DataLayout(tmp_path / "source")
    source.ensure()
    connection = open_database(source.database)
    try:
        repo = fill_journal(connection)
        entries, loose, edits = repo.entries(), repo.loose_actions(), repo.template_edits()
    finally:
        connection.close()
    summary = create_backup(source, tmp_path / "backup.zip")
    tables = summary.manifest.counts.tables
    assert (tables["journal_entries"], tables["action_items"], tables["message_templates"]) == (2, 2, 1)
    assert (tables["journal_reflections"], tables["journal_tags"]) == (1, 2)

    target = DataLayout(tmp_path / "fresh")
    restore_backup(tmp_path / "backup.zip", target, replace=False)
    restored = open_database(target.database)
    try:
        again = JournalRepository(restored)
        assert again.entries() == entries and again.loose_actions() == loose and again.template_edits() == edits
    finally:
        restored.close()


def test_a_folder_holding_only_a_journal_is_not_replaced_without_asking(tmp_path: Path) -> None:
    source = DataLayout(tmp_path / "source")
    source.ensure()
    open_database(source.database).close()
    archive = create_backup(source, tmp_path / "empty.zip").path
    occupied = DataLayout(tmp_path / "occupied")
    occupied.ensure()
    connection = open_database(occupied.database)
    try:
        JournalRepository(connection).add_entry(replace(JournalEntry("Only a journal"), applied_on=date(2026, 1, 5)))
    finally:
        connection.close()
    assert not existing_data(occupied).is_empty
    with pytest.raises(RestoreNeedsConfirmation):
        restore_backup(archive, occupied, replace=False)
