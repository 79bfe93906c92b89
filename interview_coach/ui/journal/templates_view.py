"""Message templates to copy: asking for feedback, a thank-you note, staying in touch.

The user edits their own copy (kept in the database; "Reset" brings back the shipped words) and sees it
filled in from a chosen journal entry, with the placeholders still to fill by hand highlighted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.autosave import Autosave
from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.journal_content import PLACEHOLDER, FilledMessage, MessageTemplate, fill_message
from interview_coach.ui.journal.entry_list import SUBTITLE, CardDelegate
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_primary

HIGHLIGHT = "rgba(255, 190, 0, 90)"


def message_values(entry: JournalEntry | None, your_name: str) -> dict[str, str]:
    values = {"your_name": your_name}
    if entry is not None:
        values |= {"company": entry.company, "role": entry.role, "interviewer": entry.contact}
    return values


def preview_html(message: FilledMessage) -> str:
    """The filled message as HTML, with the placeholders left to fill shown highlighted."""

    def marked(text: str) -> str:
        parts, last = [], 0
        for match in PLACEHOLDER.finditer(text):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<span style='background:{HIGHLIGHT}'>{escape(match.group(0))}</span>")
            last = match.end()
        parts.append(escape(text[last:]))
        return "".join(parts).replace("\n", "<br>")

    subject = f"<p><b>Subject:</b> {marked(message.subject)}</p>" if message.subject else ""
    return f"{subject}<p>{marked(message.body.strip())}</p>"


class TemplatesView(QWidget):
    template_edited = Signal(object)  # MessageTemplate: the user's copy
    reset_requested = Signal(str)  # template id
    your_name_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalTemplates")
        self._templates: list[MessageTemplate] = []
        self._entries: list[JournalEntry] = []
        self._your_name = ""
        self._filling = False
        self._unsaved_id: str | None = None  # the template with edits not yet handed on for saving
        self.copy_text: Callable[[str], None] = lambda text: QGuiApplication.clipboard().setText(text)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter)
        splitter.addWidget(self._build_list_pane())
        splitter.addWidget(self._build_editor_pane())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 640])
        self._connect_signals()

    # Building

    def _build_list_pane(self) -> QWidget:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 8, 0)
        intro = QLabel("Messages written to be sent, by you, in your own voice. Pick one, fill it in, copy it.")
        intro.setWordWrap(True)
        intro.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        left_layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setAccessibleName("Message templates")
        self.list.setItemDelegate(CardDelegate(self.list, lines=2))
        self.list.setUniformItemSizes(True)
        left_layout.addWidget(self.list)
        note = QLabel(
            "Your edits are kept in your data folder and go with your backups; "
            "“Reset to the original” brings back the words the app came with."
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        left_layout.addWidget(note)
        left_layout.addStretch(1)
        return left

    def _build_editor_pane(self) -> QWidget:
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(12, 0, 0, 0)
        right_layout.setSpacing(8)
        self.title = QLabel()
        self.title.setObjectName("templateTitle")
        self.title.setFont(scaled_font(self, 1.3, bold=True))
        right_layout.addWidget(self.title)
        self.when = QLabel()
        self.when.setObjectName("templateWhen")
        self.when.setWordWrap(True)
        self.when.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        right_layout.addWidget(self.when)
        self._build_entry_form(right_layout)
        self._build_tabs(right_layout)
        self._build_buttons(right_layout)
        return right

    def _build_entry_form(self, right_layout: QVBoxLayout) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.entry_choice = QComboBox()
        self.entry_choice.setObjectName("templateEntry")
        self.entry_choice.setAccessibleName("Fill in from journal entry")
        self.your_name = QLineEdit()
        self.your_name.setObjectName("yourNameEdit")
        self.your_name.setAccessibleName("Your name")
        self.your_name.setPlaceholderText("How you sign your messages")
        form.addRow("Fill in from:", self.entry_choice)
        form.addRow("Your name:", self.your_name)
        right_layout.addLayout(form)

    def _build_tabs(self, right_layout: QVBoxLayout) -> None:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("templateTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_ready_tab(), "Ready to send")
        self.tabs.addTab(self._build_edit_tab(), "Edit the template")
        right_layout.addWidget(self.tabs, 1)

    def _build_ready_tab(self) -> QWidget:
        ready = QWidget()
        ready_layout = QVBoxLayout(ready)
        ready_layout.setContentsMargins(0, 8, 0, 0)
        self.preview = QTextBrowser()
        self.preview.setObjectName("templatePreview")
        self.preview.setAccessibleName("The message, ready to send")
        self.preview.document().setDocumentMargin(14)
        ready_layout.addWidget(self.preview, 1)
        self.unfilled = QLabel()
        self.unfilled.setObjectName("templateUnfilled")
        self.unfilled.setWordWrap(True)
        ready_layout.addWidget(self.unfilled)
        return ready

    def _build_edit_tab(self) -> QWidget:
        edit = QWidget()
        edit_layout = QVBoxLayout(edit)
        edit_layout.setContentsMargins(0, 8, 0, 0)
        subject_row = QFormLayout()
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.subject.setAccessibleName("Subject line of the template")
        subject_row.addRow("Subject:", self.subject)
        edit_layout.addLayout(subject_row)
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        self.body.setAccessibleName("Template text")
        edit_layout.addWidget(self.body, 1)
        help_text = QLabel(
            "{company}, {role}, {interviewer} and {your_name} are filled in for you; any other {word} in braces "
            "is left for you to fill by hand. Your changes are saved as you type."
        )
        help_text.setWordWrap(True)
        help_text.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        edit_layout.addWidget(help_text)
        return edit

    def _build_buttons(self, right_layout: QVBoxLayout) -> None:
        buttons = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("templateStatus")
        self.status.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        buttons.addWidget(self.status, 1)
        self.reset_button = QPushButton("Reset to the original")
        self.reset_button.setObjectName("resetTemplateButton")
        self.reset_button.clicked.connect(self._reset)
        buttons.addWidget(self.reset_button)
        self.copy_button = QPushButton("Copy to clipboard")
        self.copy_button.setObjectName("copyTemplateButton")
        style_primary(self.copy_button)
        self.copy_button.clicked.connect(self.copy)
        buttons.addWidget(self.copy_button)
        right_layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self._autosave = Autosave(self._save_template, parent=self)
        self._name_autosave = Autosave(lambda: self.your_name_changed.emit(self.your_name.text()), parent=self)
        self.list.currentRowChanged.connect(self._show_current)
        self.entry_choice.currentIndexChanged.connect(self._refresh_preview)
        self.your_name.textEdited.connect(self._name_edited)
        self.subject.textEdited.connect(self._edited)
        self.body.textChanged.connect(self._edited)

    # Showing

    def show_templates(
        self, templates: Sequence[MessageTemplate], entries: Sequence[JournalEntry], your_name: str
    ) -> None:
        self.flush()
        current = self.list.currentRow()
        self._templates = list(templates)
        self._entries = list(entries)
        self._filling = True
        self.list.clear()
        for template in self._templates:
            item = QListWidgetItem(template.title)
            item.setData(SUBTITLE, self._item_note(template))
            self.list.addItem(item)
        rows = self.list.sizeHintForRow(0) * len(self._templates) if self._templates else 0
        self.list.setFixedHeight(rows + 2 * self.list.frameWidth() + 4)
        chosen = self.entry_choice.currentData()
        self.entry_choice.clear()
        self.entry_choice.addItem("No entry: keep the placeholders", None)
        for entry in self._entries:
            self.entry_choice.addItem(entry.title, entry.id)
        index = self.entry_choice.findData(chosen) if chosen is not None else -1
        self.entry_choice.setCurrentIndex(index if index >= 0 else (1 if self._entries else 0))
        if self.your_name.text() != your_name and not self.your_name.hasFocus():
            self.your_name.setText(your_name)
        self._filling = False
        self.list.setCurrentRow(current if 0 <= current < len(self._templates) else 0)
        self._show_current()

    def choose_entry(self, entry_id: int | None) -> None:
        index = self.entry_choice.findData(entry_id)
        if index >= 0:
            self.entry_choice.setCurrentIndex(index)

    def _item_note(self, template: MessageTemplate) -> str:
        return "Your edited version" if template.edited else "As written for the app"

    def current(self) -> MessageTemplate | None:
        row = self.list.currentRow()
        return self._templates[row] if 0 <= row < len(self._templates) else None

    def _show_current(self) -> None:
        self.flush()  # another template chosen: the one being edited is saved first
        template = self.current()
        if template is None:
            return
        self._filling = True
        self.title.setText(template.title)
        self.when.setText(template.when)
        self.subject.setText(template.subject)
        if self.body.toPlainText() != template.body:
            self.body.setPlainText(template.body)
        self._filling = False
        self.reset_button.setEnabled(template.edited)
        self.status.setText("Your edited version." if template.edited else "")
        self._refresh_preview()

    def message(self) -> FilledMessage | None:
        template = self.current()
        if template is None:
            return None
        entry_id = self.entry_choice.currentData()
        entry = next((e for e in self._entries if e.id == entry_id), None)
        return fill_message(template, message_values(entry, self.your_name.text().strip()))

    def _refresh_preview(self) -> None:
        message = self.message()
        if message is None:
            return
        self.preview.setHtml(preview_html(message))
        if message.unfilled:
            listed = ", ".join(f"{{{p}}}" for p in message.unfilled)
            self.unfilled.setText(f"Fill in by hand before sending: {listed}")
        else:
            self.unfilled.setText("Everything is filled in. Read it once more, then copy it.")

    # Editing

    def _edited(self) -> None:
        if self._filling:
            return
        row = self.list.currentRow()
        template = self.current()
        if template is None:
            return
        updated = replace(template, subject=self.subject.text(), body=self.body.toPlainText())
        self._templates[row] = updated
        self._refresh_preview()
        self._unsaved_id = updated.id
        self._autosave.changed()

    def flush(self) -> None:
        """Saves the template being edited (and your name) now, if changed, rather than after the pause."""
        self._autosave.flush()
        self._name_autosave.flush()

    def _save_template(self) -> None:
        edited = next((t for t in self._templates if t.id == self._unsaved_id), None)
        self._unsaved_id = None
        if edited is not None:
            self.template_edited.emit(edited)

    def template_saved(self, template: MessageTemplate) -> None:
        for row, known in enumerate(self._templates):
            if known.id == template.id:
                # An edit's save only makes the text the user's copy: what is here may be newer (typed since).
                self._templates[row] = replace(known, edited_at=template.edited_at) if template.edited else template
                item = self.list.item(row)
                if item is not None:
                    item.setData(SUBTITLE, self._item_note(template))
                if row == self.list.currentRow():
                    if not template.edited:  # a reset: show the shipped words again
                        self._show_current()
                    self.reset_button.setEnabled(template.edited)
                    self.status.setText("Your edited version." if template.edited else "Back to the original.")

    def _reset(self) -> None:
        template = self.current()
        if template is not None:
            if self._unsaved_id == template.id:
                self._autosave.discard()
            self.reset_requested.emit(template.id)

    def _name_edited(self) -> None:
        self._refresh_preview()
        self._name_autosave.changed()

    def copy(self) -> None:
        message = self.message()
        if message is None:
            return
        self.copy_text(message.text)
        note = " Fill in the highlighted parts before sending." if message.unfilled else ""
        self.status.setText(f"Copied.{note}")

    def hideEvent(self, event: object) -> None:
        self.flush()
        super().hideEvent(event)  # type: ignore[arg-type]
