"""The feedback journal's go-between: reads and writes entries, templates and the action plan on the
task runner's serial database lane (so a list read after a save shows it), and works out progress since
an entry and the session aimed at its feedback off the GUI thread.
"""

from __future__ import annotations

import logging
import random
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from interview_coach.controllers.changes import Change, Changes
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.journal import ActionItem, Area, JournalEntry, journal_areas, sorted_entries
from interview_coach.domain.journal_content import JournalContent, MessageTemplate
from interview_coach.domain.journal_progress import ProgressSince, practice_criteria, progress_report
from interview_coach.domain.journal_session import (
    TargetedSession,
    build_targeted_session,
    choose_targets,
    entry_purpose,
)
from interview_coach.domain.journal_tagging import TagSuggestion, suggest_tags
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.domain.rubric import Rubric
from interview_coach.storage import settings_keys
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.journal_resources import load_journal_content
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.progress_queries import session_summaries
from interview_coach.storage.settings_repository import SettingsRepository

if TYPE_CHECKING:
    from interview_coach.controllers.history_controller import HistoryController
    from interview_coach.domain.library import Library

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JournalState:
    """Everything the Journal screen shows, read in one go."""

    entries: tuple[JournalEntry, ...]
    loose_actions: tuple[ActionItem, ...]
    content: JournalContent  # with the user's template edits applied
    areas: tuple[Area, ...]
    rubric: Rubric | None
    your_name: str = ""
    criteria: tuple[str, ...] = field(default=())

    @property
    def area_names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.areas}

    @property
    def practisable(self) -> frozenset[str]:
        return frozenset(a.id for a in self.areas if a.practisable)

    def entry(self, entry_id: int) -> JournalEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def suggestions(self, entry: JournalEntry) -> list[TagSuggestion]:
        """Tags the entry's feedback and reflections point to (the feedback's own words weigh first)."""
        texts = [entry.feedback, *entry.reflections.values()]
        known = [a.id for a in self.areas]
        return suggest_tags(texts, self.content.rules, known_areas=known, reading=self.content.reading)


class JournalController(QObject):
    loaded = Signal(object)  # JournalState
    entry_added = Signal(object)  # JournalEntry, as stored
    entry_saved = Signal(object)  # JournalEntry, as stored
    entry_deleted = Signal(int)
    template_saved = Signal(object)  # MessageTemplate, as the user now sees it
    progress_ready = Signal(int, object)  # entry id, ProgressSince
    problems = Signal(list)  # list[LoadProblem] in the journal's content files
    failed = Signal(str)

    def __init__(
        self,
        tasks: TaskRunner,
        connection: sqlite3.Connection,
        library: Callable[[], Library | None],
        history: HistoryController,
        *,
        rng: random.Random | None = None,
        today: Callable[[], date] = date.today,
        changes: Changes | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._changes = changes if changes is not None else Changes(self)  # hears of every journal write
        self._tasks = tasks
        self._db = connection
        self._repo = JournalRepository(connection)
        self._settings = SettingsRepository(connection)
        self._practice = PracticeRepository(connection)
        self._library = library
        self._rng = rng or random.Random()
        self._today = today
        self._content: JournalContent | None = None
        # Past sessions come from the History screen's controller, which reads them once and keeps them
        # while nothing is written: a second copy here would double a 10,000-answer read.
        self._history = history
        self._wanted_progress: tuple[int, date, tuple[str, ...]] | None = None
        self._progress_round = 0  # a result from an older history, finishing late, is dropped
        history.changed.connect(self._read_progress)
        self.state: JournalState | None = None
        self.deleted: dict[int, JournalEntry] = {}  # by old id, until undone or the app closes
        self._reported = False
        self._loading = False

    # Loading

    def load(self) -> None:
        """Reads the journal (and, the first time, its content files) once the banks and rubric are in."""
        library = self._library()
        if library is None or self._loading:
            return
        self._loading = True
        rubric = library.default_rubric
        criteria = tuple(c.id for c in rubric.criteria)
        cached = self._content

        def read() -> tuple[JournalState, JournalContent]:
            shipped = cached or load_journal_content(criteria=criteria)
            your_name = self._settings.get(settings_keys.YOUR_NAME, "")
            state = JournalState(
                tuple(self._repo.entries()),
                tuple(self._repo.loose_actions()),
                shipped.with_edits(self._repo.template_edits()),
                tuple(journal_areas(rubric, shipped.outside_areas)),
                rubric,
                str(your_name or ""),
                criteria,
            )
            return state, shipped

        def failed(error: BaseException) -> None:
            self._loading = False
            self._failed(error)

        self._tasks.run_serial(read, self._loaded, failed)

    def _loaded(self, result: tuple[JournalState, JournalContent]) -> None:
        self._loading = False
        state, self._content = result
        self.state = state
        if state.content.problems and not self._reported:
            self._reported = True
            self.problems.emit(list(state.content.problems))
        self.loaded.emit(state)

    # Entries

    def add_entry(self, entry: JournalEntry) -> None:
        self._tasks.run_serial(lambda: self._repo.add_entry(entry), self._added, self._failed)

    def _added(self, entry: JournalEntry) -> None:
        self._changes.notify(Change.JOURNAL)
        self._replace(entry)
        self.entry_added.emit(entry)

    def save_entry(self, entry: JournalEntry) -> None:
        """Queues the write; the state has the entry at once, so a tab shown before the write ends shows it."""
        self._replace(entry)
        self._tasks.run_serial(lambda: self._repo.save_entry(entry), self._saved, self._failed)

    def _saved(self, entry: JournalEntry) -> None:
        self._changes.notify(Change.JOURNAL)
        self._replace(entry)
        self.entry_saved.emit(entry)

    def delete_entry(self, entry_id: int) -> None:
        """Deletes an entry whole; it is kept in memory until the app closes, so the delete can be undone."""

        def delete() -> JournalEntry:
            entry = self._repo.entry(entry_id)
            self._repo.delete_entry(entry_id)
            return entry

        def done(entry: JournalEntry) -> None:
            self._changes.notify(Change.JOURNAL)
            self.deleted[entry_id] = entry
            if self.state is not None:
                entries = tuple(e for e in self.state.entries if e.id != entry_id)
                self.state = _with(self.state, entries=entries)
            self.entry_deleted.emit(entry_id)

        self._tasks.run_serial(delete, done, self._failed)

    def undo_delete(self, entry_id: int) -> None:
        """Puts a deleted entry back, with its reflections, tags and action plan (under a new id)."""
        entry = self.deleted.pop(entry_id, None)
        if entry is not None:
            restored = replace(entry, id=None, actions=tuple(replace(a, id=None) for a in entry.actions))
            self._tasks.run_serial(lambda: self._repo.add_entry(restored), self._saved, self._failed)

    def _replace(self, entry: JournalEntry) -> None:
        if self.state is None:
            return
        others = [e for e in self.state.entries if e.id != entry.id]
        self.state = _with(self.state, entries=tuple(sorted_entries([*others, entry])))

    def save_loose_actions(self, actions: Sequence[ActionItem]) -> None:
        def done(saved: list[ActionItem]) -> None:
            self._changes.notify(Change.JOURNAL)
            if self.state is not None:
                self.state = _with(self.state, loose_actions=tuple(saved))

        self._tasks.run_serial(lambda: self._repo.save_loose_actions(actions), done, self._failed)

    # Templates

    def save_template(self, template: MessageTemplate) -> None:
        self._keep_template(template)  # at once, like an entry: the templates tab may be shown again first
        self._tasks.run_serial(lambda: self._repo.save_template(template), self._template_changed, self._failed)

    def reset_template(self, template_id: str) -> None:
        shipped = self._content.template(template_id) if self._content is not None else None
        if shipped is None:
            return

        def reset() -> MessageTemplate:
            self._repo.reset_template(template_id)
            return shipped

        self._tasks.run_serial(reset, self._template_changed, self._failed)

    def _template_changed(self, template: MessageTemplate) -> None:
        self._keep_template(template)
        self.template_saved.emit(template)

    def _keep_template(self, template: MessageTemplate) -> None:
        if self.state is not None:
            templates = tuple(template if t.id == template.id else t for t in self.state.content.templates)
            self.state = _with(self.state, content=replace(self.state.content, templates=templates))

    def set_your_name(self, name: str) -> None:
        name = name.strip()
        if self.state is not None:
            self.state = _with(self.state, your_name=name)
        self._tasks.run_serial(lambda: self._settings.set(settings_keys.YOUR_NAME, name), None, self._failed)

    # Progress since, and practice

    def load_progress(self, entry: JournalEntry) -> None:
        state, since = self.state, entry.since()
        if state is None or entry.id is None or since is None:
            return
        self._wanted_progress = (entry.id, since, tuple(practice_criteria(entry.tags, state.criteria)))
        self._read_progress()

    def _read_progress(self) -> None:
        """From the sessions' aggregates (no answer is read), on the serial lane after any write."""
        wanted = self._wanted_progress
        if wanted is None:
            return
        entry_id, since, criteria = wanted
        self._progress_round += 1
        round_ = self._progress_round
        names = self._history.criterion_names()

        def ready(result: ProgressSince) -> None:
            if round_ == self._progress_round and self._wanted_progress == wanted:
                self.progress_ready.emit(entry_id, result)

        self._tasks.run_serial(
            lambda: progress_report(session_summaries(self._db, names), since, list(criteria)), ready, self._failed
        )

    def preview_session(self, entry: JournalEntry) -> TargetedSession | None:
        """What "Practise from this feedback" would build, for the button's description (no database)."""
        library, state = self._library(), self.state
        if library is None or state is None:
            return None
        areas, source = choose_targets(entry, state.suggestions(entry))
        return build_targeted_session(
            library.catalogue, areas, state.criteria, source=source, rng=random.Random(entry.id or 0)
        )

    def build_session(self, entry: JournalEntry, on_ready: Callable[[TargetedSession], None]) -> None:
        """The session aimed at this entry's feedback: weakest questions first, the user's own limits."""
        library, state = self._library(), self.state
        if library is None or state is None:
            self.failed.emit("The question banks are still loading; try again in a moment.")
            return
        areas, source = choose_targets(entry, state.suggestions(entry))
        catalogue, criteria, rng = library.catalogue, state.criteria, self._rng

        def work() -> TargetedSession:

            weakness = self._practice.question_weakness()
            base = PracticeSetup.from_dict(self._settings.get(settings_keys.PRACTICE_SETUP))
            session = build_targeted_session(
                catalogue, areas, criteria, source=source, weakness=weakness, base=base, rng=rng
            )
            return replace(session, setup=replace(session.setup, purpose=entry_purpose(entry)))

        self._tasks.run_serial(work, on_ready, self._failed)

    def _failed(self, error: BaseException) -> None:
        log.error("journal task failed", exc_info=error)
        self.failed.emit(f"The journal could not be saved or read: {error}")


def _with(state: JournalState, **changes: Any) -> JournalState:
    return replace(state, **changes)
