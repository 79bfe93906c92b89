"""Review packs between the candidate and a friend who is not in the room.

`ReviewPackController` does the candidate's side (send a session, import a friend's scores) and opens
packs for the friend's side; `ReviewerController` holds one friend's review of one pack. Zip and file
work runs on the task runner; anything touching the database runs on its serial lane. Drafts are
written on the serial lane too, so they reach the disk in the order they were made.
"""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.autosave import Autosave
from interview_coach.controllers.changes import Change, Changes
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.review_pack import (
    AnswerStatus,
    ReviewDraft,
    ReviewPack,
    answer_status,
    scored_count,
)
from interview_coach.storage import settings_keys
from interview_coach.storage.review_pack import (
    PackExport,
    ReviewPackError,
    ScoresImport,
    export_review_pack,
    import_scores_file,
    load_draft,
    open_review_pack,
    remember_name,
    remembered_name,
    save_draft,
    write_scores_file,
)

DRAFT_SAVE_MS = 500  # typing in a note or the name: save once the friend pauses


def _message(error: BaseException) -> str:
    """What to tell the user: our own errors are written for them; anything else is named plainly."""
    if isinstance(error, ReviewPackError):
        return str(error)
    if isinstance(error, OSError):
        return f"{error.strerror or error}."
    return f"{type(error).__name__}: {error}"


class ReviewPackController(QObject):
    exported = Signal(object)  # PackExport
    imported = Signal(object)  # ScoresImport
    opened = Signal(object, object)  # ReviewPack, ReviewDraft (the friend's saved draft, name filled in)
    failed = Signal(str, str)  # what was being done ("send", "import", "open"), a message for the user

    def __init__(
        self,
        tasks: TaskRunner,
        connection: sqlite3.Connection,
        data_root: Path,
        changes: Changes,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._db = connection
        self._root = data_root
        self._changes = changes

    def candidate_name(self, then: Callable[[str], None]) -> None:
        """Reads the name the candidate gave last time and passes it to `then` (on the GUI thread)."""
        self._tasks.run_serial(lambda: remembered_name(self._db, settings_keys.CANDIDATE_NAME), then)

    def send(self, session_id: int, destination: Path, candidate_name: str = "") -> None:
        def work() -> PackExport:
            remember_name(self._db, settings_keys.CANDIDATE_NAME, candidate_name)
            return export_review_pack(self._db, self._root, session_id, destination, candidate_name=candidate_name)

        # The serial lane: the pack's row is written with the file, and no other write may interleave.
        self._tasks.run_serial(work, self.exported.emit, lambda error: self.failed.emit("send", _message(error)))

    def import_scores(self, path: Path) -> None:
        def done(summary: ScoresImport) -> None:
            self._changes.notify(Change.SCORES)  # History and Progress show the friend's scores at once
            self.imported.emit(summary)

        self._tasks.run_serial(
            lambda: import_scores_file(self._db, path), done, lambda error: self.failed.emit("import", _message(error))
        )

    def open_pack(self, path: Path) -> None:
        """Checks and unpacks a pack into this data folder (off the GUI thread), then loads its draft."""

        def read_draft(pack: ReviewPack) -> None:
            # On the serial lane, behind any draft write still queued by a window of this pack.
            def read() -> ReviewDraft:
                draft = load_draft(pack)
                draft.reviewer_name = draft.reviewer_name or remembered_name(self._db, settings_keys.REVIEWER_NAME)
                return draft

            self._tasks.run_serial(read, lambda draft: self.opened.emit(pack, draft), failed)

        def failed(error: BaseException) -> None:
            self.failed.emit("open", _message(error))

        self._tasks.run(lambda: open_review_pack(path, self._root), read_draft, failed)


class ReviewerController(QObject):
    """One friend's scores and notes on one pack, saved as they go, and the scores file they send back."""

    changed = Signal(str)  # the answer key whose review changed ("" for the reviewer's name)
    draft_saved = Signal()
    scores_saved = Signal(object)  # Path of the scores file
    failed = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        connection: sqlite3.Connection,
        pack: ReviewPack,
        draft: ReviewDraft,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._db = connection
        self.pack = pack
        self.draft = draft
        self._autosave = Autosave(self._write_draft, DRAFT_SAVE_MS, self)

    @property
    def total(self) -> int:
        return len(self.pack.answers)

    def scored_count(self) -> int:
        return scored_count(self.pack, self.draft)

    def status(self, key: str) -> AnswerStatus:
        answer = self.pack.answer(key)
        return answer_status(answer, self.draft.review(key)) if answer is not None else "not scored"

    def set_score(self, key: str, criterion_id: str, value: int) -> None:
        answer = self.pack.answer(key)
        if answer is None or criterion_id not in {c.id for c in answer.audible_criteria}:
            return
        self.draft.set_score(key, criterion_id, value)
        self.changed.emit(key)
        self._autosave.changed()
        self.flush()  # a click is worth saving at once

    def set_note(self, key: str, text: str) -> None:
        if self.pack.answer(key) is None or self.draft.review(key).note == text:
            return
        self.draft.set_note(key, text)
        self.changed.emit(key)
        self._autosave.changed()

    def set_reviewer_name(self, name: str) -> None:
        if name == self.draft.reviewer_name:
            return
        self.draft.reviewer_name = name
        self.changed.emit("")
        self._autosave.changed()

    def flush(self) -> None:
        """Queues the draft's current state for writing, if anything changed since the last write."""
        self._autosave.flush()

    def _write_draft(self) -> None:
        pack, snapshot = self.pack, copy.deepcopy(self.draft)  # the worker writes this state, not a later one
        name = " ".join(snapshot.reviewer_name.split())

        def write() -> None:
            save_draft(pack, snapshot)
            if name:
                remember_name(self._db, settings_keys.REVIEWER_NAME, name)

        def saved(_: object) -> None:
            if self._alive():
                self.draft_saved.emit()

        def failed(error: BaseException) -> None:
            if self._alive():
                self._autosave.keep_pending()
                self.failed.emit(f"Your scores could not be saved: {_message(error)} They are still on screen.")

        self._tasks.run_serial(write, saved, failed)

    def save_scores_file(self, destination: Path) -> None:
        self.flush()
        pack, snapshot = self.pack, copy.deepcopy(self.draft)

        def saved(path: Path) -> None:
            if self._alive():
                self.scores_saved.emit(path)

        def failed(error: BaseException) -> None:
            if self._alive():
                self.failed.emit(_message(error))

        self._tasks.run(lambda: write_scores_file(pack, snapshot, destination), saved, failed)

    def _alive(self) -> bool:
        """False once the window (and this controller with it) is gone: a write it queued still finishes."""
        return shiboken6.isValid(self)
