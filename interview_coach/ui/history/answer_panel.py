"""One past answer in full: the question, timings, a player, scores side by side, score history and notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.autosave import Autosave
from interview_coach.controllers.history_controller import AnswerDetail
from interview_coach.domain.blind_scoring import split_sheets
from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.history import AnswerFact
from interview_coach.domain.practice_setup import MAX_NAME_LENGTH
from interview_coach.domain.questions import category_label
from interview_coach.domain.records import SELF, AnswerRecord, Scorer, ScoreRecord
from interview_coach.domain.records import ScoreSheet as SavedSheet
from interview_coach.domain.rubric import Criterion
from interview_coach.domain.time_format import clock_text
from interview_coach.ui.delivery_view import DeliveryView
from interview_coach.ui.friend.follow_up_panel import asked_lines
from interview_coach.ui.history.player_bar import PlayerBar
from interview_coach.ui.improper_notice import ImproperNotice
from interview_coach.ui.layout_helpers import scrolling_page
from interview_coach.ui.score_sheet import ScoreSheet
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_card


def timing_text(answer: AnswerRecord) -> str:
    t = answer.timings
    parts = []
    if t.think_seconds is not None:
        limit = f" of {clock_text(t.think_limit_seconds)}" if t.think_limit_seconds else ""
        parts.append(f"Thought for {clock_text(t.think_seconds)}{limit}")
    if answer.status == "skipped":
        parts.append("Skipped")
    elif t.answer_seconds is not None:
        limit = f" of {clock_text(t.answer_limit_seconds)}" if t.answer_limit_seconds else ""
        over = " \N{EM DASH} over the limit" if t.over_limit else ""
        parts.append(f"Answered for {clock_text(t.answer_seconds)}{limit}{over}")
    if t.speech_onset_seconds is not None:
        parts.append(f"started speaking after {t.speech_onset_seconds:.1f} s")
    return " \N{MIDDLE DOT} ".join(parts) or "No timings"


class RescoreDialog(QDialog):
    """Score an answer again, as yourself or as a friend (or coach) listening with you; earlier scores stay."""

    def __init__(self, criteria: list[Criterion], sheets: list[SavedSheet], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rescoreDialog")
        self.setWindowTitle("Score this answer again")
        self._criteria = criteria
        self._current = {sheet.scorer: dict(sheet.values) for sheet in sheets}
        self.scorer: Scorer = SELF
        self.values = dict(self._current.get(SELF, {}))
        layout = QVBoxLayout(self)
        intro = QLabel("Listen again, then score each criterion. Earlier scores stay in the history.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        who = QHBoxLayout()
        who.addWidget(QLabel("Scored by:"))
        self.who = QComboBox()
        self.who.setObjectName("rescoreScorer")
        self.who.setAccessibleName("Who is scoring")
        self.who.setEditable(True)
        self.who.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.who.addItem(SELF.label)
        self.who.addItems(sorted({s.name for s in self._current if s.kind == "friend" and s.name}))
        line = self.who.lineEdit()
        if line is not None:
            line.setObjectName("rescoreScorerName")
            line.setAccessibleName("Name of whoever is scoring")
            line.setPlaceholderText("You, or a friend's name")
        self.who.currentTextChanged.connect(self._scorer_changed)
        who.addWidget(self.who, 1)
        layout.addLayout(who)
        self.sheet = ScoreSheet()
        self.sheet.scored.connect(self._scored)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.sheet)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_sheet()
        self.resize(620, 680)

    @property
    def changed(self) -> bool:
        return bool(self.values) and self.values != self._current.get(self.scorer, {})

    def _scorer_changed(self, text: str) -> None:
        name = " ".join(text.split())
        self.scorer = SELF if name in ("", SELF.label) else Scorer("friend", name[:MAX_NAME_LENGTH])
        self.values = dict(self._current.get(self.scorer, {}))
        self._show_sheet()

    def _show_sheet(self) -> None:
        # You judge what you can hear; eye contact and posture are for someone who was in the room.
        own = self.scorer == SELF
        self.sheet.set_criteria([c for c in self._criteria if not (own and c.in_person)])
        self.sheet.show_scores(self.values)

    def _scored(self, criterion: str, value: int) -> None:
        self.values[criterion] = value
        self.sheet.show_scores(self.values)


class AnswerPanel(QWidget):
    rescore_requested = Signal(int, dict)  # answer id, values: your own scores
    friend_rescore_requested = Signal(int, str, dict)  # answer id, friend's name, values
    note_changed = Signal(int, str)
    attempts_requested = Signal(str)  # question key
    practise_requested = Signal(str)  # question key
    delete_requested = Signal(int)  # answer id
    transcripts_wanted = Signal(list)  # answer ids of the attempts shown side by side

    def __init__(self, player: PlayerBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerPanel")
        self.detail: AnswerDetail | None = None
        self.player = player
        _outer, layout = scrolling_page(self, margins=20, spacing=10)
        self._add_heading(layout)
        layout.addWidget(player)
        # The transcript beside the waveform: a word clicked plays from it; long pauses are shaded above.
        self.delivery = DeliveryView(clickable_words=True, name="reviewDelivery")
        self.delivery.seek_requested.connect(player.seek)
        self.delivery.hide()
        layout.addWidget(self.delivery)
        layout.addWidget(self._scores_card())
        self._add_attempts(layout)
        self._add_notes(layout)
        layout.addLayout(self._actions())
        layout.addStretch(1)

    def _add_heading(self, layout: QVBoxLayout) -> None:
        self.meta = QLabel()
        self.meta.setObjectName("answerMeta")
        self.meta.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        layout.addWidget(self.meta)
        self.question = QLabel()
        self.question.setObjectName("answerQuestion")
        self.question.setWordWrap(True)
        self.question.setFont(scaled_font(self, 1.35, bold=True))
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.question)
        self.improper_notice = ImproperNotice("answerImproperNotice")
        layout.addWidget(self.improper_notice)
        self.timings = QLabel()
        self.timings.setObjectName("answerTimings")
        self.timings.setWordWrap(True)
        layout.addWidget(self.timings)

    def _scores_card(self) -> QFrame:
        scores_card = QFrame()
        style_card(scores_card)
        scores_layout = QVBoxLayout(scores_card)
        scores_layout.setContentsMargins(14, 10, 14, 10)
        heading = QHBoxLayout()
        title = QLabel("Scores")
        title.setFont(scaled_font(self, 1.1, bold=True))
        heading.addWidget(title)
        heading.addStretch(1)
        self.rescore_button = QPushButton("Score again…")
        self.rescore_button.setObjectName("reviewRescore")
        self.rescore_button.clicked.connect(self._rescore)
        heading.addWidget(self.rescore_button)
        scores_layout.addLayout(heading)
        self.scores = QTableWidget()
        self.scores.setObjectName("reviewScores")
        self.scores.setAccessibleName("Scores by criterion and scorer")
        self.scores.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.scores.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.scores.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.scores.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.scores.horizontalHeader().setDefaultSectionSize(110)
        self.scores.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scores_layout.addWidget(self.scores)
        self.hidden_friends = QLabel()
        self.hidden_friends.setObjectName("reviewHiddenFriendScores")
        self.hidden_friends.setWordWrap(True)
        scores_layout.addWidget(self.hidden_friends)
        self.history = QLabel()
        self.history.setObjectName("reviewScoreHistory")
        self.history.setWordWrap(True)
        self.history.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        scores_layout.addWidget(self.history)
        return scores_card

    def _add_attempts(self, layout: QVBoxLayout) -> None:
        self.compare_title = QLabel("Scores across attempts (oldest first)")
        self.compare_title.setFont(scaled_font(self, 1.1, bold=True))
        layout.addWidget(self.compare_title)
        self.compare = QTableWidget()
        self.compare.setObjectName("attemptScores")
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.compare.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.compare.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.compare)
        # What was said each time, side by side (filled in when the transcripts arrive).
        self.attempt_transcripts = QLabel()
        self.attempt_transcripts.setObjectName("attemptTranscripts")
        self.attempt_transcripts.setWordWrap(True)
        self.attempt_transcripts.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.attempt_transcripts)
        self._attempts: list[AnswerFact] = []
        self.show_attempts([], {})

    def _add_notes(self, layout: QVBoxLayout) -> None:
        notes_title = QLabel("Your notes")
        notes_title.setFont(scaled_font(self, 1.1, bold=True))
        layout.addWidget(notes_title)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("reviewNotes")
        self.notes.setAccessibleName("Your notes on this answer")
        self.notes.setPlaceholderText("What to keep, what to change next time…")
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 5 + 16)
        layout.addWidget(self.notes)
        self.other_notes = QLabel()
        self.other_notes.setObjectName("reviewFriendNotes")
        self.other_notes.setWordWrap(True)
        layout.addWidget(self.other_notes)
        self.follow_ups = QLabel()
        self.follow_ups.setObjectName("reviewFollowUps")
        self.follow_ups.setWordWrap(True)
        layout.addWidget(self.follow_ups)
        self._note_autosave = Autosave(self._save_note, parent=self)
        self.notes.textChanged.connect(self._note_autosave.changed)

    def _actions(self) -> QHBoxLayout:
        actions = QHBoxLayout()
        self.attempts_button = QPushButton("All attempts at this question")
        self.attempts_button.setObjectName("reviewAttempts")
        self.attempts_button.clicked.connect(lambda: self._emit_key(self.attempts_requested))
        actions.addWidget(self.attempts_button)
        self.practise_button = QPushButton("Practise this question again")
        self.practise_button.setObjectName("reviewPractise")
        self.practise_button.clicked.connect(lambda: self._emit_key(self.practise_requested))
        actions.addWidget(self.practise_button)
        actions.addStretch(1)
        self.delete_button = QPushButton("Delete this answer…")
        self.delete_button.setObjectName("reviewDeleteAnswer")
        self.delete_button.clicked.connect(self._delete)
        actions.addWidget(self.delete_button)
        return actions

    def show_detail(self, detail: AnswerDetail, bank_title: str) -> None:
        same = self.detail is not None and self.detail.answer.id == detail.answer.id
        if not same:
            self.flush_note()  # typed while this answer was on its way: the note is the one shown until now
        self.detail = detail
        answer = detail.answer
        when = answer.created_at.astimezone().strftime("%a %d %b %Y, %H:%M")
        attempt = f" \N{MIDDLE DOT} attempt {answer.attempt}" if answer.attempt > 1 else ""
        where = [category_label(answer.category)]
        if bank_title and bank_title != where[0]:
            where.append(bank_title)
        self.meta.setText(" \N{MIDDLE DOT} ".join([*where, when]) + attempt)
        self.question.setText(answer.question.text or answer.question_key)
        self.improper_notice.show_for(answer.question.improper)  # from the snapshot: as it was when asked
        self.timings.setText(timing_text(answer))
        self._show_delivery(detail)
        self._show_scores(detail)
        if not same:
            self.notes.blockSignals(True)
            self.notes.setPlainText(detail.note_by(SELF))
            self.notes.blockSignals(False)
        others = [n for n in detail.notes if n.author != SELF and n.body] if self._friends_visible(detail) else []
        asked = asked_lines(detail.follow_ups)
        self.follow_ups.setText("<b>Follow-ups asked:</b><br>" + "<br>".join(asked) if asked else "")
        self.follow_ups.setVisible(bool(asked))
        self.other_notes.setText("<br>".join(f"<b>{n.author.label}:</b> {_escape(n.body)}" for n in others))
        self.other_notes.setVisible(bool(others))

    def _show_delivery(self, detail: AnswerDetail) -> None:
        figures = detail.delivery
        if figures is None:
            self.delivery.clear()
            self.delivery.hide()
            self.player.waveform.set_marks([])
            return
        self.delivery.show_figures(figures)
        self.delivery.show()
        self.player.waveform.set_marks([(p.start, p.duration) for p in figures.long_pauses])

    def _friends_visible(self, detail: AnswerDetail) -> bool:
        return not split_sheets(detail.sheets, detail.answer.criteria())[1]

    def _show_scores(self, detail: AnswerDetail) -> None:
        criteria = detail.answer.criteria()
        sheets, hidden = split_sheets(detail.sheets, criteria)
        names = ", ".join(s.scorer.label for s in hidden)
        self.hidden_friends.setText(
            f"{names} scored this answer too; their scores show once you have scored it yourself." if hidden else ""
        )
        self.hidden_friends.setVisible(bool(hidden))
        self.scores.clear()
        self.scores.setRowCount(len(criteria))
        self.scores.setColumnCount(max(1, len(sheets)))
        self.scores.setHorizontalHeaderLabels([s.scorer.label for s in sheets] or ["You"])
        self.scores.setVerticalHeaderLabels([c.name for c in criteria])
        for row, criterion in enumerate(criteria):
            for column, sheet in enumerate(sheets):
                value = sheet.values.get(criterion.id)
                item = QTableWidgetItem("–" if value is None else str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if value is not None:
                    item.setToolTip(criterion.level_text(value) if criterion.levels[0] else "")
                self.scores.setItem(row, column, item)
        _fit_height(self.scores)
        width = self.scores.verticalHeader().sizeHint().width() + 110 * self.scores.columnCount()
        self.scores.setMaximumWidth(width + 2 * self.scores.frameWidth() + 4)
        shown = [r for r in detail.history if not any(r.scorer == s.scorer for s in hidden)]
        self.history.setText(_history_text(shown, {c.id: c.name for c in criteria}))
        self.rescore_button.setText("Score again…" if sheets else "Score it…")

    def show_attempts(self, attempts: Sequence[AnswerFact], names: dict[str, str]) -> None:
        """In "all attempts" mode: every attempt's scores in columns, so the movement shows at a glance."""
        visible = len(attempts) > 1
        self.compare_title.setVisible(visible)
        self.compare.setVisible(visible)
        self.attempt_transcripts.clear()
        self.attempt_transcripts.setVisible(False)
        self._attempts = list(attempts) if visible else []
        if not visible:
            return
        self.transcripts_wanted.emit([a.answer_id for a in attempts])
        criteria = list(dict.fromkeys(c for a in attempts for c in a.self_scores))
        self.compare.clear()
        self.compare.setColumnCount(len(attempts))
        self.compare.setRowCount(len(criteria) + 2)
        self.compare.setHorizontalHeaderLabels([a.created_at.astimezone().strftime("%d %b %y") for a in attempts])
        self.compare.setVerticalHeaderLabels(["Length", "Average", *(names.get(c, c) for c in criteria)])
        for column, attempt in enumerate(attempts):
            cells = [
                clock_text(attempt.answer_seconds or 0) if attempt.answered else "skipped",
                f"{attempt.self_average:.1f}" if attempt.self_average is not None else "–",
                *(str(attempt.self_scores.get(c, "–")) for c in criteria),
            ]
            for row, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.compare.setItem(row, column, item)
        _fit_height(self.compare)

    def show_transcripts(self, figures: Mapping[int, DeliveryFigures]) -> None:
        """The transcripts of the attempts shown, side by side, oldest first, each with its headline figures."""
        attempts = [a for a in self._attempts if a.answer_id in figures]
        if not attempts:
            return
        muted = muted_text_colour(self).name()
        width = 100 // len(attempts)
        cells = []
        for attempt in attempts:
            shown = figures[attempt.answer_id]
            when = attempt.created_at.astimezone().strftime("%d %b %y")
            facts = (
                f"{round(shown.wpm)} wpm · {shown.fillers_per_minute:.1f} fillers/min · "
                f"{len(shown.long_pauses)} long pauses"
            )
            said = _escape(shown.transcript) or "(no speech recognised)"
            cells.append(
                f"<td width='{width}%' valign='top' style='padding: 4px 10px 4px 0;'><b>{when}</b><br>"
                f"<span style='color:{muted}'>{facts}</span><br>{said}</td>"
            )
        self.attempt_transcripts.setText(
            "<b>What you said each time</b><table width='100%'><tr>" + "".join(cells) + "</tr></table>"
        )
        self.attempt_transcripts.setVisible(True)

    def flush_note(self) -> None:
        """Saves the note now, if it has unsaved typing, rather than after the pause."""
        self._note_autosave.flush()

    def _save_note(self) -> None:
        # No comparison with the note as loaded: it is stale once a save has been made, and a note typed
        # back to what it was would never be saved.
        if self.detail is not None:
            self.note_changed.emit(self.detail.answer.id, self.notes.toPlainText())

    def _rescore(self) -> None:
        if self.detail is None:
            return
        dialog = RescoreDialog(self.detail.answer.criteria(), self.detail.sheets, self)
        answer_id = self.detail.answer.id
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changed:
            return
        if dialog.scorer == SELF:
            self.rescore_requested.emit(answer_id, dialog.values)
        else:
            self.friend_rescore_requested.emit(answer_id, dialog.scorer.name, dialog.values)

    def _emit_key(self, signal: Any) -> None:
        if self.detail is not None:
            signal.emit(self.detail.answer.question_key)

    def _delete(self) -> None:
        if self.detail is not None:
            self.delete_requested.emit(self.detail.answer.id)


def _history_text(history: list[ScoreRecord], names: dict[str, str]) -> str:
    """What re-scoring changed, newest first, one line per scorer and day; empty when nothing changed.

    Scoring one point at a time stores one record per click, so first scores are never listed as rounds.
    """
    previous: dict[tuple[str, str], int] = {}
    days: dict[tuple[str, str], list[str]] = {}
    for record in sorted(history, key=lambda r: r.scored_at):
        key = (record.scorer.label, record.criterion_id)
        before = previous.get(key)
        previous[key] = record.value
        if before is not None and before != record.value:
            name = names.get(record.criterion_id, record.criterion_id)
            day = record.scored_at.astimezone().strftime("%d %b %Y")
            days.setdefault((day, record.scorer.label), []).append(f"{name} {before}\N{RIGHTWARDS ARROW}{record.value}")
    if not days:
        return ""
    lines = [f"{day}, {label}: {', '.join(changes)}" for (day, label), changes in days.items()]
    return "Re-scored \N{EM DASH} " + "; ".join(reversed(lines))


def _fit_height(table: QTableWidget) -> None:
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


def _escape(text: str) -> str:
    import html

    return html.escape(text).replace("\n", "<br>")
