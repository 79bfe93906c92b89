"""The session screen: the question, the clock, the microphone level, then the score sheet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.delivery_controller import DeliveryController
from interview_coach.controllers.practice_controller import PracticeController
from interview_coach.domain.answer_clock import ANSWER_RUNNING, BEFORE_ANSWER, SILENCE_SECONDS, Phase
from interview_coach.domain.calibration import ComparedScore
from interview_coach.domain.current_answer import CurrentAnswer
from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.questions import category_label
from interview_coach.domain.time_format import clock_text
from interview_coach.domain.wording import count_of
from interview_coach.ui.clock_panel import ClockPanel, button
from interview_coach.ui.delivery_view import DeliveryView
from interview_coach.ui.dialogs import Confirm, ask
from interview_coach.ui.friend.comparison_view import ComparisonView
from interview_coach.ui.improper_notice import ImproperNotice
from interview_coach.ui.layout_helpers import scrolled_column
from interview_coach.ui.score_sheet import ScoreSheet
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_card, style_primary

REPLAY_TEXT, STOP_TEXT = "Replay my answer", "Stop the replay"
REPLAY_POLL_MS = 200


class PracticeSessionView(QWidget):
    interviewer_requested = Signal()  # friend mode: bring back the interviewer's window

    def __init__(
        self,
        controller: PracticeController,
        delivery: DeliveryController | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("practiceSessionView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # keeps the session's keys working between questions
        self._controller = controller
        self.confirm: Confirm = ask  # tests answer for the user
        self._delivery = delivery

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(12)
        layout.addLayout(self._top_bar())
        layout.addWidget(self._question_card())
        self.stages = QStackedWidget()
        self.stages.setObjectName("sessionStages")
        self.stages.addWidget(self._answer_panel())
        self.stages.addWidget(self._scoring_panel())
        layout.addWidget(self.stages, 1)

        self.paused_banner = QLabel("Paused. Press Esc or Resume to carry on.")
        self.paused_banner.setObjectName("pausedBanner")
        self.paused_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paused_banner.setFont(scaled_font(self, 1.2, bold=True))
        self.paused_banner.hide()
        layout.addWidget(self.paused_banner)

        self.status = QLabel()
        self.status.setObjectName("sessionStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        # In friend mode the interviewer paces the session from their window; these keys are theirs there.
        self._pacing_keys = [
            self._shortcut(Qt.Key.Key_Space, self._space),
            self._shortcut(Qt.Key.Key_Return, controller.next_question),
            self._shortcut(Qt.Key.Key_Enter, controller.next_question),
            self._shortcut(Qt.Key.Key_R, controller.repeat),
            self._shortcut(Qt.Key.Key_H, self.toggle_hint),
        ]
        self._shortcut(Qt.Key.Key_Escape, controller.toggle_pause)
        self._connect(controller)

    def _connect(self, controller: PracticeController) -> None:
        controller.question_shown.connect(self._show_question)
        controller.phase_changed.connect(self._show_phase)
        controller.think_remaining.connect(self._show_think)
        controller.answer_elapsed.connect(self.clock_panel.show_answer_time)
        controller.limit_warning.connect(
            lambda left: self._say(f"{int(left + 0.5)} seconds left: start wrapping up.", warn=True)
        )
        controller.time_up.connect(self._show_time_up)
        controller.silence_warning.connect(self._show_silence)
        controller.paused_changed.connect(self._show_paused)
        controller.scores_changed.connect(self.sheet.show_scores)
        controller.recording_ready.connect(lambda _path: self.replay_button.setEnabled(True))
        controller.replay_changed.connect(self._show_replaying)
        controller.message.connect(lambda text: self._say(text, warn=True))
        controller.sheets_progress.connect(self._show_sheets_progress)
        controller.comparison_ready.connect(self._show_comparison)
        controller.candidate_view_changed.connect(lambda _q, _t: self._apply_mode())
        controller.take_saved.connect(self._take_saved)
        if self._delivery is not None:
            self._delivery.analysing.connect(self._analysing)
            self._delivery.analysed.connect(self._analysed)
            self._delivery.failed.connect(self._analysis_failed)

    # Panels

    def _top_bar(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.progress = QLabel()
        self.progress.setObjectName("questionProgress")
        self.progress.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        top.addWidget(self.progress, 1)
        self.interviewer_button = button(
            "Interviewer's window", "openInterviewerButton", self.interviewer_requested.emit
        )
        self.interviewer_button.hide()
        top.addWidget(self.interviewer_button)
        self.pause_button = button("Pause (Esc)", "pauseButton", self._controller.toggle_pause)
        top.addWidget(self.pause_button)
        self.end_button = button("End session", "endSessionButton", self.end_session)
        top.addWidget(self.end_button)
        return top

    def end_session(self) -> None:
        """Asks first while questions are left: ending by mistake cannot be undone (what is done is kept)."""
        current, total = self._controller.current, len(self._controller.plan)
        left = total - current.position + (0 if self._controller.phase is Phase.SCORING else 1) if current else 0
        if left > 0:
            text = (
                f"End the session now, with {count_of(left, 'question')} of {total} still to go?\n\n"
                "Everything you have answered and scored so far is kept."
            )
            if not self.confirm(self, "End session", text):
                return
        self._controller.end_session()

    def _question_card(self) -> QFrame:
        card = QFrame()
        style_card(card)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(20, 16, 20, 16)
        self.question_text = QLabel()
        self.question_text.setObjectName("questionText")
        self.question_text.setAccessibleName("Question")
        self.question_text.setWordWrap(True)
        self.question_text.setFont(scaled_font(self, 1.6, bold=True))
        self.question_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card_layout.addWidget(self.question_text)
        self.improper_notice = ImproperNotice("sessionImproperNotice")
        card_layout.addWidget(self.improper_notice)
        card_actions = QHBoxLayout()
        self.repeat_button = button("Repeat (R)", "repeatButton", self._controller.repeat)
        card_actions.addWidget(self.repeat_button)
        self.hint_button = button("Show a hint (H)", "hintButton", self.toggle_hint)
        card_actions.addWidget(self.hint_button)
        card_actions.addStretch(1)
        card_layout.addLayout(card_actions)
        self.hint_text = QLabel()
        self.hint_text.setObjectName("hintText")
        self.hint_text.setWordWrap(True)
        self.hint_text.hide()
        card_layout.addWidget(self.hint_text)
        return card

    def _answer_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        self.clock_panel = ClockPanel()
        self.phase_label, self.timer = self.clock_panel.phase_label, self.clock_panel.timer
        self.limit_bar, self.meter = self.clock_panel.limit_bar, self.clock_panel.meter
        layout.addWidget(self.clock_panel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.record_button = button("Start answering (Space)", "recordButton", self._space)
        style_primary(self.record_button)
        buttons.addWidget(self.record_button)
        self.keep_going_button = button("Keep going", "keepGoingButton", self._controller.keep_going)
        self.keep_going_button.hide()
        buttons.addWidget(self.keep_going_button)
        self.skip_button = button("Skip question (Enter)", "skipQuestionButton", self._controller.next_question)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._controller.level.connect(self.meter.show_level)
        return panel

    def _scoring_panel(self) -> QWidget:
        outer = QWidget()
        outer_layout = QVBoxLayout(outer)
        outer_layout.setContentsMargins(0, 0, 0, 0)
        scroll, layout = scrolled_column()
        self.scoring_scroll = scroll
        self.scoring_heading = QLabel()
        self.scoring_heading.setObjectName("scoringHeading")
        self.scoring_heading.setFont(scaled_font(self, 1.05, bold=True))
        self.scoring_heading.setWordWrap(True)
        layout.addWidget(self.scoring_heading)
        self.comparison = ComparisonView()  # friend mode, once both sheets are in: the first thing to read
        self.comparison.hide()
        layout.addWidget(self.comparison)
        self.answer_facts = QLabel()
        self.answer_facts.setObjectName("answerFacts")
        layout.addWidget(self.answer_facts)
        self.delivery_view = DeliveryView()  # transcript and figures, when the take has been analysed
        self.delivery_view.hide()
        layout.addWidget(self.delivery_view)
        self.strong_answer = QLabel()
        self.strong_answer.setObjectName("strongAnswer")
        self.strong_answer.setWordWrap(True)
        layout.addWidget(self.strong_answer)
        self.sheet = ScoreSheet()
        self.sheet.scored.connect(self._controller.set_score)
        layout.addWidget(self.sheet)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notesEdit")
        self.notes.setAccessibleName("Notes on this answer")
        self.notes.setPlaceholderText("Notes: what to keep, what to change next time…")
        self.notes.setFixedHeight(70)
        self.notes.textChanged.connect(lambda: self._controller.set_note(self.notes.toPlainText()))
        layout.addWidget(self.notes)
        self.friend_status = QLabel()
        self.friend_status.setObjectName("friendSheetStatus")
        self.friend_status.setWordWrap(True)
        layout.addWidget(self.friend_status)
        layout.addStretch(1)
        outer_layout.addWidget(scroll, 1)
        # The actions stay in view however long the score sheet is.
        buttons = QHBoxLayout()
        self.replay_button = button(REPLAY_TEXT, "replayButton", self._controller.replay)
        metrics = self.replay_button.fontMetrics()  # wide enough for both texts: nothing moves when it flips
        self.replay_button.setMinimumWidth(max(metrics.horizontalAdvance(t) for t in (REPLAY_TEXT, STOP_TEXT)) + 32)
        buttons.addWidget(self.replay_button)
        self.redo_button = button("Redo this answer", "redoButton", self._controller.redo)
        buttons.addWidget(self.redo_button)
        self.replay_time = QLabel()
        self.replay_time.setObjectName("replayTime")
        self.replay_time.setAccessibleName("Replay position")
        buttons.addWidget(self.replay_time)
        self._replay_timer = QTimer(self)
        self._replay_timer.setInterval(REPLAY_POLL_MS)
        self._replay_timer.timeout.connect(self._show_replay_time)
        buttons.addStretch(1)
        self.next_button = button("Next question (Enter)", "nextQuestionButton", self._controller.next_question)
        style_primary(self.next_button)
        buttons.addWidget(self.next_button)
        outer_layout.addLayout(buttons)
        return outer

    # Controller -> view

    def _show_question(self, current: CurrentAnswer) -> None:
        # The score sheet that had the focus is gone; without this the keys would go nowhere.
        self.setFocus()
        total = len(self._controller.plan)
        question = current.question
        self.progress.setText(
            f"Question {current.position} of {total} · {category_label(question.category)}"
            f" · think {current.think_limit} s · answer limit {clock_text(current.answer_limit)}"
        )
        self.question_text.setText(question.text)
        self.sheet.set_criteria(current.criteria)
        self.sheet.show_scores(current.scores)
        self.notes.blockSignals(True)
        self.notes.setPlainText(current.note)
        self.notes.blockSignals(False)
        guidance = question.handling
        text = f"<b>A strong answer</b><br>{question.strong_answer}"
        if guidance:
            text += f"<br><b>Handling it:</b> {guidance}"
        self.strong_answer.setText(text)
        self.hint_text.setText(f"<b>Hint:</b> {guidance or question.strong_answer}")
        self.hint_text.hide()
        self.hint_button.setText("Show a hint (H)")
        self.replay_button.setEnabled(False)
        self.limit_bar.setValue(0)
        self.timer.setText(clock_text(current.think_limit, countdown=True))
        self.comparison.hide()
        self.friend_status.setText("")
        self.delivery_view.clear()
        self.delivery_view.hide()
        self.sheet.show_figures(None)
        if current.recorded and current.answer_id is not None and self._delivery is not None:
            self._delivery.load(current.answer_id)  # a take saved before (a resumed session)
        self._say("")
        self._apply_mode()

    def _apply_mode(self) -> None:
        """Friend mode shows the candidate only what a real interview room would (and what the friend allows)."""
        controller = self._controller
        friend = controller.friend_mode
        setup = controller.setup
        current = controller.current
        for shortcut in self._pacing_keys:
            shortcut.setEnabled(not friend)
        hidden_question = friend and not setup.show_question
        if current is not None:
            self.question_text.setText(
                f"Listen to {controller.friend.label}." if hidden_question else current.question.text
            )
            # The notice would give away a question the friend has chosen to keep hidden.
            self.improper_notice.show_for("" if hidden_question else current.question.improper)
        self.repeat_button.setVisible(not friend)
        self.interviewer_button.setVisible(friend)
        self.record_button.setVisible(not friend)
        if friend:
            for widget in (self.hint_button, self.hint_text, self.skip_button, self.keep_going_button):
                widget.hide()
        self.redo_button.setVisible(not friend)
        self.next_button.setVisible(not friend)
        self.timer.setVisible(not friend or setup.show_timer)
        self.limit_bar.setVisible(not friend or setup.show_timer)
        self.scoring_heading.setText(
            f"Score yourself, 1-5 (keys 1-5, arrows to move). {controller.friend.label} is scoring too; "
            "you will see each other's scores when both are in."
            if friend
            else "How did that go? Score each point 1-5 (keys 1-5, arrows to move)."
        )

    def _show_phase(self, phase: Phase) -> None:
        scoring = phase is Phase.SCORING
        self.stages.setCurrentIndex(1 if scoring else 0)
        self.repeat_button.setEnabled(phase in BEFORE_ANSWER)
        solo = not self._controller.friend_mode
        self.hint_button.setVisible(solo and phase in BEFORE_ANSWER | ANSWER_RUNNING | {Phase.STARTING})
        if scoring:
            self.hint_text.hide()
        self.skip_button.setVisible(solo and phase in BEFORE_ANSWER)
        self.keep_going_button.setVisible(solo and phase is Phase.TIME_UP)
        self.record_button.setEnabled(phase in BEFORE_ANSWER | ANSWER_RUNNING)
        self.record_button.setText("Stop (Space)" if phase in ANSWER_RUNNING else "Start answering (Space)")
        self.phase_label.setText(self._phase_text(phase, solo))
        if scoring:
            self._show_answer_facts()
            self.sheet.focus_first_unscored()
        elif phase is Phase.ANSWERING:
            self._say("")

    def _phase_text(self, phase: Phase, solo: bool) -> str:
        recorded = self._controller.current is not None and self._controller.current.recorded
        if not solo:
            name = self._controller.friend.label
            friend_texts = {
                Phase.ASKING: f"Listen to {name}…",
                Phase.THINKING: f"Take a moment to think, then answer. {name} starts the recording.",
                Phase.ANSWERING: "Recording your answer." if recorded else "Answer now (not recorded: no microphone).",
                Phase.TIME_UP: "Time is up: finish your sentence.",
            }
            if phase in friend_texts:
                return friend_texts[phase]
        texts = {
            Phase.ASKING: "Listen to the question…",
            Phase.THINKING: "Think time. Press Space when you are ready.",
            Phase.STARTING: "Opening the microphone…",
            Phase.ANSWERING: "Recording. Press Space when you have finished."
            if recorded
            else "Answer now (not recorded: no microphone). Press Space when you have finished.",
            Phase.TIME_UP: "Time is up.",
            Phase.FINISHING: "Saving your answer…",
        }
        return texts.get(phase, "")

    def _show_answer_facts(self) -> None:
        current = self._controller.current
        if current is None:
            return
        last = current.position == len(self._controller.plan)
        self.next_button.setText("Finish session (Enter)" if last else "Next question (Enter)")
        facts = f"Your answer: {clock_text(current.answer_seconds)} of {clock_text(current.answer_limit)}"
        if current.over_limit:
            facts += " (over the limit)"
        if current.speech_onset is not None:
            facts += f" · you started speaking after {current.speech_onset:.1f} s"
        if not current.recording_path:
            facts += " · not recorded"
        self.answer_facts.setText(facts)

    # Delivery analysis

    def _is_current(self, answer_id: int) -> bool:
        current = self._controller.current
        return current is not None and current.answer_id == answer_id

    def _take_saved(self, _take: object) -> None:
        if self._delivery is not None and not self._delivery.settings.enabled:
            self.delivery_view.show_status("Delivery analysis is off (Preferences turns it on).")
            self.delivery_view.show()

    def _analysing(self, answer_id: int) -> None:
        if self._is_current(answer_id):
            self.delivery_view.show_status("Working out the transcript, pace, fillers and pauses on this computer…")
            self.delivery_view.show()

    def _analysed(self, answer_id: int, figures: DeliveryFigures) -> None:
        if self._is_current(answer_id):
            self.delivery_view.show_figures(figures)
            self.delivery_view.show()
            self.sheet.show_figures(figures)

    def _analysis_failed(self, answer_id: int, message: str) -> None:
        if self._is_current(answer_id):
            self.delivery_view.show_status(message, warn=True)
            self.delivery_view.show()

    def _show_sheets_progress(self, own: int, own_total: int, friend: int, friend_total: int) -> None:
        name = self._controller.friend.label
        if own == own_total and friend == friend_total:
            self.friend_status.setText(f"Waiting for {name} to move on.")
        elif own == own_total:
            self.friend_status.setText(f"{name} is still scoring ({friend} of {friend_total}).")
        else:
            self.friend_status.setText("")

    def _show_comparison(self, rows: list[ComparedScore]) -> None:
        self.comparison.setVisible(bool(rows))
        if rows:
            self.comparison.show_comparison(rows, self._controller.friend.label)
            self.scoring_scroll.verticalScrollBar().setValue(0)

    def _show_replaying(self, playing: bool) -> None:
        self.replay_button.setText(STOP_TEXT if playing else REPLAY_TEXT)
        self.replay_button.setAccessibleName(STOP_TEXT if playing else REPLAY_TEXT)
        if playing:
            self._replay_timer.start()
            self._show_replay_time()
        else:
            self._replay_timer.stop()
            self.replay_time.setText("")

    def _show_replay_time(self) -> None:
        progress = self._controller.replay_progress()
        if progress is not None:
            played, length = progress
            self.replay_time.setText(f"Playing\N{HORIZONTAL ELLIPSIS} {clock_text(played)} / {clock_text(length)}")

    def _show_think(self, remaining: float) -> None:
        self.timer.setText(clock_text(remaining, countdown=True))

    def _show_time_up(self, grace: float) -> None:
        self.phase_label.setText(f"Time is up: stopping in {int(grace + 0.999)} s. Keep going if you need to finish.")

    def _show_silence(self, silent: bool) -> None:
        heard = f"The microphone has heard nothing for {SILENCE_SECONDS:g} seconds. Is it muted or unplugged?"
        self.clock_panel.show_alert(heard if silent else "")

    def _show_paused(self, paused: bool) -> None:
        self.paused_banner.setVisible(paused)
        self.pause_button.setText("Resume (Esc)" if paused else "Pause (Esc)")

    def _say(self, text: str, *, warn: bool = False) -> None:
        self.status.setText(f"<b>{text}</b>" if warn and text else text)

    # Input

    def toggle_hint(self) -> None:
        """What a strong answer shows (or, for a red flag, how to handle it), for when you are stuck."""
        if self._controller.phase is Phase.SCORING:
            return
        showing = not self.hint_text.isVisible()
        self.hint_text.setVisible(showing)
        self.hint_button.setText("Hide the hint (H)" if showing else "Show a hint (H)")

    def _space(self) -> None:
        if self._controller.phase in BEFORE_ANSWER:
            self._controller.start_answer()
        elif self._controller.phase in ANSWER_RUNNING:
            self._controller.stop_answer()

    def _shortcut(self, key: Qt.Key, slot: Callable[[], None]) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return shortcut

    def hideEvent(self, event: object) -> None:
        self._controller.flush_notes()  # the screen is left: a note typed within the pause is saved now
        super().hideEvent(event)  # type: ignore[arg-type]
