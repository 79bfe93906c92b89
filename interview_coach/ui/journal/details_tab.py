"""The entry editor's first tab: the application's details, their feedback word for word, and the tags
those words suggest (offered here, under the feedback, since that is where the user has just typed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from interview_coach.domain.journal import OUTCOMES, STAGES, JournalEntry, outcome_label, stage_label
from interview_coach.domain.journal_tagging import TagSuggestion
from interview_coach.ui.journal.editor_widgets import from_qdate, heading, muted, optional_date_edit, to_qdate
from interview_coach.ui.theme import style_card


def _line(name: str, accessible: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


class DetailsTab(QWidget):
    """Emits `edited` for any change to a text or date field. The stage and outcome are left to the editor,
    which connects to them itself because they change what the other tabs show."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 14, 12, 8)
        layout.setSpacing(12)
        self._build_fields(layout)
        self._build_feedback(layout)
        layout.addWidget(self._suggestion_box())

        for widget in (self.company, self.role, self.contact):
            widget.textEdited.connect(self.edited)
        self.feedback.textChanged.connect(self.edited)
        self.applied_on.dateChanged.connect(self.edited)
        self.heard_on.dateChanged.connect(self.edited)
        self.interview_on.dateChanged.connect(self.edited)

    def _build_fields(self, layout: QVBoxLayout) -> None:
        """Who, what role, and how far it went: two columns of fields."""
        columns = QHBoxLayout()
        columns.setSpacing(28)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(10)
        self.company = _line("entryCompany", "Company", "Who you applied to")
        self.role = _line("entryRole", "Role", "The job title in the advert")
        self.contact = _line("entryContact", "Contact", "Interviewer or recruiter (for the templates)")
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
        # The next interview: its questions come due on Today before the day.
        self.interview_on = optional_date_edit("entryInterviewOn", "Next interview on", "None booked")
        self.interview_on.setToolTip("Today brings this application's practice questions due before the day.")
        right.addRow("Next interview:", self.interview_on)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout.addLayout(columns)

    def _build_feedback(self, layout: QVBoxLayout) -> None:
        layout.addWidget(heading("Their feedback, word for word", self))
        hint = muted(
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

    def _suggestion_box(self) -> QFrame:
        """The tags their words suggest, with a button to accept them (the editor connects it)."""
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
        box.addWidget(self.accept_suggestions, 0, Qt.AlignmentFlag.AlignVCenter)
        self.suggestion_box.hide()
        return self.suggestion_box

    def fill(self, entry: JournalEntry) -> None:
        self.company.setText(entry.company)
        self.role.setText(entry.role)
        self.contact.setText(entry.contact)
        self.applied_on.setDate(to_qdate(entry.applied_on))
        self.heard_on.setDate(to_qdate(entry.heard_on))
        self.interview_on.setDate(to_qdate(entry.interview_on))
        self.stage.setCurrentIndex(max(0, self.stage.findData(entry.stage_reached)))
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(entry.outcome)))
        if self.feedback.toPlainText() != entry.feedback:  # setting it resets the cursor and undo history
            self.feedback.setPlainText(entry.feedback)

    def collect(self, entry: JournalEntry) -> JournalEntry:
        """`entry` with this tab's fields as now on screen."""
        return replace(
            entry,
            company=self.company.text(),
            role=self.role.text(),
            contact=self.contact.text(),
            applied_on=from_qdate(self.applied_on.date()),
            heard_on=from_qdate(self.heard_on.date()),
            interview_on=from_qdate(self.interview_on.date()),
            stage_reached=self.stage.currentData(),
            outcome=self.outcome.currentData(),
            feedback=self.feedback.toPlainText(),
        )

    def follow_outcome(self) -> bool:
        """Fills in what the outcome just chosen implies: an offer reached the offer stage, and any answer
        came on some day (today, unless one is set). True when the stage was set to the offer."""
        outcome = self.outcome.currentData()
        offered = outcome in ("offer", "accepted")
        if offered:
            self.stage.setCurrentIndex(self.stage.findData("offer"))
        if outcome != "waiting" and from_qdate(self.heard_on.date()) is None:
            self.heard_on.setDate(QDate.currentDate())
        return offered

    def show_suggestions(self, pending: Sequence[TagSuggestion], names: dict[str, str]) -> None:
        """Offers the suggested tags not yet ticked, each with the words that suggest it; none hides the offer."""
        if pending:
            parts = [
                f"<b>{escape(names.get(s.area, s.area))}</b> ({', '.join(f'“{escape(q)}”' for q in s.quotes[:2])})"
                for s in pending
            ]
            self.suggestion_text.setText("Their words point to " + "; ".join(parts) + ".")
            self.suggestion_box.show()
        else:
            self.suggestion_box.hide()
