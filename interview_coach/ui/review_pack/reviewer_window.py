"""The friend's window: listen to each answer of a review pack, score it, write notes, send a scores file back.

A window of its own rather than a screen of the main window: the friend may have their own practice open
too, and the pack is someone else's session. Keyboard: 1-5 score the focused criterion (Up/Down move),
Space plays or pauses, Alt+Down/Alt+Up go to the next or previous answer, Ctrl+S saves the scores file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.audio_controller import AudioController
from interview_coach.controllers.autosave import Autosave
from interview_coach.controllers.review_pack_controller import ReviewerController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.questions import category_label
from interview_coach.domain.review_pack import PackAnswer
from interview_coach.domain.time_format import clock_text
from interview_coach.domain.wording import count_of
from interview_coach.storage.review_pack import SCORES_SUFFIX
from interview_coach.ui.banner_area import BannerArea
from interview_coach.ui.data_actions import ChooseSave, choose_save
from interview_coach.ui.history.player_bar import PlayerBar
from interview_coach.ui.improper_notice import improper_block_html
from interview_coach.ui.layout_helpers import scrolled_column
from interview_coach.ui.score_sheet import ScoreSheet
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_card, style_primary

NOTE_EDIT_MS = 300  # hand a note to the controller once typing pauses (it saves the draft itself)
STATUS_MARKS = {"scored": "\N{CHECK MARK} scored", "partly scored": "partly scored", "not scored": "not scored yet"}


def session_date(text: str) -> str:
    try:
        return datetime.fromisoformat(text).astimezone().strftime("%A %d %B %Y, %H:%M")
    except ValueError:
        return "an unknown date"


def timing_text(answer: PackAnswer) -> str:
    t = answer.timings
    parts = []
    if t.answer_seconds is not None:
        limit = f" of {clock_text(t.answer_limit_seconds)}" if t.answer_limit_seconds else ""
        over = " \N{EM DASH} over the limit" if t.over_limit else ""
        parts.append(f"answered for {clock_text(t.answer_seconds)}{limit}{over}")
    if t.think_seconds is not None:
        parts.append(f"thought for {clock_text(t.think_seconds)} first")
    return ", ".join(parts).capitalize()


class ReviewerWindow(QWidget):
    def __init__(
        self,
        controller: ReviewerController,
        audio: AudioController,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewerWindow")
        self.controller = controller
        self.choose_save: ChooseSave = choose_save  # tests answer for the user
        pack = controller.pack
        self._candidate = pack.candidate_name or "the candidate"
        self._key: str | None = None
        self._muted = muted_text_colour(self).name()
        self.setWindowTitle(f"Review of {pack.candidate_name or 'a practice session'} \N{EM DASH} Interview Coach")
        self.resize(1100, 760)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banners = BannerArea(name="reviewerBanner")
        layout.addWidget(self.banners)
        body = QVBoxLayout()
        body.setContentsMargins(24, 16, 24, 16)
        body.setSpacing(12)
        layout.addLayout(body, 1)
        body.addLayout(self._header())
        body.addWidget(self._splitter(audio, tasks), 1)
        body.addLayout(self._footer())

        self._note_autosave = Autosave(self._hand_over_note, NOTE_EDIT_MS, self)
        self.notes.textChanged.connect(self._note_autosave.changed)
        self.name.textChanged.connect(controller.set_reviewer_name)
        self.sheet.scored.connect(self._scored)
        controller.changed.connect(self._changed)
        controller.scores_saved.connect(self._scores_saved)
        controller.failed.connect(lambda text: self.banners.show_message("review", text, "error"))
        self._shortcut(QKeySequence(Qt.Key.Key_Space), self.player.toggle)
        self._shortcut(QKeySequence("Alt+Down"), lambda: self.step(1))
        self._shortcut(QKeySequence("Alt+Up"), lambda: self.step(-1))
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Save), self.save_scores)

        for answer in pack.answers:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, answer.key)
            item.setToolTip(answer.question_text)
            self.answers.addItem(item)
            self._show_item(item)
        self._show_progress()
        if pack.answers:
            self.answers.setCurrentRow(0)

    # Building

    def _header(self) -> QVBoxLayout:
        pack = self.controller.pack
        header = QVBoxLayout()
        header.setSpacing(6)
        title = QLabel(f"Review {pack.candidate_name}'s answers" if pack.candidate_name else "Review these answers")
        title.setObjectName("reviewerTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setFont(scaled_font(self, 1.5, bold=True))
        header.addWidget(title)
        count = len(pack.answers)
        subtitle = QLabel(
            f"Practice session of {session_date(pack.session_started_at)} \N{MIDDLE DOT} "
            f"{count_of(count, 'answer')} \N{MIDDLE DOT} made with Interview Coach {pack.app_version}"
        )
        subtitle.setObjectName("reviewerSubtitle")
        subtitle.setTextFormat(Qt.TextFormat.PlainText)
        subtitle.setStyleSheet(f"color: {self._muted}")
        header.addWidget(subtitle)
        unheard = pack.unheard_criteria()
        left_out = (
            f"What only someone in the room can judge ({', '.join(unheard)}) is left out: you only hear the answers. "
            if unheard
            else ""
        )
        explanation = QLabel(
            f"Listen to each answer and score it as an interviewer would. {self._candidate[:1].upper()}"
            f"{self._candidate[1:]}'s own scores are not in this pack, so yours are independent. {left_out}"
            "Your scores are kept on this computer as you go; "
            f"when you are done, save a scores file and send it back to {self._candidate}."
        )
        explanation.setObjectName("reviewerExplanation")
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        explanation.setWordWrap(True)
        header.addSpacing(4)
        header.addWidget(explanation)
        row = QHBoxLayout()
        row.setContentsMargins(0, 6, 0, 0)
        label = QLabel("&Your name:")
        row.addWidget(label)
        self.name = QLineEdit(self.controller.draft.reviewer_name)
        self.name.setObjectName("reviewerName")
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText(f"So {self._candidate} knows whose scores these are")
        self.name.setMaxLength(80)
        self.name.setMaximumWidth(340)
        label.setBuddy(self.name)
        row.addWidget(self.name, 1)
        row.addStretch(1)
        header.addLayout(row)
        return header

    def _splitter(self, audio: AudioController, tasks: TaskRunner) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.answers = QListWidget()
        self.answers.setObjectName("reviewerAnswers")
        self.answers.setAccessibleName("Answers to review")
        self.answers.setWordWrap(True)
        self.answers.setSpacing(4)
        self.answers.currentItemChanged.connect(lambda current, _previous: self._open(current))
        splitter.addWidget(self.answers)

        scroll, layout = scrolled_column((16, 4, 8, 4), 10)
        self._build_answer_view(layout, audio, tasks)
        self._build_scoring(layout)
        self._build_notes(layout)
        layout.addStretch(1)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 800])
        return splitter

    def _build_answer_view(self, layout: QVBoxLayout, audio: AudioController, tasks: TaskRunner) -> None:
        """The answer's question, its recording and the guide to what a strong answer shows."""
        self.meta = QLabel()
        self.meta.setObjectName("reviewerMeta")
        self.meta.setStyleSheet(f"color: {self._muted}")
        layout.addWidget(self.meta)
        self.question = QLabel()
        self.question.setObjectName("reviewerQuestion")
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        self.question.setFont(scaled_font(self, 1.35, bold=True))
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.question)
        self.player = PlayerBar(audio, tasks)
        self.player.play_button.setToolTip("Play or pause (Space)")
        layout.addWidget(self.player)

        guide = QFrame()
        style_card(guide)
        guide_layout = QVBoxLayout(guide)
        guide_layout.setContentsMargins(14, 10, 14, 10)
        self.guide = QLabel()
        self.guide.setObjectName("reviewerGuide")
        self.guide.setWordWrap(True)
        self.guide.setTextFormat(Qt.TextFormat.RichText)
        guide_layout.addWidget(self.guide)
        layout.addWidget(guide)

    def _build_scoring(self, layout: QVBoxLayout) -> None:
        heading = QLabel("Your scores")
        heading.setFont(scaled_font(self, 1.1, bold=True))
        layout.addWidget(heading)
        hint = QLabel(
            "Click a number, or press 1\N{EN DASH}5 on the highlighted criterion; Up and Down move between them."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {self._muted}")
        layout.addWidget(hint)
        self.sheet = ScoreSheet()
        layout.addWidget(self.sheet)
        self.no_criteria = QLabel("Nothing here can be judged from the recording alone: a note is welcome.")
        self.no_criteria.setWordWrap(True)
        self.no_criteria.hide()
        layout.addWidget(self.no_criteria)

    def _build_notes(self, layout: QVBoxLayout) -> None:
        notes_heading = QLabel(f"Notes for {self._candidate}")
        notes_heading.setTextFormat(Qt.TextFormat.PlainText)
        notes_heading.setFont(scaled_font(self, 1.1, bold=True))
        layout.addWidget(notes_heading)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("reviewerNotes")
        self.notes.setAccessibleName(f"Your notes for {self._candidate} on this answer")
        self.notes.setPlaceholderText("What worked, what to change, what you would ask next…")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 5 + 16)
        layout.addWidget(self.notes)

    def _footer(self) -> QHBoxLayout:
        footer = QHBoxLayout()
        footer.setSpacing(10)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("reviewerProgress")
        footer.addWidget(self.progress_label)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Answers scored")
        self.progress.setMaximumWidth(200)
        self.progress.setFixedHeight(8)
        footer.addWidget(self.progress)
        footer.addStretch(1)
        self.previous_button = QPushButton("Previous")
        self.previous_button.setObjectName("reviewerPrevious")
        self.previous_button.setToolTip("Previous answer (Alt+Up)")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        footer.addWidget(self.previous_button)
        self.next_button = QPushButton("Next answer")
        self.next_button.setObjectName("reviewerNext")
        self.next_button.setToolTip("Next answer (Alt+Down)")
        self.next_button.clicked.connect(lambda: self.step(1))
        footer.addWidget(self.next_button)
        self.save_button = QPushButton("Save Scores File…")
        self.save_button.setObjectName("reviewerSave")
        self.save_button.setToolTip(f"Save the file to send back to {self._candidate} (Ctrl+S)")
        style_primary(self.save_button)
        self.save_button.clicked.connect(self.save_scores)
        footer.addWidget(self.save_button)
        return footer

    def _shortcut(self, sequence: QKeySequence, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(sequence, self)
        # Within this window only; a text box keeps its own keys (Space in a note is a space).
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # Showing an answer

    @property
    def current_key(self) -> str | None:
        return self._key

    def _open(self, item: QListWidgetItem | None) -> None:
        self._note_autosave.flush()  # the note belongs to the answer shown until now
        key = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        answer = self.controller.pack.answer(key) if isinstance(key, str) else None
        if answer is None:
            return
        self._key = answer.key
        attempt = f" \N{MIDDLE DOT} attempt {answer.attempt}" if answer.attempt > 1 else ""
        timing = timing_text(answer)
        self.meta.setText(
            f"Question {answer.position} \N{MIDDLE DOT} {category_label(answer.category)}{attempt}"
            + (f" \N{MIDDLE DOT} {timing}" if timing else "")
        )
        self.question.setText(answer.question_text)
        self.guide.setText(_guide_html(answer))
        criteria = list(answer.audible_criteria)
        self.sheet.set_criteria(criteria)
        self.sheet.setVisible(bool(criteria))
        self.no_criteria.setVisible(not criteria)
        review = self.controller.draft.review(answer.key)
        self.sheet.show_scores(review.scores)
        self.notes.blockSignals(True)
        self.notes.setPlainText(review.note)
        self.notes.blockSignals(False)
        folder = self.controller.pack.folder
        self.player.load(Path(folder, answer.recording) if folder is not None and answer.recording else None)
        row = self.answers.currentRow()
        self.previous_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.answers.count() - 1)

    def step(self, offset: int) -> None:
        """Next or previous answer, ready to score with the keys."""
        row = self.answers.currentRow() + offset
        if 0 <= row < self.answers.count():
            self.answers.setCurrentRow(row)
            self.sheet.focus_first_unscored()

    def _show_item(self, item: QListWidgetItem) -> None:
        key = str(item.data(Qt.ItemDataRole.UserRole))
        answer = self.controller.pack.answer(key)
        if answer is None:
            return
        text = (
            answer.question_text
            if len(answer.question_text) <= 90
            else answer.question_text[:88] + "\N{HORIZONTAL ELLIPSIS}"
        )
        status = self.controller.status(key)
        item.setText(f"Q{answer.position} \N{MIDDLE DOT} {STATUS_MARKS[status]}\n{text}")
        font = item.font()
        font.setBold(status != "scored")
        item.setFont(font)

    def _show_progress(self) -> None:
        done, total = self.controller.scored_count(), self.controller.total
        self.progress_label.setText(f"{done} of {count_of(total, 'answer')} scored")
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    # Scoring

    def _scored(self, criterion_id: str, value: int) -> None:
        if self._key is not None:
            self.controller.set_score(self._key, criterion_id, value)

    def _hand_over_note(self) -> None:
        if self._key is not None:
            self.controller.set_note(self._key, self.notes.toPlainText())

    def _changed(self, key: str) -> None:
        if key and key == self._key:
            self.sheet.show_scores(self.controller.draft.review(key).scores)
        for row in range(self.answers.count()):
            item = self.answers.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self._show_item(item)
        self._show_progress()

    # Saving

    def save_scores(self) -> None:
        self._note_autosave.flush()
        if not self.name.text().strip():
            self.banners.show_message(
                "review", f"Type your name first, so {self._candidate} knows whose scores these are.", "warning"
            )
            self.name.setFocus()
            return
        pack = self.controller.pack
        who = "-".join((pack.candidate_name or "interview").lower().split())
        suggested = str(Path.home() / f"{who}-review-by-{'-'.join(self.name.text().lower().split())}{SCORES_SUFFIX}")
        chosen = self.choose_save(self, "Save scores file", suggested, f"Interview Coach scores (*{SCORES_SUFFIX})")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != SCORES_SUFFIX:
            path = path.with_name(path.name + SCORES_SUFFIX)
        self.controller.save_scores_file(path)

    def _scores_saved(self, path: Path) -> None:
        done, total = self.controller.scored_count(), self.controller.total
        unscored = f" ({count_of(total - done, 'answer')} not fully scored)" if done < total else ""
        self.banners.show_message(
            "review",
            f"Saved {path}{unscored}. Send this file back to {self._candidate}: they add your scores with "
            "File \N{RIGHTWARDS ARROW} Import Friend's Scores\N{HORIZONTAL ELLIPSIS} in Interview Coach.",
            "info",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._note_autosave.flush()
        self.controller.flush()
        self.player.stop()
        super().closeEvent(event)


def _guide_html(answer: PackAnswer) -> str:
    parts = [improper_block_html(answer.improper)] if answer.improper else []
    if answer.strong_answer:
        parts += ["<b>A strong answer</b>", f"<p>{_text(answer.strong_answer)}</p>"]
    if answer.handling:
        parts += ["<b>How to handle this question</b>", f"<p>{_text(answer.handling)}</p>"]
    if answer.follow_ups:
        parts.append("<b>Follow-up questions you might ask</b><ul>")
        parts += [f"<li>{_text(probe)}</li>" for probe in answer.follow_ups]
        parts.append("</ul>")
    return "".join(parts) or "<i>No guidance came with this question: score it as you heard it.</i>"


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br>")
