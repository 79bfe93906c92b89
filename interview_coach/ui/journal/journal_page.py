"""The Journal screen: entries (a list and the entry editor), patterns across them, and templates.

Edits are saved after a short pause in typing (and at once when the entry, tab or screen changes, and when
the app quits), so there is no Save button to forget. An entry added and left blank is removed when the user moves on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.autosave import SAVE_AFTER_MS, Autosave
from interview_coach.controllers.journal_controller import JournalController, JournalState
from interview_coach.controllers.library_controller import LibraryController
from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.journal_progress import ProgressSince
from interview_coach.domain.journal_session import TargetedSession
from interview_coach.domain.practice_setup import PracticeSetup
from interview_coach.domain.questions import LoadProblem
from interview_coach.domain.wording import count_of
from interview_coach.ui.banner_area import BannerArea
from interview_coach.ui.dialogs import Confirm, ask
from interview_coach.ui.journal.entry_editor import EntryEditor
from interview_coach.ui.journal.entry_list import EntryList
from interview_coach.ui.journal.first_run import FirstRunPage
from interview_coach.ui.journal.patterns_view import PatternsView
from interview_coach.ui.journal.templates_view import TemplatesView
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_primary

SUGGEST_AFTER_MS = 250
ENTRIES_TAB, PATTERNS_TAB, TEMPLATES_TAB = 0, 1, 2


class JournalPage(QWidget):
    def __init__(
        self,
        controller: JournalController,
        library: LibraryController,
        *,
        start_practice: Callable[[PracticeSetup], None],
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("journalPage")
        self.controller = controller
        self.confirm: Confirm = ask  # tests answer for the user
        self._start_practice = start_practice
        self._today = today
        self._shown_id: int | None = None
        self.last_session: TargetedSession | None = None
        self._adding = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banners = BannerArea(name="journalBanner")
        layout.addWidget(self.banners)
        self._build_header(layout)
        self._build_tabs(layout)

        self._autosave = Autosave(self._save_entry, SAVE_AFTER_MS, self)
        self._suggest_timer = QTimer(self)
        self._suggest_timer.setSingleShot(True)
        self._suggest_timer.setInterval(SUGGEST_AFTER_MS)
        self._suggest_timer.timeout.connect(self._update_suggestions)

        self._connect_views()
        self._connect_controllers(controller, library)
        if controller.state is not None:
            self._loaded(controller.state)
        else:
            controller.load()

    # Building

    def _build_header(self, layout: QVBoxLayout) -> None:
        header = QVBoxLayout()
        header.setContentsMargins(24, 18, 24, 6)
        header.setSpacing(4)
        title = QLabel("Journal")
        title.setFont(scaled_font(self, 1.6, bold=True))
        header.addWidget(title)
        lead = QLabel(
            "A rejection is information. Record each application and what they said, reflect on it, and turn it "
            "into practice aimed at exactly that."
        )
        lead.setWordWrap(True)
        lead.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        header.addWidget(lead)
        layout.addLayout(header)

    def _build_tabs(self, layout: QVBoxLayout) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("journalTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setStyleSheet("QTabWidget#journalTabs::tab-bar { left: 20px; }")
        self.tabs.addTab(self._entries_tab(), "Entries")
        self.patterns = PatternsView()
        self.tabs.addTab(self.patterns, "Patterns")
        self.templates = TemplatesView()
        self.tabs.addTab(self.templates, "Templates")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)

    def _connect_views(self) -> None:
        self.list.currentRowChanged.connect(self._selection_changed)
        self.editor.changed.connect(self._edited)
        self.editor.practise_requested.connect(self.practise_from_feedback)
        self.editor.delete_requested.connect(self.delete_current)
        self.editor.progress_wanted.connect(self._load_progress)
        self.patterns.practise_areas.connect(self._practise_areas)
        self.patterns.open_entry.connect(self.open_entry)

    def _connect_controllers(self, controller: JournalController, library: LibraryController) -> None:
        self.templates.template_edited.connect(controller.save_template)
        self.templates.reset_requested.connect(controller.reset_template)
        self.templates.your_name_changed.connect(controller.set_your_name)
        controller.loaded.connect(self._loaded)
        controller.entry_added.connect(self._added)
        controller.entry_saved.connect(self.editor.stored)
        controller.entry_deleted.connect(self._deleted)
        controller.template_saved.connect(self.templates.template_saved)
        controller.progress_ready.connect(self._progress_ready)
        controller.problems.connect(self._content_problems)
        controller.failed.connect(self._failed)
        library.loaded.connect(self._library_loaded)

    def _entries_tab(self) -> QWidget:
        self.entries_stack = QStackedWidget()
        self.entries_stack.setObjectName("entriesStack")
        self.loading = QLabel("Opening your journal…")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entries_stack.addWidget(self.loading)
        first_run = FirstRunPage()
        self.first_button = first_run.add_button
        self.first_button.clicked.connect(self.add_entry)
        self.entries_stack.addWidget(first_run)

        splitter = QSplitter()
        splitter.setObjectName("journalSplitter")
        splitter.setChildrenCollapsible(False)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(16, 12, 8, 12)
        side_layout.setSpacing(8)
        self.add_button = QPushButton("Add entry")
        self.add_button.setObjectName("addEntryButton")
        self.add_button.setAccessibleName("Add a journal entry")
        style_primary(self.add_button)
        self.add_button.clicked.connect(self.add_entry)
        side_layout.addWidget(self.add_button)
        self.count = QLabel()
        self.count.setObjectName("journalCount")
        self.count.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        side_layout.addWidget(self.count)
        self.list = EntryList()
        side_layout.addWidget(self.list, 1)
        splitter.addWidget(side)
        self.editor = EntryEditor()
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 700])
        self.entries_stack.addWidget(splitter)
        self._entries_view = splitter
        return self.entries_stack

    # State

    @property
    def state(self) -> JournalState | None:
        return self.controller.state

    def _library_loaded(self, _library: object) -> None:
        self.flush()  # saved before the journal is read again, so the read has it
        self.controller.load()

    def _loaded(self, state: JournalState) -> None:
        self.editor.set_context(state.content.prompts, state.areas)
        self._show_list(select=self._shown_id)
        if self._autosave.pending:  # typed while the journal was being read: the list shows the typing
            self.list.update_entry(self.editor.entry())
        self._refresh_other_tabs()

    def _show_list(self, select: int | None = None) -> None:
        state = self.state
        if state is None:
            return
        entries = list(state.entries)
        self.count.setText(count_of(len(entries), "application"))
        if not entries:
            self._shown_id = None
            self.entries_stack.setCurrentIndex(1)
            return
        self.entries_stack.setCurrentWidget(self._entries_view)
        self.list.show_entries(entries, select=select)
        self._selection_changed()

    def _selection_changed(self, *_args: object) -> None:
        entry_id = self.list.current_id()
        if entry_id == self._shown_id:
            return
        self._leave_current()
        state = self.state
        entry = state.entry(entry_id) if state is not None and entry_id is not None else None
        self._shown_id = entry_id
        if entry is None:
            return
        self.editor.show_entry(entry)
        self._update_suggestions()
        if self.editor.tabs.currentIndex() == 3:
            self._load_progress()

    def _leave_current(self) -> None:
        """Saves the entry being left; one added and never filled in is removed instead."""
        if self._shown_id is None:
            return
        draft = self.editor.entry()
        if draft.id == self._shown_id and draft.is_blank:
            self._autosave.discard()
            self.controller.delete_entry(self._shown_id)
            return
        self.flush()

    def _refresh_other_tabs(self) -> None:
        state = self.state
        if state is None:
            return
        entries = list(state.entries)
        index = self.tabs.currentIndex()
        if index == PATTERNS_TAB:
            self.patterns.show_journal(entries, state.area_names, state.practisable, state.loose_actions, self._today())
        elif index == TEMPLATES_TAB:
            self.templates.show_templates(state.content.templates, entries, state.your_name)
            self.templates.choose_entry(self._shown_id)

    def _tab_changed(self, _index: int) -> None:
        self.flush()
        self._refresh_other_tabs()

    # Editing

    def _edited(self, entry: JournalEntry) -> None:
        self.list.update_entry(entry)
        self._autosave.changed()
        self._suggest_timer.start()

    def flush(self) -> None:
        """Saves the entry on screen now, if it has unsaved edits, rather than after the pause in typing."""
        self._autosave.flush()

    def _save_entry(self) -> None:
        draft = self.editor.entry()
        if draft.id is not None:
            self.controller.save_entry(draft)

    def _update_suggestions(self) -> None:
        state = self.state
        if state is None or self._shown_id is None:
            return
        draft = self.editor.entry()
        self.editor.set_suggestions(state.suggestions(draft), state.area_names)
        preview = self.controller.preview_session(draft)
        if preview is None:
            self.editor.set_session_preview("The question banks are still loading…", False)
            return
        names = state.area_names
        text = preview.describe(names)
        origin = {
            "tags": "From your tags",
            "suggestions": "From what their words suggest",
            "stage": "From the stage it stopped at",
        }[preview.source]
        outside = [names.get(a, a) for a in preview.not_practised]
        extra = f" {', '.join(outside)}: for the action plan." if outside else ""
        self.editor.set_session_preview(f"{origin}: {text}{extra}", not preview.empty)

    def add_entry(self) -> None:
        if self._adding:
            return  # a second click before the first entry is made would leave a blank one behind
        self._adding = True
        self._leave_current()
        self._shown_id = None
        self.controller.add_entry(JournalEntry(applied_on=self._today()))

    def _added(self, entry: JournalEntry) -> None:
        self._adding = False
        self.tabs.setCurrentIndex(ENTRIES_TAB)
        self._show_list(select=entry.id)
        self.editor.tabs.setCurrentIndex(0)
        self.editor.company.setFocus()

    def open_entry(self, entry_id: int) -> None:
        self.tabs.setCurrentIndex(ENTRIES_TAB)
        self.list.select_entry(entry_id)

    def delete_current(self) -> None:
        draft = self.editor.entry()
        if draft.id is None:
            return
        text = (
            f"Delete the journal entry “{draft.title}”?\n\nIts feedback, reflections, tags and action plan are "
            "removed. Your practice sessions are not affected."
        )
        if draft.is_blank or self.confirm(self, "Delete entry", text):
            self._autosave.discard()
            self._shown_id = None
            self.controller.delete_entry(draft.id)

    def _deleted(self, entry_id: int) -> None:
        if self._shown_id == entry_id:
            self._shown_id = None
        self._show_list(select=self._shown_id)
        entry = self.controller.deleted.get(entry_id)
        if entry is not None and not entry.is_blank:
            self.banners.show_message(
                "journal-deleted",
                f"Deleted the entry “{entry.title}”.",
                "info",
                action="Undo",
                on_action=partial(self._undo_delete, entry_id),
            )

    def _undo_delete(self, entry_id: int) -> None:
        self.banners.clear("journal-deleted")
        self.controller.undo_delete(entry_id)

    # Practice and progress

    def practise_from_feedback(self) -> None:
        self.flush()
        self.controller.build_session(self.editor.entry(), self._start_session)

    def _practise_areas(self, areas: list[str]) -> None:
        self.controller.build_session(JournalEntry(tags=tuple(areas)), self._start_session)

    def _start_session(self, session: TargetedSession) -> None:
        self.last_session = session
        if session.empty:
            self.banners.show_message(
                "journal-practice", "No questions in your banks practise these areas yet.", "warning"
            )
            return
        self.banners.clear("journal-practice")
        state = self.controller.state
        names = state.area_names if state is not None else {}
        if self.confirm(self, "Targeted practice", _preview(session, names)):
            self._start_practice(session.setup)

    def _load_progress(self) -> None:
        draft = self.editor.entry()
        if draft.id is not None:
            self.editor.show_progress(None)
            self.controller.load_progress(draft)

    def _progress_ready(self, entry_id: int, report: ProgressSince) -> None:
        if entry_id == self._shown_id:
            self.editor.show_progress(report)

    def _failed(self, text: str) -> None:
        self._adding = False
        self.banners.show_message("journal", text, "error")

    def _content_problems(self, problems: list[LoadProblem]) -> None:
        files = len({p.source for p in problems})
        self.banners.show_message(
            "journal-content",
            f"{count_of(len(problems), 'problem')} in {files} of the journal's content files: those prompts, "
            f"templates or phrases were skipped. First: {problems[0]}",
            "warning",
        )

    # Showing and hiding

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.state is None:
            self.controller.load()
        elif self.editor.tabs.currentIndex() == 3 and self.tabs.currentIndex() == ENTRIES_TAB:
            self._load_progress()  # practice may have moved the scores since

    def hideEvent(self, event: object) -> None:
        self.flush()
        super().hideEvent(event)  # type: ignore[arg-type]


def _preview(session: TargetedSession, names: dict[str, str]) -> str:
    """What the session will ask, before it starts: for which application, the questions, what is scored first."""
    purpose = session.setup.purpose
    heading = f"Practice for {purpose}." if purpose else "Practice aimed at the areas you chose."
    questions = "\n".join(f"\N{BULLET} {text}" for text in session.question_texts)
    return f"{heading}\n\n{session.describe(names)}\n\n{questions}\n\nStart now?"
