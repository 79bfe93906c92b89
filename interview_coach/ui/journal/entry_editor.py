"""One journal entry: the details and their feedback word for word, the reflection prompts, the areas
it points to with an action plan, progress since, and the button that practises from it.

The editor only shows and collects: every edit emits `changed` with the entry as now on screen, and the
page saves it (after a short pause in typing) through the controller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interview_coach.domain.journal import (
    ACTION_STATUS_LABELS,
    ACTION_STATUSES,
    OUTCOMES,
    STAGES,
    ActionItem,
    Area,
    JournalEntry,
    outcome_label,
    stage_label,
)
from interview_coach.domain.journal_content import ReflectionPrompt
from interview_coach.domain.journal_progress import Movement, ProgressSince
from interview_coach.domain.journal_tagging import TagSuggestion
from interview_coach.ui.journal.charts import fill_progress_since, make_chart_view
from interview_coach.ui.journal.entry_list import entry_subtitle
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_card, style_primary

NO_DATE = QDate(2000, 1, 1)  # a date edit at this value shows its "not set" text
GENERAL_AREA = ""
UP, DOWN = "#2e9d6a", "#c0392b"


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value is not None else NO_DATE


def from_qdate(value: QDate) -> date | None:
    return None if value == NO_DATE or not value.isValid() else date(value.year(), value.month(), value.day())


def optional_date_edit(name: str, accessible: str, empty_text: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(empty_text)
    edit.setDate(NO_DATE)
    return edit


def _scroll(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def _muted(widget: QLabel) -> QLabel:
    widget.setStyleSheet(f"color: {muted_text_colour(widget).name()}")
    widget.setWordWrap(True)
    return widget


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text)
    label.setFont(scaled_font(parent, 1.1, bold=True))
    return label


class EntryEditor(QWidget):
    changed = Signal(object)  # JournalEntry, as now on screen
    practise_requested = Signal()
    delete_requested = Signal()
    progress_wanted = Signal()  # the Progress since tab was opened

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalEntryEditor")
        self._entry = JournalEntry()
        self._filling = False
        self._areas: list[Area] = []
        self._prompts: list[ReflectionPrompt] = []
        self._suggestions: list[TagSuggestion] = []
        self.progress_report: ProgressSince | None = None
        self.reflection_edits: dict[str, QPlainTextEdit] = {}
        self._reflection_blocks: dict[str, QWidget] = {}
        self.tag_boxes: dict[str, QCheckBox] = {}
        self._tag_notes: dict[str, QLabel] = {}

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
        self.subtitle = _muted(QLabel())
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
        self.tabs.addTab(self._details_tab(), "Details and feedback")
        self.tabs.addTab(self._reflection_tab(), "Reflection")
        self.tabs.addTab(self._tags_tab(), "Tags and action plan")
        self.tabs.addTab(self._progress_tab(), "Progress since")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self._practice_bar())

    # Building

    def _details_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 14, 12, 8)
        layout.setSpacing(12)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(10)
        self.company = self._line("entryCompany", "Company", "Who you applied to")
        self.role = self._line("entryRole", "Role", "The job title in the advert")
        self.contact = self._line("entryContact", "Contact", "Interviewer or recruiter (for the templates)")
        left.addRow("Company:", self.company)
        left.addRow("Role:", self.role)
        left.addRow("Contact:", self.contact)
        self.applied_on = optional_date_edit("entryAppliedOn", "Applied on", "No date")
        self.stage = QComboBox()
        self.stage.setObjectName("entryStage")
        self.stage.setAccessibleName("Furthest stage reached")
        for stage in STAGES:
            self.stage.addItem(stage_label(stage), stage)
        self.outcome = QComboBox()
        self.outcome.setObjectName("entryOutcome")
        self.outcome.setAccessibleName("Outcome")
        for outcome in OUTCOMES:
            self.outcome.addItem(outcome_label(outcome), outcome)
        self.heard_on = optional_date_edit("entryHeardOn", "Heard back on", "Not yet")
        right.addRow("Applied:", self.applied_on)
        right.addRow("Furthest stage:", self.stage)
        right.addRow("Outcome:", self.outcome)
        right.addRow("Heard back:", self.heard_on)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout.addLayout(columns)

        layout.addWidget(_heading("Their feedback, word for word", self))
        hint = _muted(
            QLabel(
                "Paste or type exactly what they said, even if it is only a line. Their own words are what "
                "the journal reads to suggest what to work on."
            )
        )
        layout.addWidget(hint)
        self.feedback = QPlainTextEdit()
        self.feedback.setObjectName("entryFeedback")
        self.feedback.setAccessibleName("Feedback, word for word")
        self.feedback.setPlaceholderText(
            "For example: “Strong technical answers, but we didn't hear concrete examples…”"
        )
        self.feedback.setMinimumHeight(110)
        self.feedback.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.feedback, 1)

        self.suggestion_box = QFrame()
        self.suggestion_box.setObjectName("suggestionBox")
        style_card(self.suggestion_box)
        box = QHBoxLayout(self.suggestion_box)
        box.setContentsMargins(12, 8, 8, 8)
        self.suggestion_text = QLabel()
        self.suggestion_text.setObjectName("suggestedTagsText")
        self.suggestion_text.setWordWrap(True)
        self.suggestion_text.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(self.suggestion_text, 1)
        self.accept_suggestions = QPushButton("Tag these")
        self.accept_suggestions.setObjectName("acceptSuggestedTags")
        self.accept_suggestions.setAccessibleName("Accept the suggested tags")
        self.accept_suggestions.clicked.connect(self.accept_suggested_tags)
        box.addWidget(self.accept_suggestions, 0, Qt.AlignmentFlag.AlignVCenter)
        self.suggestion_box.hide()
        layout.addWidget(self.suggestion_box)

        for widget in (self.company, self.role, self.contact):
            widget.textEdited.connect(self._edited)
        self.feedback.textChanged.connect(self._edited)
        self.applied_on.dateChanged.connect(self._edited)
        self.heard_on.dateChanged.connect(self._edited)
        self.stage.currentIndexChanged.connect(self._stage_changed)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        return _scroll(page)

    def _line(self, name: str, accessible: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        return edit

    def _reflection_tab(self) -> QWidget:
        page = QWidget()
        self._reflection_layout = QVBoxLayout(page)
        self._reflection_layout.setContentsMargins(4, 14, 12, 8)
        self._reflection_layout.setSpacing(14)
        lead = _muted(
            QLabel(
                "A few honest lines while it is fresh. Prompts appear for the stage this application reached; "
                "each names the points of the rubric it touches."
            )
        )
        self._reflection_layout.addWidget(lead)
        self._reflection_layout.addStretch(1)
        return _scroll(page)

    def _tags_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 14, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(_heading("What the feedback points to", self))
        layout.addWidget(
            _muted(
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
        plan_header.addWidget(_heading("Action plan", self))
        plan_header.addStretch(1)
        self.suggest_steps = QPushButton("Suggest steps for the tags")
        self.suggest_steps.setObjectName("suggestActionsButton")
        self.suggest_steps.clicked.connect(self.add_suggested_steps)
        plan_header.addWidget(self.suggest_steps)
        self.add_step = QPushButton("Add step")
        self.add_step.setObjectName("addActionButton")
        self.add_step.clicked.connect(lambda: self._add_action_row(ActionItem("", ""), focus=True))
        plan_header.addWidget(self.add_step)
        layout.addLayout(plan_header)
        self.action_table = QTableWidget(0, 5)
        self.action_table.setObjectName("actionTable")
        self.action_table.setAccessibleName("Action plan")
        self.action_table.setHorizontalHeaderLabels(["Area", "What you will do", "Due", "Status", ""])
        self.action_table.verticalHeader().hide()
        self.action_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.action_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.action_table.setShowGrid(False)
        header = self.action_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.action_table.setMinimumHeight(110)
        # Take the room there is rather than asking for more: a preferred height would make the tab scroll.
        self.action_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.action_table, 1)
        self.no_actions = _muted(QLabel("No steps yet. Add one, or let the tags suggest a first step for each."))
        self.no_actions.setObjectName("noActionsText")
        layout.addWidget(self.no_actions)
        self._action_ids: list[ActionItem] = []
        return _scroll(page)

    def _progress_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 14, 12, 8)
        layout.setSpacing(10)
        self.progress_lead = _muted(QLabel())
        self.progress_lead.setObjectName("progressSinceLead")
        layout.addWidget(self.progress_lead)
        self.progress_card = QFrame()
        style_card(self.progress_card)
        self._progress_grid = QGridLayout(self.progress_card)
        self._progress_grid.setContentsMargins(16, 12, 16, 12)
        self._progress_grid.setHorizontalSpacing(18)
        self._progress_grid.setVerticalSpacing(8)
        layout.addWidget(self.progress_card)
        self.progress_chart = make_chart_view("progressSinceChart", "Scores on the tagged points over time")
        self.progress_chart.setMinimumHeight(240)
        self.progress_chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.progress_chart, 1)
        self.progress_empty = QLabel()
        self.progress_empty.setObjectName("progressSinceEmpty")
        self.progress_empty.setWordWrap(True)
        layout.addWidget(self.progress_empty)
        layout.addStretch(0)
        return _scroll(page)

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
        areas_changed = list(areas) != self._areas
        if areas_changed:
            self._areas = list(areas)
            self._build_tags()
        if list(prompts) != self._prompts or areas_changed:  # prompts name the areas they touch
            self._prompts = list(prompts)
            self._build_prompts()
        self._fill_from(self._entry)

    def _build_prompts(self) -> None:
        for block in self._reflection_blocks.values():
            block.deleteLater()
        self._reflection_blocks.clear()
        self.reflection_edits.clear()
        names = {a.id: a.name for a in self._areas}
        for prompt in self._prompts:
            block = QWidget()
            inner = QVBoxLayout(block)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(4)
            question = QLabel(prompt.text)
            question.setFont(scaled_font(self, 1.0, bold=True))
            question.setWordWrap(True)
            inner.addWidget(question)
            inner.addWidget(_muted(QLabel(prompt.help)))
            ties = [names.get(c, c) for c in (*prompt.criteria, *prompt.areas)]
            if ties:
                tie = _muted(QLabel("Touches: " + ", ".join(ties)))
                tie.setFont(scaled_font(self, 0.9))
                inner.addWidget(tie)
            edit = QPlainTextEdit()
            edit.setObjectName(f"reflection-{prompt.id}")
            edit.setAccessibleName(prompt.text)
            edit.setPlaceholderText("A line or two, in your own words")
            edit.setFixedHeight(max(64, self.fontMetrics().height() * 3 + 16))
            edit.textChanged.connect(self._edited)
            inner.addWidget(edit)
            self.reflection_edits[prompt.id] = edit
            self._reflection_blocks[prompt.id] = block
            self._reflection_layout.insertWidget(self._reflection_layout.count() - 1, block)

    def _build_tags(self) -> None:
        for grid in (self._practice_tags, self._outside_tags):
            while grid.count():
                item = grid.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.deleteLater()
        self.tag_boxes.clear()
        self._tag_notes.clear()
        rows = {True: 0, False: 0}
        for area in self._areas:
            grid = self._practice_tags if area.practisable else self._outside_tags
            box = QCheckBox(area.name)
            box.setObjectName(f"tag-{area.id}")
            box.setToolTip(area.description)
            box.toggled.connect(self._edited)
            note = _muted(QLabel())
            note.setWordWrap(False)
            grid.addWidget(box, rows[area.practisable], 0)
            grid.addWidget(note, rows[area.practisable], 1)
            rows[area.practisable] += 1
            self.tag_boxes[area.id] = box
            self._tag_notes[area.id] = note
        self._show_suggestion_notes()

    # Showing an entry

    def show_entry(self, entry: JournalEntry) -> None:
        self._entry = entry
        self._fill_from(entry)
        self.show_progress(None)

    def _fill_from(self, entry: JournalEntry) -> None:
        self._filling = True
        try:
            self.company.setText(entry.company)
            self.role.setText(entry.role)
            self.contact.setText(entry.contact)
            self.applied_on.setDate(to_qdate(entry.applied_on))
            self.heard_on.setDate(to_qdate(entry.heard_on))
            self.stage.setCurrentIndex(max(0, self.stage.findData(entry.stage_reached)))
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(entry.outcome)))
            if self.feedback.toPlainText() != entry.feedback:
                self.feedback.setPlainText(entry.feedback)
            for prompt_id, edit in self.reflection_edits.items():
                text = entry.reflections.get(prompt_id, "")
                if edit.toPlainText() != text:
                    edit.setPlainText(text)
            for area_id, box in self.tag_boxes.items():
                box.setChecked(area_id in entry.tags)
            self._fill_actions(entry.actions)
        finally:
            self._filling = False
        self._update_header(entry)
        self._update_prompt_visibility()

    def _update_header(self, entry: JournalEntry) -> None:
        self.title.setText(entry.title)
        self.subtitle.setText(entry_subtitle(entry))

    def _update_prompt_visibility(self) -> None:
        stage = str(self.stage.currentData())
        for prompt in self._prompts:
            block = self._reflection_blocks.get(prompt.id)
            edit = self.reflection_edits.get(prompt.id)
            if block is not None and edit is not None:
                block.setVisible(prompt.applies_to(stage) or bool(edit.toPlainText().strip()))

    # Collecting

    def entry(self) -> JournalEntry:
        """The entry as now on screen (with the id and times of the one shown)."""
        reflections = {pid: e.toPlainText() for pid, e in self.reflection_edits.items() if e.toPlainText().strip()}
        # Answers to prompts no longer shipped are kept as they were.
        for prompt_id, text in self._entry.reflections.items():
            if prompt_id not in self.reflection_edits:
                reflections[prompt_id] = text
        tags = [a for a in self._entry.tags if a in self.tag_boxes and self.tag_boxes[a].isChecked()]
        tags += [a for a, box in self.tag_boxes.items() if box.isChecked() and a not in tags]
        tags += [a for a in self._entry.tags if a not in self.tag_boxes]  # areas no longer known: kept
        return replace(
            self._entry,
            company=self.company.text(),
            role=self.role.text(),
            contact=self.contact.text(),
            applied_on=from_qdate(self.applied_on.date()),
            heard_on=from_qdate(self.heard_on.date()),
            stage_reached=self.stage.currentData(),
            outcome=self.outcome.currentData(),
            feedback=self.feedback.toPlainText(),
            reflections=reflections,
            tags=tuple(tags),
            actions=tuple(self._collect_actions()),
        )

    def stored(self, entry: JournalEntry) -> None:
        """The save came back: keep its ids (new action rows get theirs) without disturbing the typing."""
        if entry.id != self._entry.id:
            return
        self._entry = entry
        ids = [a.id for a in entry.actions]
        for row, action_id in enumerate(ids[: self.action_table.rowCount()]):
            if row < len(self._action_ids):
                self._action_ids[row] = replace(self._action_ids[row], id=action_id)

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
            outcome = self.outcome.currentData()
            self._filling = True
            if outcome in ("offer", "accepted"):
                self.stage.setCurrentIndex(self.stage.findData("offer"))
                self._update_prompt_visibility()
            if outcome != "waiting" and from_qdate(self.heard_on.date()) is None:
                self.heard_on.setDate(QDate.currentDate())
            self._filling = False
        self._edited()

    # Tags

    def set_suggestions(self, suggestions: Sequence[TagSuggestion], names: dict[str, str]) -> None:
        self._suggestions = list(suggestions)
        pending = [s for s in suggestions if s.area in self.tag_boxes and not self.tag_boxes[s.area].isChecked()]
        if pending:
            parts = [
                f"<b>{escape(names.get(s.area, s.area))}</b> ({', '.join(f'“{escape(q)}”' for q in s.quotes[:2])})"
                for s in pending
            ]
            self.suggestion_text.setText("Their words point to " + "; ".join(parts) + ".")
            self.suggestion_box.show()
        else:
            self.suggestion_box.hide()
        self._show_suggestion_notes()

    def _show_suggestion_notes(self) -> None:
        found = {s.area: s for s in self._suggestions}
        for area_id, note in self._tag_notes.items():
            suggestion = found.get(area_id)
            note.setText("suggested" if suggestion else "")
            note.setToolTip(", ".join(f"“{q}”" for q in suggestion.quotes) if suggestion else "")

    def suggested_areas(self) -> list[str]:
        return [s.area for s in self._suggestions if s.area in self.tag_boxes]

    def accept_suggested_tags(self) -> None:
        self._filling = True
        for area in self.suggested_areas():
            self.tag_boxes[area].setChecked(True)
        self._filling = False
        self.suggestion_box.hide()
        self._edited()

    # Action plan

    def _fill_actions(self, actions: Sequence[ActionItem]) -> None:
        self.action_table.setRowCount(0)
        self._action_ids = []
        for action in actions:
            self._add_action_row(action)
        self._update_no_actions()

    def _add_action_row(self, action: ActionItem, *, focus: bool = False) -> None:
        row = self.action_table.rowCount()
        self.action_table.insertRow(row)
        self._action_ids.append(action)
        area = QComboBox()
        area.setObjectName("actionArea")
        area.setAccessibleName("Area of this step")
        area.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        area.setMinimumContentsLength(10)
        area.addItem("General", GENERAL_AREA)
        for known in self._areas:
            area.addItem(known.name, known.id)
        if action.area and area.findData(action.area) < 0:
            area.addItem(action.area, action.area)
        area.setCurrentIndex(max(0, area.findData(action.area)))
        text = QLineEdit(action.action)
        text.setObjectName("actionText")
        text.setAccessibleName("What you will do")
        text.setPlaceholderText("One concrete step")
        text.setFrame(False)
        text.setCursorPosition(0)
        text.setToolTip(action.action)
        text.textChanged.connect(text.setToolTip)
        due = optional_date_edit("actionDue", "Due date", "No date")
        due.setDate(to_qdate(action.due_on))
        status = QComboBox()
        status.setObjectName("actionStatus")
        status.setAccessibleName("Status")
        for value in ACTION_STATUSES:
            status.addItem(ACTION_STATUS_LABELS[value], value)
        status.setCurrentIndex(max(0, status.findData(action.status)))
        remove = QToolButton()
        remove.setObjectName("removeActionButton")
        remove.setText("\N{MULTIPLICATION SIGN}")
        remove.setAccessibleName("Remove this step")
        remove.setToolTip("Remove this step")
        remove.setAutoRaise(True)
        for column, widget in enumerate((area, text, due, status, remove)):
            self.action_table.setCellWidget(row, column, widget)
        self.action_table.setRowHeight(row, max(34, text.sizeHint().height() + 8))
        area.currentIndexChanged.connect(self._edited)
        text.textEdited.connect(self._edited)
        due.dateChanged.connect(self._edited)
        status.currentIndexChanged.connect(self._edited)
        remove.clicked.connect(partial(self._remove_action, remove))
        self._update_no_actions()
        if focus:
            text.setFocus()
            if not self._filling:
                self._edited()

    def _remove_action(self, button: QToolButton) -> None:
        for row in range(self.action_table.rowCount()):
            if self.action_table.cellWidget(row, 4) is button:
                self.action_table.removeRow(row)
                del self._action_ids[row]
                break
        self._update_no_actions()
        self._edited()

    def _collect_actions(self) -> list[ActionItem]:
        found = []
        for row in range(self.action_table.rowCount()):
            area, text, due, status = (self.action_table.cellWidget(row, c) for c in range(4))
            assert isinstance(area, QComboBox) and isinstance(text, QLineEdit)
            assert isinstance(due, QDateEdit) and isinstance(status, QComboBox)
            base = self._action_ids[row] if row < len(self._action_ids) else ActionItem("", "")
            found.append(
                replace(
                    base,
                    area=str(area.currentData() or ""),
                    action=text.text(),
                    due_on=from_qdate(due.date()),
                    status=status.currentData(),
                    entry_id=self._entry.id,
                )
            )
        return found

    def add_suggested_steps(self) -> None:
        """A first step for each ticked area that has none yet, due in two weeks."""
        have = {a.area for a in self._collect_actions()}
        due = date.today() + timedelta(days=14)
        added = False
        for area in self._areas:
            box = self.tag_boxes.get(area.id)
            if box is not None and box.isChecked() and area.id not in have and area.first_action:
                self._filling = True
                self._add_action_row(ActionItem(area.id, area.first_action, due))
                self._filling = False
                added = True
        if added:
            self._edited()

    def _update_no_actions(self) -> None:
        self.no_actions.setVisible(self.action_table.rowCount() == 0)

    # Practice and progress

    def set_session_preview(self, text: str, enabled: bool) -> None:
        self.session_text.setText(text)
        self.practise_button.setEnabled(enabled)

    def _tab_changed(self, index: int) -> None:
        if index == 3:
            self.progress_wanted.emit()

    def show_progress(self, report: ProgressSince | None) -> None:
        while self._progress_grid.count():
            item = self._progress_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        entry = self._entry
        since = entry.since()
        when = since.strftime("%d %b %Y").lstrip("0") if since else "this entry"
        self.progress_lead.setText(
            f"How the points this feedback named have moved in practice since {when}: your average self-score "
            "over the last sessions before that day against your latest sessions since."
        )
        self.progress_report = report
        if report is None or not report.movements:
            self.progress_card.hide()
            self.progress_chart.hide()
            self.progress_empty.setText("Working it out…" if report is None and entry.tags else "")
            self._show_progress_empty(entry)
            return
        self.progress_empty.hide()
        self.progress_card.show()
        self.progress_chart.show()
        muted = muted_text_colour(self).name()
        for column, title in enumerate(("Point", "Before", "", "Now", "Change", "Sessions since")):
            label = QLabel(f"<span style='color:{muted}'>{title}</span>")
            self._progress_grid.addWidget(label, 0, column)
        for row, movement in enumerate(report.movements, start=1):
            self._add_movement(row, movement)
        self._progress_grid.setColumnStretch(0, 1)
        fill_progress_since(self.progress_chart.chart(), report, {m.criterion: m.name for m in report.movements})

    def _show_progress_empty(self, entry: JournalEntry) -> None:
        if not any(b.isChecked() for a, b in self.tag_boxes.items() if self._is_practisable(a)):
            self.progress_empty.setText(
                "Tag this entry with the points its feedback names (under Tags and action plan), "
                "and how they move in practice shows here."
            )
        self.progress_empty.setVisible(bool(self.progress_empty.text()))

    def _is_practisable(self, area_id: str) -> bool:
        return any(a.id == area_id and a.practisable for a in self._areas)

    def _add_movement(self, row: int, movement: Movement) -> None:
        fmt = "{:.1f}"
        name = QLabel(f"<b>{movement.name}</b>")
        before = QLabel(fmt.format(movement.before) if movement.before is not None else "–")
        arrow = QLabel("\N{RIGHTWARDS ARROW}")
        after = QLabel(fmt.format(movement.after) if movement.after is not None else "–")
        direction = movement.direction
        texts = {
            "up": ("\N{BLACK UP-POINTING TRIANGLE} ", UP),
            "down": ("\N{BLACK DOWN-POINTING TRIANGLE} ", DOWN),
            "steady": ("", ""),
        }
        if direction in texts and movement.delta is not None:
            symbol, colour = texts[direction]
            sign = "+" if movement.delta >= 0 else "\N{MINUS SIGN}"
            change_text = f"{symbol}{sign}{abs(movement.delta):.1f}"
            change = QLabel(f"<span style='color:{colour}'>{change_text}</span>" if colour else change_text)
        elif direction == "new":
            change = _muted(QLabel("no scores from before"))
        else:
            change = _muted(QLabel("not practised since"))
        sessions = QLabel(str(movement.sessions_since))
        for column, widget in enumerate((name, before, arrow, after, change, sessions)):
            widget.setObjectName(f"movement-{movement.criterion}-{column}")
            self._progress_grid.addWidget(widget, row, column)
        name.setAccessibleName(movement.describe())
