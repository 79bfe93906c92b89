"""One journal entry: the details and their feedback word for word, the reflection prompts, the areas
it points to with an action plan, progress since, and the button that practises from it.

The editor only shows and collects: every edit emits `changed` with the entry as now on screen, and the
page saves it (after a short pause in typing) through the controller. Each tab is a widget of its own
module; the editor assembles them, keeps the entry shown, and carries what an edit in one tab means for
another (the stage decides which prompts show, the tags which suggestions are still open).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interview_coach.domain.journal import Area, JournalEntry
from interview_coach.domain.journal_content import ReflectionPrompt
from interview_coach.domain.journal_progress import ProgressSince
from interview_coach.domain.journal_tagging import TagSuggestion
from interview_coach.ui.journal.details_tab import DetailsTab
from interview_coach.ui.journal.editor_widgets import muted
from interview_coach.ui.journal.entry_list import entry_subtitle
from interview_coach.ui.journal.progress_tab import ProgressTab
from interview_coach.ui.journal.reflection_tab import ReflectionTab
from interview_coach.ui.journal.tags_tab import TagsTab
from interview_coach.ui.layout_helpers import frameless_scroll
from interview_coach.ui.theme import scaled_font, style_card, style_primary

PROGRESS_TAB = 3


class EntryEditor(QWidget):
    changed = Signal(object)  # JournalEntry, as now on screen
    practise_requested = Signal()
    delete_requested = Signal()
    progress_wanted = Signal()  # the Progress since tab was opened

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalEntryEditor")
        self._entry = JournalEntry()
        self._filling = False  # the editor is setting fields itself: not an edit of the user's
        self._areas: list[Area] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel()
        self.title.setObjectName("entryTitle")
        self.title.setFont(scaled_font(self, 1.35, bold=True))
        titles.addWidget(self.title)
        self.subtitle = muted(QLabel())
        self.subtitle.setObjectName("entrySubtitle")
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.delete_button = QPushButton("Delete entry…")
        self.delete_button.setObjectName("deleteEntryButton")
        self.delete_button.clicked.connect(self.delete_requested)
        header.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("entryTabs")
        self.tabs.setDocumentMode(True)
        self.details_tab = DetailsTab()
        self.tabs.addTab(frameless_scroll(self.details_tab), "Details and feedback")
        self.reflection_tab = ReflectionTab()
        self.tabs.addTab(frameless_scroll(self.reflection_tab), "Reflection")
        self.tags_tab = TagsTab()
        self.tabs.addTab(frameless_scroll(self.tags_tab), "Tags and action plan")
        self.progress_tab = ProgressTab()
        self.tabs.addTab(frameless_scroll(self.progress_tab), "Progress since")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self._practice_bar())

        self._forward_tab_widgets()
        self.details_tab.edited.connect(self._edited)
        self.details_tab.stage.currentIndexChanged.connect(self._stage_changed)
        self.details_tab.outcome.currentIndexChanged.connect(self._outcome_changed)
        self.details_tab.accept_suggestions.clicked.connect(self.accept_suggested_tags)
        self.reflection_tab.edited.connect(self._edited)
        self.tags_tab.edited.connect(self._edited)

    def _forward_tab_widgets(self) -> None:
        """The tabs' widgets that the page, tests and screenshots reach for on the editor itself."""
        details, tags, progress = self.details_tab, self.tags_tab, self.progress_tab
        self.company, self.role, self.contact = details.company, details.role, details.contact
        self.applied_on, self.heard_on = details.applied_on, details.heard_on
        self.stage, self.outcome, self.feedback = details.stage, details.outcome, details.feedback
        self.suggestion_box, self.suggestion_text = details.suggestion_box, details.suggestion_text
        self.accept_suggestions = details.accept_suggestions
        self.suggest_steps, self.add_step = tags.suggest_steps, tags.add_step
        self.action_table, self.no_actions = tags.action_table, tags.action_table.empty_note
        self.progress_lead, self.progress_card = progress.lead, progress.card
        self.progress_chart, self.progress_empty = progress.chart, progress.empty

    @property
    def reflection_edits(self) -> dict[str, QPlainTextEdit]:
        return self.reflection_tab.edits

    @property
    def tag_boxes(self) -> dict[str, QCheckBox]:
        return self.tags_tab.tag_boxes

    @property
    def progress_report(self) -> ProgressSince | None:
        return self.progress_tab.report

    def _practice_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("practiseBar")
        style_card(bar)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(14, 10, 10, 10)
        self.session_text = QLabel()
        self.session_text.setObjectName("practiseDescription")
        self.session_text.setWordWrap(True)
        layout.addWidget(self.session_text, 1)
        self.practise_button = QPushButton("Practise from this feedback")
        self.practise_button.setObjectName("practiseFromFeedbackButton")
        style_primary(self.practise_button)
        self.practise_button.clicked.connect(self.practise_requested)
        layout.addWidget(self.practise_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return bar

    # Context: prompts and areas

    def set_context(self, prompts: Sequence[ReflectionPrompt], areas: Sequence[Area]) -> None:
        # The journal is read again while the user may be typing: the fields keep what is on screen, not
        # the entry as last saved (the page saves the typing after its pause, as always).
        on_screen = self.entry() if self._entry.id is not None else self._entry
        areas_changed = list(areas) != self._areas
        if areas_changed:
            self._areas = list(areas)
            self.tags_tab.set_areas(self._areas)
        if list(prompts) != self.reflection_tab.prompts or areas_changed:  # prompts name the areas they touch
            self.reflection_tab.set_prompts(prompts, self._areas)
        self._fill_from(on_screen)

    # Showing an entry

    def show_entry(self, entry: JournalEntry) -> None:
        self._entry = entry
        self._fill_from(entry)
        self.show_progress(None)

    def _fill_from(self, entry: JournalEntry) -> None:
        self._filling = True
        try:
            self.details_tab.fill(entry)
            self.reflection_tab.fill(entry)
            self.tags_tab.fill(entry)
        finally:
            self._filling = False
        self._update_header(entry)
        self._update_prompt_visibility()

    def _update_header(self, entry: JournalEntry) -> None:
        self.title.setText(entry.title)
        self.subtitle.setText(entry_subtitle(entry))

    def _update_prompt_visibility(self) -> None:
        self.reflection_tab.show_for_stage(str(self.stage.currentData()))

    # Collecting

    def entry(self) -> JournalEntry:
        """The entry as now on screen (with the id and times of the one shown)."""
        entry = self._entry
        for tab in (self.details_tab, self.reflection_tab, self.tags_tab):
            entry = tab.collect(entry)
        return entry

    def stored(self, entry: JournalEntry) -> None:
        """The save came back: keep its ids (new action rows get theirs) without disturbing the typing."""
        if entry.id != self._entry.id:
            return
        self._entry = entry
        self.action_table.keep_ids([a.id for a in entry.actions])

    def _edited(self, *_args: object) -> None:
        if self._filling:
            return
        entry = self.entry()
        self._update_header(entry)
        self.changed.emit(entry)

    def _stage_changed(self) -> None:
        self._update_prompt_visibility()
        self._edited()

    def _outcome_changed(self) -> None:
        if not self._filling:
            self._filling = True
            if self.details_tab.follow_outcome():
                self._update_prompt_visibility()
            self._filling = False
        self._edited()

    # Tags

    def set_suggestions(self, suggestions: Sequence[TagSuggestion], names: dict[str, str]) -> None:
        self.tags_tab.set_suggestions(suggestions)
        self.details_tab.show_suggestions(self.tags_tab.unticked(suggestions), names)

    def suggested_areas(self) -> list[str]:
        return self.tags_tab.suggested_areas()

    def accept_suggested_tags(self) -> None:
        self._filling = True
        self.tags_tab.tick_suggested()
        self._filling = False
        self.suggestion_box.hide()
        self._edited()

    # Practice and progress

    def set_session_preview(self, text: str, enabled: bool) -> None:
        self.session_text.setText(text)
        self.practise_button.setEnabled(enabled)

    def _tab_changed(self, index: int) -> None:
        if index == PROGRESS_TAB:
            self.progress_wanted.emit()

    def show_progress(self, report: ProgressSince | None) -> None:
        self.progress_tab.show_report(report, self._entry, practisable_tagged=self.tags_tab.has_practisable_tag())
