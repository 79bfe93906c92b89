"""The friend's console: what to ask, what a strong answer shows, probes, the clock, pacing and a score sheet.

Its own top-level window, so it can sit on a second screen (or full screen on a laptop facing the
friend) while the candidate's window shows only what a candidate sees in a real interview.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.practice_controller import PracticeController
from interview_coach.domain.answer_clock import ANSWER_RUNNING, BEFORE_ANSWER, Phase
from interview_coach.domain.current_answer import CurrentAnswer
from interview_coach.domain.probes import Probe, own_follow_ups
from interview_coach.domain.questions import RED_FLAG, category_label
from interview_coach.domain.snapshots import QuestionSnapshot
from interview_coach.domain.time_format import clock_text
from interview_coach.ui.clock_panel import ClockPanel, button
from interview_coach.ui.friend.comparison_view import ComparisonView
from interview_coach.ui.friend.follow_up_panel import FollowUpPanel
from interview_coach.ui.improper_notice import ImproperNotice
from interview_coach.ui.layout_helpers import scrolled_column
from interview_coach.ui.score_sheet import ScoreSheet
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_card, style_primary

ProbeSource = Callable[[QuestionSnapshot], list[Probe]]


class InterviewerWindow(QWidget):
    closed = Signal()

    def __init__(self, controller: PracticeController, probes: ProbeSource, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("interviewerWindow")
        self.setWindowTitle("Interviewer · Interview Coach")
        self.setAccessibleName("Interviewer's window")
        self._controller = controller
        self._probes = probes
        self._muted = muted_text_colour(self).name()
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 16, 24, 16)
        root.setSpacing(12)
        root.addLayout(self._top_bar())
        body = QHBoxLayout()
        body.setSpacing(20)
        body.addWidget(self._question_column(), 3)
        body.addWidget(self._control_column(), 2)
        root.addLayout(body, 1)

        self._shortcut(Qt.Key.Key_Space, self._space)
        self._shortcut(Qt.Key.Key_Return, self._enter)
        self._shortcut(Qt.Key.Key_Enter, self._enter)
        self._shortcut(Qt.Key.Key_R, controller.repeat)
        self._shortcut(Qt.Key.Key_F11, self.toggle_full_screen)

        controller.question_shown.connect(self._show_question)
        controller.phase_changed.connect(self._show_phase)
        # Bound methods only: Qt drops those connections when this window is deleted; a lambda would
        # outlive it and touch deleted widgets on the next tick.
        controller.think_remaining.connect(self.clock_panel.show_countdown)
        controller.answer_elapsed.connect(self.clock_panel.show_answer_time)
        controller.time_up.connect(self._show_time_up)
        controller.level.connect(self.meter.show_level)
        controller.friend_scores_changed.connect(self.sheet.show_scores)
        controller.sheets_progress.connect(self._show_sheets_progress)
        controller.comparison_ready.connect(self._show_comparison)
        controller.follow_ups_changed.connect(self.follow_ups.show_asked)
        controller.paused_changed.connect(self._show_paused)
        controller.candidate_view_changed.connect(self._show_candidate_view)
        if controller.current is not None:
            self._show_question(controller.current)
            self._show_phase(controller.phase)

    # Layout

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.progress = QLabel()
        self.progress.setObjectName("interviewerProgress")
        self.progress.setStyleSheet(f"color: {self._muted}")
        bar.addWidget(self.progress, 1)
        setup = self._controller.setup
        self.show_question = QCheckBox("Candidate sees the question")
        self.show_question.setObjectName("candidateSeesQuestionCheck")
        self.show_question.setChecked(setup.show_question)
        self.show_timer = QCheckBox("Candidate sees the timer")
        self.show_timer.setObjectName("candidateSeesTimerCheck")
        self.show_timer.setChecked(setup.show_timer)
        for box in (self.show_question, self.show_timer):
            box.toggled.connect(self._candidate_view_changed)
            bar.addWidget(box)
        self.full_screen_button = button("Full screen (F11)", "interviewerFullScreenButton", self.toggle_full_screen)
        bar.addWidget(self.full_screen_button)
        return bar

    def _question_column(self) -> QScrollArea:
        scroll, layout = scrolled_column(spacing=12)

        card = QFrame()
        style_card(card)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(20, 14, 20, 16)
        read_out = QLabel("Read this out:")
        read_out.setStyleSheet(f"color: {self._muted}")
        card_layout.addWidget(read_out)
        self.question_text = QLabel()
        self.question_text.setObjectName("interviewerQuestionText")
        self.question_text.setAccessibleName("Question to ask")
        self.question_text.setWordWrap(True)
        self.question_text.setFont(scaled_font(self, 1.5, bold=True))
        self.question_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card_layout.addWidget(self.question_text)
        self.improper_notice = ImproperNotice("interviewerImproperNotice")
        card_layout.addWidget(self.improper_notice)
        row = QHBoxLayout()
        self.read_aloud_button = button("Have it read aloud (R)", "interviewerReadAloudButton", self._controller.repeat)
        row.addWidget(self.read_aloud_button)
        row.addStretch(1)
        card_layout.addLayout(row)
        layout.addWidget(card)

        self.strong_answer = QLabel()
        self.strong_answer.setObjectName("interviewerStrongAnswer")
        self.strong_answer.setWordWrap(True)
        layout.addWidget(self.strong_answer)
        self.handling = QLabel()
        self.handling.setObjectName("interviewerHandling")
        self.handling.setWordWrap(True)
        layout.addWidget(self.handling)
        self.follow_ups = FollowUpPanel(self._controller.ask_follow_up)
        layout.addWidget(self.follow_ups)
        layout.addStretch(1)
        return scroll

    def _control_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)

        timer_card = QFrame()
        style_card(timer_card)
        timer_layout = QVBoxLayout(timer_card)
        timer_layout.setContentsMargins(16, 10, 16, 12)
        self.clock_panel = ClockPanel("interviewer", clock_scale=2.8)
        self.phase_label, self.timer = self.clock_panel.phase_label, self.clock_panel.timer
        self.limit_bar, self.meter = self.clock_panel.limit_bar, self.clock_panel.meter
        timer_layout.addWidget(self.clock_panel)
        layout.addWidget(timer_card)
        layout.addLayout(self._pacing_buttons())
        layout.addWidget(self._scoring_area(), 1)
        return column

    def _pacing_buttons(self) -> QVBoxLayout:
        buttons = QVBoxLayout()
        buttons.setSpacing(10)
        pacing = QHBoxLayout()
        self.record_button = button("Start recording (Space)", "interviewerRecordButton", self._space)
        style_primary(self.record_button)
        pacing.addWidget(self.record_button, 1)
        self.keep_going_button = button("Keep going", "interviewerKeepGoingButton", self._controller.keep_going)
        pacing.addWidget(self.keep_going_button)
        buttons.addLayout(pacing)
        moves = QHBoxLayout()
        self.next_button = button("Next question (Enter)", "interviewerNextButton", self._controller.next_question)
        moves.addWidget(self.next_button, 1)
        self.pause_button = button("Pause (Esc)", "interviewerPauseButton", self._controller.toggle_pause)
        moves.addWidget(self.pause_button)
        self.end_button = button("End session", "interviewerEndButton", self._controller.end_session)
        moves.addWidget(self.end_button)
        buttons.addLayout(moves)
        self._shortcut(Qt.Key.Key_Escape, self._controller.toggle_pause)
        return buttons

    def _scoring_area(self) -> QScrollArea:
        scroll, scoring_layout = scrolled_column((0, 4, 8, 0))
        self.sheet_heading = QLabel()
        self.sheet_heading.setFont(scaled_font(self, 1.05, bold=True))
        self.sheet_heading.setWordWrap(True)
        scoring_layout.addWidget(self.sheet_heading)
        self.comparison = ComparisonView()
        self.comparison.hide()
        scoring_layout.addWidget(self.comparison)
        self.sheet = ScoreSheet()
        self.sheet.setObjectName("friendScoreSheet")
        self.sheet.setAccessibleName("Interviewer's score sheet")
        self.sheet.scored.connect(self._controller.set_friend_score)
        scoring_layout.addWidget(self.sheet)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("friendNotesEdit")
        self.notes.setAccessibleName("Interviewer's notes on this answer")
        self.notes.setPlaceholderText("Notes for the candidate: what landed, what to change…")
        self.notes.setFixedHeight(70)
        self.notes.textChanged.connect(lambda: self._controller.set_friend_note(self.notes.toPlainText()))
        scoring_layout.addWidget(self.notes)
        self.sheets_status = QLabel()
        self.sheets_status.setObjectName("interviewerSheetsStatus")
        self.sheets_status.setWordWrap(True)
        scoring_layout.addWidget(self.sheets_status)
        scoring_layout.addStretch(1)
        self.scoring_area = scroll
        return scroll

    # Controller -> window

    def _show_question(self, current: CurrentAnswer) -> None:
        question = current.question
        total = len(self._controller.plan)
        self.progress.setText(
            f"Question {current.position} of {total} · {category_label(question.category)}"
            f" · think {current.think_limit} s · answer limit {clock_text(current.answer_limit)}"
            f" · you are {self._controller.friend.label}"
        )
        self.question_text.setText(question.text)
        self.strong_answer.setText(f"<b>A strong answer</b><br>{question.strong_answer}")
        handling = question.handling
        self.handling.setText(f"<b>How a good candidate handles it:</b> {handling}")
        self.handling.setVisible(bool(handling))
        self.improper_notice.show_for(question.improper)
        library_probes = self._probes(question)
        self.follow_ups.show_probes(list(own_follow_ups(question)), question.category == RED_FLAG, library_probes)
        self.follow_ups.show_asked(current.follow_ups)
        self.sheet.set_criteria(current.friend_criteria)
        self.sheet.show_scores(current.friend_scores)
        self.notes.blockSignals(True)
        self.notes.setPlainText(current.friend_note)
        self.notes.blockSignals(False)
        self.sheet_heading.setText("Score the answer when it ends (keys 1-5, arrows to move).")
        self.comparison.hide()
        self.sheets_status.setText("")
        self.limit_bar.setValue(0)
        self.timer.setText(clock_text(current.think_limit, countdown=True))

    def _recording(self) -> bool:
        current = self._controller.current
        return current is not None and current.recorded

    def _show_phase(self, phase: Phase) -> None:
        scoring = phase is Phase.SCORING
        self.record_button.setEnabled(phase in BEFORE_ANSWER | ANSWER_RUNNING)
        self.record_button.setText("Stop recording (Space)" if phase in ANSWER_RUNNING else "Start recording (Space)")
        self.keep_going_button.setVisible(phase is Phase.TIME_UP)
        self.read_aloud_button.setEnabled(phase in BEFORE_ANSWER)
        self.sheet.setEnabled(scoring)
        self.notes.setEnabled(scoring)
        labels = {
            Phase.ASKING: "Reading the question aloud…",
            Phase.THINKING: "Think time. Start recording when the candidate begins.",
            Phase.STARTING: "Opening the microphone…",
            Phase.ANSWERING: "Recording the answer." if self._recording() else "Timing the answer (no microphone).",
            Phase.TIME_UP: "Time is up.",
            Phase.FINISHING: "Saving the answer…",
            Phase.SCORING: "Both of you score now.",
        }
        self.phase_label.setText(labels.get(phase, ""))
        last = self._controller.current is not None and self._controller.current.position == len(self._controller.plan)
        if phase in BEFORE_ANSWER:
            self.next_button.setText("Skip question (Enter)")
        else:
            self.next_button.setText("Finish session (Enter)" if last else "Next question (Enter)")
        self.next_button.setEnabled(phase in BEFORE_ANSWER or scoring)
        if scoring:
            self.sheet_heading.setText(f"Your scores ({self._controller.friend.label}): keys 1-5, arrows to move.")
            self.sheet.focus_first_unscored()

    def _show_time_up(self, grace: float) -> None:
        self.phase_label.setText(f"Time is up: stopping in {int(grace + 0.999)} s.")

    def _show_paused(self, paused: bool) -> None:
        self.pause_button.setText("Resume (Esc)" if paused else "Pause (Esc)")

    def _show_candidate_view(self, show_question: bool, show_timer: bool) -> None:
        for box, checked in ((self.show_question, show_question), (self.show_timer, show_timer)):
            box.blockSignals(True)
            box.setChecked(checked)
            box.blockSignals(False)

    def _show_sheets_progress(self, own: int, own_total: int, friend: int, friend_total: int) -> None:
        if own == own_total and friend == friend_total:
            self.sheets_status.setText("")
            return
        waiting = (
            "The candidate has finished scoring."
            if own == own_total
            else (f"The candidate has scored {own} of {own_total} points.")
        )
        self.sheets_status.setText(f"{waiting} You have scored {friend} of {friend_total}.")

    def _show_comparison(self, rows: list[Any]) -> None:
        self.comparison.setVisible(bool(rows))
        if rows:
            self.comparison.show_comparison(rows, self._controller.friend.label)
            self.scoring_area.verticalScrollBar().setValue(0)

    # Input

    def _space(self) -> None:
        phase = self._controller.phase
        if phase in BEFORE_ANSWER:
            self._controller.start_answer()
        elif phase in ANSWER_RUNNING:
            self._controller.stop_answer()

    def _enter(self) -> None:
        # A line edit lets Return through to window shortcuts: in the follow-up box it means "ask this".
        if self.follow_ups.custom.hasFocus():
            self.follow_ups.ask_custom()
        else:
            self._controller.next_question()

    def _candidate_view_changed(self) -> None:
        self._controller.set_candidate_view(self.show_question.isChecked(), self.show_timer.isChecked())

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()
        self.full_screen_button.setText("Leave full screen (F11)" if self.isFullScreen() else "Full screen (F11)")

    def place_beside(self, main: QWidget) -> None:
        """On a second screen when there is one (filling it); otherwise a large window over the main one."""
        here = main.screen()
        others = [s for s in QGuiApplication.screens() if s is not here]
        if others:
            area = others[0].availableGeometry()
            self.setGeometry(area)
            self.showMaximized()
            return
        area = (here or QGuiApplication.primaryScreen()).availableGeometry()
        self.resize(min(1180, area.width() - 40), min(820, area.height() - 40))
        self.move(area.center() - self.rect().center())
        self.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._controller.flush_notes()  # a note typed within the pause is saved now
        self.closed.emit()
        super().closeEvent(event)

    def _shortcut(self, key: Qt.Key, slot: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
