"""The end of a session: how each criterion went, what changed since last time, what to work on next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_coach.domain.session_summary import AnswerCard, SessionSummary, change_text
from interview_coach.domain.time_format import clock_text
from interview_coach.domain.wording import count_of
from interview_coach.ui.layout_helpers import clear_layout, scrolling_page
from interview_coach.ui.practice.answer_card import AnswerCardView
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_card, style_primary


class SummaryView(QWidget):
    practise_focus = Signal(str)  # criterion id
    new_session = Signal()
    replay_requested = Signal(str)  # the take's stored path
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryView")
        self._focus: str | None = None
        _outer, self._layout = scrolling_page(self)

        self.title = QLabel("Session complete")
        self.title.setObjectName("summaryTitle")
        self.title.setFont(scaled_font(self, 1.8, bold=True))
        self._layout.addWidget(self.title)
        self.facts = QLabel()
        self.facts.setObjectName("summaryFacts")
        self.facts.setWordWrap(True)
        self.facts.setFont(scaled_font(self, 1.1))
        self._layout.addWidget(self.facts)

        self.table_frame = QFrame()
        style_card(self.table_frame)
        self.table = QGridLayout(self.table_frame)
        self.table.setContentsMargins(16, 12, 16, 12)
        self.table.setHorizontalSpacing(24)
        self._layout.addWidget(self.table_frame)

        self.highlights = QLabel()
        self.highlights.setObjectName("summaryHighlights")
        self.highlights.setWordWrap(True)
        self._layout.addWidget(self.highlights)

        answers_heading = QLabel("Your answers")
        answers_heading.setFont(scaled_font(self, 1.2, bold=True))
        self._layout.addWidget(answers_heading)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(8)
        self._layout.addLayout(self.cards_layout)
        self.cards: list[AnswerCardView] = []

        focus_card = QFrame()
        style_card(focus_card)
        focus_layout = QVBoxLayout(focus_card)
        focus_layout.setContentsMargins(16, 12, 16, 12)
        self.focus_text = QLabel()
        self.focus_text.setObjectName("suggestedFocus")
        self.focus_text.setWordWrap(True)
        focus_layout.addWidget(self.focus_text)
        row = QHBoxLayout()
        self.focus_button = QPushButton()
        self.focus_button.setObjectName("suggestedFocusButton")
        self.focus_button.setAccessibleName("Practise the suggested focus")
        style_primary(self.focus_button)
        self.focus_button.clicked.connect(self._practise_focus)
        row.addWidget(self.focus_button)
        row.addStretch(1)
        self.new_button = QPushButton("Set up another session")
        self.new_button.setObjectName("newSessionButton")
        self.new_button.clicked.connect(self.new_session)
        row.addWidget(self.new_button)
        focus_layout.addLayout(row)
        self._layout.addWidget(focus_card)
        self.comes_back = QLabel()
        self.comes_back.setObjectName("comesBack")
        self.comes_back.setWordWrap(True)
        self.comes_back.hide()
        self._layout.addWidget(self.comes_back)
        self._layout.addStretch(1)

    def show_summary(self, summary: SessionSummary) -> None:
        self.title.setText(summary.title)
        facts = f"Practice for {summary.purpose}. " if summary.purpose else ""
        facts += (
            f"You answered {summary.questions_answered} of {count_of(summary.questions_planned, 'question')} "
            "and spoke for "
            f"{clock_text(summary.speaking_seconds)} in all."
        )
        if summary.over_limit:
            facts += f" {count_of(summary.over_limit, 'answer')} ran over the time limit."
        if summary.overall is not None:
            facts += f" Average score: {summary.overall:.1f}"
            if summary.previous_overall is not None:
                facts += f" (last session {summary.previous_overall:.1f})"
            facts += "."
        if summary.friend_reading():
            facts += " " + summary.friend_reading()
        self.facts.setText(facts)
        self._fill_table(summary)
        self.highlights.setText(summary.highlights())
        self._fill_cards(summary)
        focus = summary.suggested_focus
        self._focus = focus.criterion_id if focus else None
        if focus is not None:
            self.focus_text.setText(
                f"<b>Suggested focus for next time: {focus.name}</b> ({focus.average:.1f}). "
                "A short session of questions scored on it, weakest first."
            )
            self.focus_button.setText(f"Practise {focus.name.lower()}")
            self.focus_button.show()
        else:
            self.focus_text.setText(
                "No scores to go on yet: score your answers to get a suggestion."
                if not summary.criteria
                else "Strong all round. Try a full mock interview or the red-flag prompts next."
            )
            self.focus_button.hide()
        self.new_button.setFocus()
        self.comes_back.hide()  # until the schedule for this session has been worked out

    def show_comes_back(self, found: list[tuple[str, str]]) -> None:
        """When each question answered comes back in the practice schedule (question text, 'in 3 days')."""
        self.comes_back.setVisible(bool(found))
        rows = "".join(f"<li>{_escape(text)} — <b>{when}</b></li>" for text, when in found)
        self.comes_back.setText(f"<b>When these come back</b><ul style='margin-left: -20px'>{rows}</ul>")

    def _fill_table(self, summary: SessionSummary) -> None:
        """Point by point: each column's heading aligned like its values, numbers on the right."""
        clear_layout(self.table)
        muted = muted_text_colour(self).name()
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        headings = (("Point", None), ("Your average", right), ("Answers scored", right), ("Since last time", right))
        for column, (heading, align) in enumerate(headings):
            label = QLabel(f"<span style='color:{muted}'>{heading}</span>")
            self.table.addWidget(label, 0, column, *((align,) if align else ()))
        for row, result in enumerate(summary.criteria, start=1):
            self.table.addWidget(QLabel(result.name), row, 0)
            average = QLabel(f"{result.average:.1f}")
            average.setObjectName(f"average-{result.criterion_id}")
            self.table.addWidget(average, row, 1, right)
            self.table.addWidget(QLabel(str(result.count)), row, 2, right)
            change = QLabel(change_text(result.change))
            change.setObjectName(f"change-{result.criterion_id}")
            self.table.addWidget(change, row, 3, right)
        self.table.setColumnStretch(0, 1)
        if not summary.criteria:
            self.table.addWidget(QLabel("No answers were scored."), 1, 0, 1, 4)

    def _fill_cards(self, summary: SessionSummary) -> None:
        for card in self.cards:
            self.cards_layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        for answer in summary.answers:
            view = AnswerCardView(answer)
            view.replay_requested.connect(self._replay)
            view.stop_requested.connect(self.stop_requested)
            self.cards_layout.addWidget(view)
            self.cards.append(view)

    def _replay(self, card: AnswerCard) -> None:
        for view in self.cards:
            if view.card is not card:
                view.set_playing(False)
        if card.recording_path is not None:
            self.replay_requested.emit(card.recording_path)

    def playback_finished(self) -> None:
        for view in self.cards:
            view.set_playing(False)

    def _practise_focus(self) -> None:
        if self._focus:
            self.practise_focus.emit(self._focus)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
