"""The entry editor's Tags and action plan tab: what the feedback points to, split into what practice can
fix and what it cannot, and the steps planned for both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from interview_coach.domain.journal import ActionItem, Area, JournalEntry
from interview_coach.domain.journal_tagging import TagSuggestion
from interview_coach.ui.journal.action_plan import ActionTable
from interview_coach.ui.journal.editor_widgets import heading, muted
from interview_coach.ui.layout_helpers import clear_layout
from interview_coach.ui.theme import style_card

FIRST_STEP_DUE = timedelta(days=14)


class TagsTab(QWidget):
    """Emits `edited` when a tag is ticked or unticked or the action plan changes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._areas: list[Area] = []
        self._suggestions: list[TagSuggestion] = []
        self.tag_boxes: dict[str, QCheckBox] = {}  # area id -> its box; cleared in place, never replaced
        self._notes: dict[str, QLabel] = {}  # area id -> "suggested", or nothing
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 14, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(heading("What the feedback points to", self))
        layout.addWidget(
            muted(
                QLabel(
                    "Tick what this application was really about; suggestions from their words are marked. The "
                    "targeted session works on the points practice can fix; the rest belong in the action plan."
                )
            )
        )
        columns = QHBoxLayout()
        columns.setSpacing(12)
        self._practice_tags = QGridLayout()
        self._outside_tags = QGridLayout()
        for title, grid in (("Practice can fix", self._practice_tags), ("Outside practice", self._outside_tags)):
            card = QFrame()
            style_card(card)
            inner = QVBoxLayout(card)
            inner.setContentsMargins(14, 10, 14, 10)
            inner.setSpacing(6)
            inner.addWidget(QLabel(f"<b>{title}</b>"))
            grid.setHorizontalSpacing(10)
            grid.setVerticalSpacing(2)
            grid.setColumnStretch(1, 1)
            inner.addLayout(grid)
            inner.addStretch(1)
            columns.addWidget(card, 1)
        layout.addLayout(columns)

        plan_header = QHBoxLayout()
        plan_header.addWidget(heading("Action plan", self))
        plan_header.addStretch(1)
        self.suggest_steps = QPushButton("Suggest steps for the tags")
        self.suggest_steps.setObjectName("suggestActionsButton")
        self.suggest_steps.clicked.connect(self.add_suggested_steps)
        plan_header.addWidget(self.suggest_steps)
        self.add_step = QPushButton("Add step")
        self.add_step.setObjectName("addActionButton")
        self.add_step.clicked.connect(self._add_empty_step)
        plan_header.addWidget(self.add_step)
        layout.addLayout(plan_header)
        self.action_table = ActionTable()
        self.action_table.edited.connect(self.edited)
        layout.addWidget(self.action_table, 1)
        layout.addWidget(self.action_table.empty_note)

    # Areas and tags

    def set_areas(self, areas: Sequence[Area]) -> None:
        """Rebuilds the tags, one box an area, in the column for whether practice can fix it."""
        self._areas = list(areas)
        self.action_table.set_areas(self._areas)
        for grid in (self._practice_tags, self._outside_tags):
            clear_layout(grid)
        self.tag_boxes.clear()
        self._notes.clear()
        rows = {True: 0, False: 0}
        for area in self._areas:
            grid = self._practice_tags if area.practisable else self._outside_tags
            box = QCheckBox(area.name)
            box.setObjectName(f"tag-{area.id}")
            box.setToolTip(area.description)
            box.toggled.connect(self.edited)
            note = muted(QLabel())
            note.setWordWrap(False)
            grid.addWidget(box, rows[area.practisable], 0)
            grid.addWidget(note, rows[area.practisable], 1)
            rows[area.practisable] += 1
            self.tag_boxes[area.id] = box
            self._notes[area.id] = note
        self._show_suggestion_notes()

    def fill(self, entry: JournalEntry) -> None:
        for area_id, box in self.tag_boxes.items():
            box.setChecked(area_id in entry.tags)
        self.action_table.fill(entry.actions)

    def collect(self, entry: JournalEntry) -> JournalEntry:
        """`entry` with the tags and steps as now on screen. Tags keep the order they were given in (new ones
        after), and tags for areas no longer known are kept."""
        tags = [a for a in entry.tags if a in self.tag_boxes and self.tag_boxes[a].isChecked()]
        tags += [a for a, box in self.tag_boxes.items() if box.isChecked() and a not in tags]
        tags += [a for a in entry.tags if a not in self.tag_boxes]
        return replace(entry, tags=tuple(tags), actions=tuple(self.action_table.steps(entry.id)))

    def has_practisable_tag(self) -> bool:
        """Whether a point practice can fix is ticked: only those have progress to show."""
        return any(b.isChecked() for a, b in self.tag_boxes.items() if self._is_practisable(a))

    def _is_practisable(self, area_id: str) -> bool:
        return any(a.id == area_id and a.practisable for a in self._areas)

    # Suggestions

    def set_suggestions(self, suggestions: Sequence[TagSuggestion]) -> None:
        self._suggestions = list(suggestions)
        self._show_suggestion_notes()

    def unticked(self, suggestions: Sequence[TagSuggestion]) -> list[TagSuggestion]:
        """The suggestions still to offer: for known areas, not ticked yet."""
        return [s for s in suggestions if s.area in self.tag_boxes and not self.tag_boxes[s.area].isChecked()]

    def suggested_areas(self) -> list[str]:
        return [s.area for s in self._suggestions if s.area in self.tag_boxes]

    def tick_suggested(self) -> None:
        for area in self.suggested_areas():
            self.tag_boxes[area].setChecked(True)

    def _show_suggestion_notes(self) -> None:
        found = {s.area: s for s in self._suggestions}
        for area_id, note in self._notes.items():
            suggestion = found.get(area_id)
            note.setText("suggested" if suggestion else "")
            note.setToolTip(", ".join(f"“{q}”" for q in suggestion.quotes) if suggestion else "")

    # Action plan

    def _add_empty_step(self) -> None:
        self.action_table.add_row(ActionItem("", ""), focus=True)

    def add_suggested_steps(self) -> None:
        """A first step for each ticked area that has none yet, due in two weeks."""
        have = {a.area for a in self.action_table.steps()}
        due = date.today() + FIRST_STEP_DUE
        added = False
        for area in self._areas:
            box = self.tag_boxes.get(area.id)
            if box is not None and box.isChecked() and area.id not in have and area.first_action:
                self.action_table.add_row(ActionItem(area.id, area.first_action, due))
                added = True
        if added:
            self.edited.emit()
