"""Review one session, or every attempt at one question: the answers on the left, the chosen one in full."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.history_controller import AnswerDetail
from interview_coach.domain.history import AnswerFact, SessionFact
from interview_coach.domain.time_format import clock_text
from interview_coach.domain.wording import count_of
from interview_coach.ui.history.answer_panel import AnswerPanel
from interview_coach.ui.history.player_bar import PlayerBar
from interview_coach.ui.history.session_list import mode_label
from interview_coach.ui.theme import muted_text_colour, scaled_font


@dataclass(frozen=True)
class ReviewSubject:
    """What is being reviewed: one session (session_id) or one question across sessions (question_key)."""

    title: str
    subtitle: str
    answers: tuple[AnswerFact, ...]
    session_id: int | None = None
    question_key: str = ""
    session: SessionFact | None = None  # the session reviewed, with its answers


def session_subject(session: SessionFact, bank_titles: Mapping[str, str]) -> ReviewSubject:
    when = session.started_at.astimezone().strftime("%A %d %B %Y, %H:%M")
    banks = ", ".join(bank_titles.get(b, b) for b in session.bank_ids)
    average = f" \N{MIDDLE DOT} average {session.self_average:.1f}" if session.self_average is not None else ""
    subtitle = (
        f"{mode_label(session)} \N{MIDDLE DOT} {count_of(session.answer_count, 'answer')} \N{MIDDLE DOT} "
        f"{clock_text(session.speaking_seconds)} speaking{average} \N{MIDDLE DOT} {banks}"
    )
    return ReviewSubject(f"Session of {when}", subtitle, session.answers, session_id=session.id, session=session)


def attempts_subject(attempts: Sequence[AnswerFact]) -> ReviewSubject:
    first = attempts[0]
    span = ""
    if len(attempts) > 1:
        span = f", from {first.created_at.astimezone():%d %b %Y} to {attempts[-1].created_at.astimezone():%d %b %Y}"
    return ReviewSubject(
        first.question_text,
        (
            f"All {count_of(len(attempts), 'attempt')} at this question{span}"
            if len(attempts) != 1
            else f"The one attempt at this question{span}"
        ),
        tuple(attempts),
        question_key=first.question_key,
    )


class ReviewView(QWidget):
    back_requested = Signal()
    answer_chosen = Signal(int)  # answer id: load its detail
    practise_requested = Signal(list)  # question keys
    report_requested = Signal(int)
    send_for_review_requested = Signal(int)  # session id: a review pack for a friend who is not in the room
    delete_session_requested = Signal(int)

    def __init__(self, player: PlayerBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self.subject: ReviewSubject | None = None
        self.bank_titles: Mapping[str, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self._build_toolbar(layout)
        self._build_titles(layout)
        self._build_splitter(layout, player)

    # Building

    def _build_toolbar(self, layout: QVBoxLayout) -> None:
        """Back to the list, and what can be done with the answers shown."""
        top = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("reviewBack")
        self.set_back_to_session(False)
        self.back_button.clicked.connect(self.back_requested)
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.practise_all = QPushButton("Practise these questions again")
        self.practise_all.setObjectName("reviewPractiseAll")
        self.practise_all.clicked.connect(self._practise_all)
        top.addWidget(self.practise_all)
        self.report_button = QPushButton("Report…")
        self.report_button.setObjectName("reviewReport")
        self.report_button.clicked.connect(self._report)
        top.addWidget(self.report_button)
        self.can_send_for_review = False  # set by the page that can make review packs
        self.send_for_review = QPushButton("Send for Review…")
        self.send_for_review.setObjectName("reviewSendForReview")
        self.send_for_review.setToolTip(
            "Save this session's recordings and questions in one file for a friend to score in their own copy "
            "of Interview Coach. Your own scores and notes stay out."
        )
        self.send_for_review.clicked.connect(self._send_for_review)
        top.addWidget(self.send_for_review)
        self.delete_button = QPushButton("Delete session…")
        self.delete_button.setObjectName("reviewDeleteSession")
        self.delete_button.clicked.connect(self._delete_session)
        top.addWidget(self.delete_button)
        layout.addLayout(top)

    def set_back_to_session(self, to_session: bool) -> None:
        """ "Back" says where it goes: the session these attempts were opened from, or the list."""
        self.back_button.setText("\N{LEFTWARDS ARROW} " + ("Session" if to_session else "History"))
        self.back_button.setAccessibleName("Back to the session" if to_session else "Back to the history list")

    def chosen_answer(self) -> int | None:
        current = self.answers.currentItem()
        return int(current.data(Qt.ItemDataRole.UserRole)) if current is not None else None

    def _build_titles(self, layout: QVBoxLayout) -> None:
        self.title = QLabel()
        self.title.setObjectName("reviewTitle")
        self.title.setWordWrap(True)
        self.title.setFont(scaled_font(self, 1.4, bold=True))
        layout.addWidget(self.title)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("reviewSubtitle")
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        layout.addWidget(self.subtitle)

    def _build_splitter(self, layout: QVBoxLayout, player: PlayerBar) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.answers = QListWidget()
        self.answers.setObjectName("reviewAnswers")
        self.answers.setAccessibleName("Answers")
        self.answers.setWordWrap(True)
        self.answers.setSpacing(5)
        self.answers.currentRowChanged.connect(self._row_changed)
        splitter.addWidget(self.answers)
        self.panel = AnswerPanel(player)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 900])
        layout.addWidget(splitter, 1)

    def show_subject(
        self, subject: ReviewSubject, bank_titles: Mapping[str, str], *, select: int | None = None
    ) -> None:
        self.panel.flush_note()
        self.subject = subject
        self.bank_titles = bank_titles
        self.title.setText(subject.title)
        self.subtitle.setText(subject.subtitle)
        in_session = subject.session_id is not None
        self.report_button.setVisible(in_session)
        self.send_for_review.setVisible(in_session and self.can_send_for_review)
        self.delete_button.setVisible(in_session)
        self.practise_all.setText("Practise these questions again" if in_session else "Practise this question")
        self.answers.blockSignals(True)
        self.answers.clear()
        for answer in subject.answers:
            item = QListWidgetItem(self._item_text(answer, in_session))
            item.setData(Qt.ItemDataRole.UserRole, answer.answer_id)
            item.setToolTip(answer.question_text)
            self.answers.addItem(item)
        self.answers.blockSignals(False)
        ids = [a.answer_id for a in subject.answers]
        row = ids.index(select) if select in ids else (len(ids) - 1 if not in_session else 0)
        self.panel.show_attempts([] if in_session else subject.answers, {})
        if ids:
            self.answers.setCurrentRow(row)
            self._row_changed(row)

    def set_criterion_names(self, names: dict[str, str]) -> None:
        if self.subject is not None and self.subject.session_id is None:
            self.panel.show_attempts(self.subject.answers, names)

    def _item_text(self, answer: AnswerFact, in_session: bool) -> str:
        score = f"{answer.self_average:.1f}" if answer.self_average is not None else "not scored"
        if not answer.answered:
            score = "skipped"
        if in_session:
            attempt = f" (attempt {answer.attempt})" if answer.attempt > 1 else ""
            text = answer.question_text if len(answer.question_text) < 90 else answer.question_text[:88] + "…"
            return f"Q{answer.position}{attempt} \N{MIDDLE DOT} {score}\n{text}"
        when = answer.created_at.astimezone().strftime("%a %d %b %Y")
        length = clock_text(answer.answer_seconds or 0)
        friends = "".join(
            f" \N{MIDDLE DOT} {name} {sum(v.values()) / len(v):.1f}" for name, v in answer.friend_scores.items() if v
        )
        return f"{when}\nYou {score}{friends} \N{MIDDLE DOT} {length}"

    def _row_changed(self, row: int) -> None:
        if self.subject is None or not 0 <= row < len(self.subject.answers):
            return
        self.panel.flush_note()
        self.answer_chosen.emit(self.subject.answers[row].answer_id)

    def show_detail(self, detail: AnswerDetail) -> None:
        if self.subject is None or detail.answer.id not in {a.answer_id for a in self.subject.answers}:
            return
        bank_id = detail.answer.question.bank_id
        self.panel.show_detail(detail, self.bank_titles.get(bank_id, bank_id))

    def _practise_all(self) -> None:
        if self.subject is not None:
            keys = list(dict.fromkeys(a.question_key for a in self.subject.answers))
            self.practise_requested.emit(keys)

    def _report(self) -> None:
        if self.subject is not None and self.subject.session_id is not None:
            self.report_requested.emit(self.subject.session_id)

    def _send_for_review(self) -> None:
        if self.subject is not None and self.subject.session_id is not None:
            self.send_for_review_requested.emit(self.subject.session_id)

    def _delete_session(self) -> None:
        if self.subject is not None and self.subject.session_id is not None:
            self.delete_session_requested.emit(self.subject.session_id)
