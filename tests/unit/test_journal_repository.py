"""The journal in SQLite: entries saved whole, action plans, edited templates, and the schema step."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from interview_coach.domain.journal import ActionItem, JournalEntry
from interview_coach.domain.journal_content import MessageTemplate
from interview_coach.storage.database import open_database
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.migrations import MIGRATIONS

START = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc)


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(tmp_path / "db.sqlite3")
    yield connection
    connection.close()


@pytest.fixture
def repo(db: sqlite3.Connection) -> JournalRepository:
    return JournalRepository(db, FakeClock())


def rejection() -> JournalEntry:
    return JournalEntry(
        company="Lumen Health",
        role="Operations manager",
        applied_on=date(2026, 4, 2),
        stage_reached="final-round",
        outcome="rejected",
        feedback='It was close.\n"Why Lumen" could have applied to any company.',
        contact="Dana",
        heard_on=date(2026, 4, 20),
        reflections={"reasons-for-fit": "Generic.", "thank-you": "Yes, next morning."},
        tags=("enthusiasm", "fit"),
        actions=(
            ActionItem("fit", "Write three reasons that only fit the company", date(2026, 5, 1)),
            ActionItem("follow-up", "Ask Dana for one thing to improve", None, "done"),
        ),
    )


def test_an_entry_comes_back_exactly_as_saved(repo: JournalRepository) -> None:
    saved = repo.add_entry(rejection())
    assert saved.id is not None and saved.created_at == saved.updated_at == START + timedelta(minutes=1)
    again = repo.entry(saved.id)
    assert again == saved
    expected = rejection()
    assert (again.company, again.role, again.contact, again.feedback) == (
        expected.company, expected.role, expected.contact, expected.feedback
    )  # fmt: skip
    assert (again.applied_on, again.heard_on, again.stage_reached, again.outcome) == (
        date(2026, 4, 2), date(2026, 4, 20), "final-round", "rejected"
    )  # fmt: skip
    assert dict(again.reflections) == dict(expected.reflections) and again.tags == ("enthusiasm", "fit")
    assert [(a.area, a.action, a.due_on, a.status) for a in again.actions] == [
        ("fit", "Write three reasons that only fit the company", date(2026, 5, 1), "todo"),
        ("follow-up", "Ask Dana for one thing to improve", None, "done"),
    ]
    assert all(a.id is not None and a.entry_id == saved.id for a in again.actions)


def test_saving_replaces_reflections_and_tags_and_keeps_surviving_actions(repo: JournalRepository) -> None:
    saved = repo.add_entry(rejection())
    first, second = saved.actions
    edited = replace(
        saved,
        outcome="withdrew",
        reflections={"reasons-for-fit": "Generic, and I knew it.", "thank-you": "  "},
        tags=("fit", "specific-story"),
        actions=(replace(second, status="todo"), ActionItem("skills", "Take the SQL course")),
    )
    stored = repo.save_entry(edited)
    assert stored.outcome == "withdrew" and stored.updated_at is not None and stored.updated_at > stored.created_at  # type: ignore[operator]
    assert dict(stored.reflections) == {"reasons-for-fit": "Generic, and I knew it."}  # blank answers are not kept
    assert stored.tags == ("fit", "specific-story")  # in the order given
    kept, added = stored.actions
    assert kept.id == second.id and kept.created_at == second.created_at and kept.status == "todo"
    assert added.id not in (first.id, second.id) and added.action == "Take the SQL course"
    assert repo.entry(saved.id).actions == stored.actions  # type: ignore[arg-type]


def test_entries_list_newest_application_first(repo: JournalRepository) -> None:
    older = repo.add_entry(JournalEntry("Older", applied_on=date(2026, 3, 1)))
    newer = repo.add_entry(JournalEntry("Newer", applied_on=date(2026, 4, 1)))
    assert [e.id for e in repo.entries()] == [newer.id, older.id]


def test_deleting_an_entry_takes_its_reflections_tags_and_actions_with_it(
    repo: JournalRepository, db: sqlite3.Connection
) -> None:
    saved = repo.add_entry(rejection())
    loose = repo.save_loose_actions([ActionItem("skills", "Learn SQL")])
    repo.delete_entry(saved.id)  # type: ignore[arg-type]
    assert repo.entries() == []
    for table in ("journal_reflections", "journal_tags"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert [a.id for a in repo.loose_actions()] == [loose[0].id]  # a step of no entry stays
    with pytest.raises(KeyError):
        repo.entry(saved.id)  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        repo.save_entry(saved)


def test_the_database_refuses_an_unknown_stage_outcome_status_or_date(db: sqlite3.Connection) -> None:
    now = "2026-05-01T09:00:00.000+00:00"
    columns = "stage_reached, outcome, applied_on, created_at, updated_at"
    insert = f"INSERT INTO journal_entries ({columns}) VALUES (?, ?, ?, ?, ?)"
    bad = (("coffee", "waiting", None), ("interview", "ghosted", None), ("offer", "offer", "May 1"))
    for stage, outcome, day in bad:
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(insert, (stage, outcome, day, now, now))
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO action_items (status, created_at, updated_at) VALUES ('maybe', ?, ?)", (now, now))
    with pytest.raises(ValueError, match="unknown stage"):
        JournalRepository(db).add_entry(JournalEntry(stage_reached="coffee"))  # type: ignore[arg-type]


def test_edited_templates_are_kept_and_a_reset_brings_back_the_shipped_text(repo: JournalRepository) -> None:
    assert repo.template_edits() == {}
    mine = MessageTemplate("thank-you", "Thank-you note", "", "Thanks ({role})", "Hi {interviewer}, thanks!")
    saved = repo.save_template(mine)
    assert saved.edited and saved.body == mine.body
    again = repo.save_template(replace(mine, body="Hello {interviewer}."))
    edits = repo.template_edits()
    assert list(edits) == ["thank-you"] and edits["thank-you"].body == "Hello {interviewer}."
    assert edits["thank-you"].edited_at == again.edited_at
    repo.reset_template("thank-you")
    assert repo.template_edits() == {}


def test_schema_step_5_adds_the_journal_to_a_version_4_database(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = open_database(path, migrate_to=4)
    old.execute("INSERT INTO settings (key, value_json) VALUES ('kept', '1')")
    old.close()
    current = open_database(path)
    try:
        tables = {r[0] for r in current.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"journal_entries", "journal_reflections", "journal_tags", "action_items", "message_templates"} <= tables
        assert current.execute("SELECT value_json FROM settings WHERE key = 'kept'").fetchone()[0] == "1"
        assert JournalRepository(current).add_entry(rejection()).id == 1
        assert len(MIGRATIONS) >= 5
    finally:
        current.close()
