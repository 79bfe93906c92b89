"""The entry editor's Reflection tab: the shipped prompts, each with a short answer box.

A prompt shows for the stages it applies to, and always once it has an answer, so nothing written is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from interview_coach.domain.journal import Area, JournalEntry
from interview_coach.domain.journal_content import ReflectionPrompt
from interview_coach.ui.journal.editor_widgets import muted
from interview_coach.ui.theme import scaled_font


class ReflectionTab(QWidget):
    """Emits `edited` when an answer changes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompts: list[ReflectionPrompt] = []
        self.edits: dict[str, QPlainTextEdit] = {}  # prompt id -> its answer; cleared in place, never replaced
        self._blocks: dict[str, QWidget] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(4, 14, 12, 8)
        self._layout.setSpacing(14)
        lead = muted(
            QLabel(
                "A few honest lines while it is fresh. The prompts follow how far this application got; "
                "what you write here points the practice it suggests at the right skills."
            )
        )
        self._layout.addWidget(lead)
        self._layout.addStretch(1)

    def set_prompts(self, prompts: Sequence[ReflectionPrompt], areas: Sequence[Area]) -> None:
        """Rebuilds the prompts; `areas` name the points each one touches."""
        self.prompts = list(prompts)
        for block in self._blocks.values():
            block.deleteLater()
        self._blocks.clear()
        self.edits.clear()
        names = {a.id: a.name for a in areas}
        for prompt in self.prompts:
            block = QWidget()
            inner = QVBoxLayout(block)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(4)
            question = QLabel(prompt.text)
            question.setFont(scaled_font(self, 1.0, bold=True))
            question.setWordWrap(True)
            inner.addWidget(question)
            inner.addWidget(muted(QLabel(prompt.help)))
            ties = [names.get(c, c) for c in (*prompt.criteria, *prompt.areas)]
            if ties:
                tie = muted(QLabel("Touches: " + ", ".join(ties)))
                tie.setFont(scaled_font(self, 0.9))
                inner.addWidget(tie)
            edit = QPlainTextEdit()
            edit.setObjectName(f"reflection-{prompt.id}")
            edit.setAccessibleName(prompt.text)
            edit.setPlaceholderText("A line or two, in your own words")
            edit.setFixedHeight(max(64, self.fontMetrics().height() * 3 + 16))
            edit.textChanged.connect(self.edited)
            inner.addWidget(edit)
            self.edits[prompt.id] = edit
            self._blocks[prompt.id] = block
            self._layout.insertWidget(self._layout.count() - 1, block)

    def fill(self, entry: JournalEntry) -> None:
        for prompt_id, edit in self.edits.items():
            text = entry.reflections.get(prompt_id, "")
            if edit.toPlainText() != text:  # setting it resets the cursor and undo history
                edit.setPlainText(text)

    def collect(self, entry: JournalEntry) -> JournalEntry:
        """`entry` with the answers as now on screen; answers to prompts no longer shipped are kept as they were."""
        reflections = {pid: e.toPlainText() for pid, e in self.edits.items() if e.toPlainText().strip()}
        for prompt_id, text in entry.reflections.items():
            if prompt_id not in self.edits:
                reflections[prompt_id] = text
        return replace(entry, reflections=reflections)

    def show_for_stage(self, stage: str) -> None:
        for prompt in self.prompts:
            block = self._blocks.get(prompt.id)
            edit = self.edits.get(prompt.id)
            if block is not None and edit is not None:
                block.setVisible(prompt.applies_to(stage) or bool(edit.toPlainText().strip()))
