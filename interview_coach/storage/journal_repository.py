"""The feedback journal in SQLite: entries with their reflections, tags and action plan, and the user's
edited copies of the message templates. Every write is one transaction, committed before it returns.

An entry is saved whole (its reflections, tags and actions replaced in the same transaction), which
suits a form that saves as the user types: the last save always describes exactly what is on screen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, cast

from interview_coach.domain.journal import (
    ACTION_STATUSES,
    OUTCOMES,
    STAGES,
    ActionItem,
    ActionStatus,
    JournalEntry,
    Outcome,
    Stage,
    sorted_entries,
)
from interview_coach.domain.journal_content import MessageTemplate
from interview_coach.storage.clock import Clock, from_text, to_text, utc_now
from interview_coach.storage.transactions import transaction


class JournalRepository:
    def __init__(self, connection: sqlite3.Connection, clock: Clock = utc_now) -> None:
        self._db = connection
        self._clock = clock

    # Entries

    def entries(self) -> list[JournalEntry]:
        """Every entry with its reflections, tags and actions, newest application first."""
        return sorted_entries(_read_entries(self._db, None))

    def entry(self, entry_id: int) -> JournalEntry:
        found = _read_entries(self._db, entry_id)
        if not found:
            raise KeyError(f"no journal entry {entry_id}")
        return found[0]

    def add_entry(self, entry: JournalEntry) -> JournalEntry:
        now = to_text(self._clock())
        with transaction(self._db):
            cursor = self._db.execute(
                "INSERT INTO journal_entries (company, role, contact, applied_on, heard_on, stage_reached, outcome, "
                "feedback, interview_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*_entry_values(entry), now, now),
            )
            entry_id = int(cast(int, cursor.lastrowid))
            self._write_children(entry_id, entry, now)
        return self.entry(entry_id)

    def save_entry(self, entry: JournalEntry) -> JournalEntry:
        """Updates an entry and replaces its reflections, tags and actions; returns it as stored."""
        if entry.id is None:
            return self.add_entry(entry)
        now = to_text(self._clock())
        with transaction(self._db):
            cursor = self._db.execute(
                "UPDATE journal_entries SET company = ?, role = ?, contact = ?, applied_on = ?, heard_on = ?, "
                "stage_reached = ?, outcome = ?, feedback = ?, interview_on = ?, updated_at = ? WHERE id = ?",
                (*_entry_values(entry), now, entry.id),
            )
            if cursor.rowcount == 0:
                raise KeyError(f"no journal entry {entry.id}")
            self._db.execute("DELETE FROM journal_reflections WHERE entry_id = ?", (entry.id,))
            self._db.execute("DELETE FROM journal_tags WHERE entry_id = ?", (entry.id,))
            self._write_children(entry.id, entry, now)
        return self.entry(entry.id)

    def delete_entry(self, entry_id: int) -> None:
        with transaction(self._db):
            self._db.execute("DELETE FROM journal_entries WHERE id = ?", (entry_id,))

    def _write_children(self, entry_id: int, entry: JournalEntry, now: str) -> None:
        self._db.executemany(
            "INSERT INTO journal_reflections (entry_id, prompt_id, answer) VALUES (?, ?, ?)",
            [(entry_id, prompt, answer) for prompt, answer in entry.reflections.items() if answer.strip()],
        )
        self._db.executemany(
            "INSERT INTO journal_tags (entry_id, area, position) VALUES (?, ?, ?)",
            [(entry_id, area, position) for position, area in enumerate(dict.fromkeys(entry.tags))],
        )
        self._replace_actions(entry_id, entry.actions, now)

    def _replace_actions(self, entry_id: int | None, actions: Sequence[ActionItem], now: str) -> None:
        """Keeps the rows (and their creation times) of actions that carry an id; adds the rest."""
        owner = "entry_id = ?" if entry_id is not None else "entry_id IS NULL"
        params: tuple[Any, ...] = (entry_id,) if entry_id is not None else ()
        existing = {int(r[0]) for r in self._db.execute(f"SELECT id FROM action_items WHERE {owner}", params)}
        kept: set[int] = set()
        for position, action in enumerate(actions):
            values = (action.area, action.action, _day(action.due_on), _status(action.status), position, now)
            if action.id is not None and action.id in existing:
                self._db.execute(
                    "UPDATE action_items SET area = ?, action = ?, due_on = ?, status = ?, position = ?, "
                    "updated_at = ? WHERE id = ?",
                    (*values, action.id),
                )
                kept.add(action.id)
            else:
                self._db.execute(
                    "INSERT INTO action_items (entry_id, area, action, due_on, status, position, updated_at, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (entry_id, *values, to_text(action.created_at) if action.created_at else now),
                )
        for gone in existing - kept:
            self._db.execute("DELETE FROM action_items WHERE id = ?", (gone,))

    # Actions without an entry

    def loose_actions(self) -> list[ActionItem]:
        rows = _rows(self._db, "SELECT * FROM action_items WHERE entry_id IS NULL ORDER BY position, id")
        return [_action(r) for r in rows]

    def save_loose_actions(self, actions: Sequence[ActionItem]) -> list[ActionItem]:
        with transaction(self._db):
            self._replace_actions(None, actions, to_text(self._clock()))
        return self.loose_actions()

    # Templates

    def template_edits(self) -> dict[str, MessageTemplate]:
        rows = _rows(self._db, "SELECT * FROM message_templates ORDER BY id")
        return {
            str(r["id"]): MessageTemplate(
                str(r["id"]), str(r["title"]), "", str(r["subject"]), str(r["body"]), from_text(r["updated_at"])
            )
            for r in rows
        }

    def save_template(self, template: MessageTemplate) -> MessageTemplate:
        """Keeps the user's copy of a shipped template; the shipped text is never changed."""
        now = self._clock()
        self._db.execute(
            "INSERT INTO message_templates (id, title, subject, body, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET title = excluded.title, subject = excluded.subject, "
            "body = excluded.body, updated_at = excluded.updated_at",
            (template.id, template.title, template.subject, template.body, to_text(now)),
        )
        return replace(template, edited_at=from_text(to_text(now)))

    def reset_template(self, template_id: str) -> None:
        self._db.execute("DELETE FROM message_templates WHERE id = ?", (template_id,))


def _entry_values(entry: JournalEntry) -> tuple[Any, ...]:
    if entry.stage_reached not in STAGES:
        raise ValueError(f"unknown stage {entry.stage_reached!r}")
    if entry.outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {entry.outcome!r}")
    return (
        entry.company.strip(),
        entry.role.strip(),
        entry.contact.strip(),
        _day(entry.applied_on),
        _day(entry.heard_on),
        entry.stage_reached,
        entry.outcome,
        entry.feedback,
        _day(entry.interview_on),
    )


def _status(status: str) -> str:
    if status not in ACTION_STATUSES:
        raise ValueError(f"unknown action status {status!r}")
    return status


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _rows(db: sqlite3.Connection, query: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    return list(cursor.execute(query, tuple(params)))


def _read_entries(db: sqlite3.Connection, entry_id: int | None) -> list[JournalEntry]:
    where, params = ("WHERE id = ?", (entry_id,)) if entry_id is not None else ("", ())
    child_where = "WHERE entry_id = ?" if entry_id is not None else "WHERE entry_id IS NOT NULL"
    entries = _rows(db, f"SELECT * FROM journal_entries {where}", params)
    reflections: dict[int, dict[str, str]] = {}
    for row in _rows(db, f"SELECT * FROM journal_reflections {child_where} ORDER BY rowid", params):
        reflections.setdefault(int(row["entry_id"]), {})[str(row["prompt_id"])] = str(row["answer"])
    tags: dict[int, list[str]] = {}
    for row in _rows(db, f"SELECT * FROM journal_tags {child_where} ORDER BY position, area", params):
        tags.setdefault(int(row["entry_id"]), []).append(str(row["area"]))
    actions: dict[int, list[ActionItem]] = {}
    for row in _rows(db, f"SELECT * FROM action_items {child_where} ORDER BY position, id", params):
        actions.setdefault(int(row["entry_id"]), []).append(_action(row))
    return [
        JournalEntry(
            company=str(row["company"]),
            role=str(row["role"]),
            applied_on=_parse_day(row["applied_on"]),
            stage_reached=cast(Stage, row["stage_reached"]),
            outcome=cast(Outcome, row["outcome"]),
            feedback=str(row["feedback"]),
            contact=str(row["contact"]),
            heard_on=_parse_day(row["heard_on"]),
            interview_on=_parse_day(row["interview_on"]),
            reflections=reflections.get(int(row["id"]), {}),
            tags=tuple(tags.get(int(row["id"]), ())),
            actions=tuple(actions.get(int(row["id"]), ())),
            id=int(row["id"]),
            created_at=from_text(row["created_at"]),
            updated_at=from_text(row["updated_at"]),
        )
        for row in entries
    ]


def _action(row: sqlite3.Row) -> ActionItem:
    return ActionItem(
        area=str(row["area"]),
        action=str(row["action"]),
        due_on=_parse_day(row["due_on"]),
        status=cast(ActionStatus, row["status"]),
        id=int(row["id"]),
        entry_id=int(row["entry_id"]) if row["entry_id"] is not None else None,
        created_at=from_text(row["created_at"]),
        updated_at=from_text(row["updated_at"]),
    )


# Export


def journal_export(connection: sqlite3.Connection) -> dict[str, Any]:
    """The JSON export's `journal` object (docs/DATA_FORMATS.md): entries oldest first, loose actions,
    and the templates the user edited. Call it inside the export's read transaction."""
    entries = sorted(_read_entries(connection, None), key=lambda e: (e.created_at or utc_now(), e.id or 0))
    loose = JournalRepository(connection).loose_actions()
    edits = JournalRepository(connection).template_edits()
    return {
        "entries": [_entry_json(e) for e in entries],
        "actions": [_action_json(a) for a in loose],
        "templates": [
            {"id": t.id, "title": t.title, "subject": t.subject, "body": t.body, "updated_at": _time(t)}
            for t in edits.values()
        ],
    }


def _entry_json(entry: JournalEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "company": entry.company,
        "role": entry.role,
        "contact": entry.contact,
        "applied_on": _day(entry.applied_on),
        "heard_on": _day(entry.heard_on),
        "interview_on": _day(entry.interview_on),
        "stage_reached": entry.stage_reached,
        "outcome": entry.outcome,
        "feedback": entry.feedback,
        "created_at": to_text(entry.created_at) if entry.created_at else None,
        "updated_at": to_text(entry.updated_at) if entry.updated_at else None,
        "reflections": [{"prompt_id": p, "answer": a} for p, a in entry.reflections.items()],
        "tags": list(entry.tags),
        "actions": [_action_json(a) for a in entry.actions],
    }


def _action_json(action: ActionItem) -> dict[str, Any]:
    return {
        "id": action.id,
        "area": action.area,
        "action": action.action,
        "due_on": _day(action.due_on),
        "status": action.status,
        "created_at": to_text(action.created_at) if action.created_at else None,
        "updated_at": to_text(action.updated_at) if action.updated_at else None,
    }


def _time(template: MessageTemplate) -> str | None:
    return to_text(template.edited_at) if template.edited_at else None
