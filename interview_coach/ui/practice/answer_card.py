"""One answered question on the session summary: replay it, what went best, what to work on."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from interview_coach.domain.session_summary import AnswerCard, ScoredPoint
from interview_coach.domain.time_format import clock_text
from interview_coach.ui.theme import BAD, muted_text_colour, scaled_font, status_colour, style_card


class AnswerCardView(QFrame):
    replay_requested = Signal(object)  # AnswerCard
    stop_requested = Signal()

    def __init__(self, card: AnswerCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.setObjectName(f"answerCard-{card.position}")
        style_card(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        top = QHBoxLayout()
        question = QLabel(f"<b>{card.position}. {escape(card.question)}</b>")
        question.setWordWrap(True)
        question.setFont(scaled_font(self, 1.05))
        top.addWidget(question, 1)
        self.replay = QPushButton("Replay")
        self.replay.setObjectName(f"replayAnswer-{card.position}")
        self.replay.setAccessibleName(f"Replay your answer to question {card.position}")
        self.replay.setCheckable(True)
        self.replay.setEnabled(card.recording_path is not None)
        if card.recording_path is None:
            self.replay.setToolTip("This answer was not recorded.")
        self.replay.toggled.connect(self._toggled)
        top.addWidget(self.replay)
        layout.addLayout(top)
        self.facts = QLabel(self._facts())
        self.facts.setObjectName(f"answerFacts-{card.position}")
        layout.addWidget(self.facts)
        self.points = QLabel(self._points())
        self.points.setObjectName(f"answerPoints-{card.position}")
        self.points.setWordWrap(True)
        layout.addWidget(self.points)

    def set_playing(self, playing: bool) -> None:
        self.replay.blockSignals(True)
        self.replay.setChecked(playing)
        self.replay.setText("Stop" if playing else "Replay")
        self.replay.blockSignals(False)

    def _toggled(self, playing: bool) -> None:
        self.replay.setText("Stop" if playing else "Replay")
        if playing:
            self.replay_requested.emit(self.card)
        else:
            self.stop_requested.emit()

    def _facts(self) -> str:
        muted = muted_text_colour(self).name()
        card = self.card
        parts = []
        if card.seconds:
            length = clock_text(card.seconds)
            parts.append(f"{length} of {clock_text(card.limit_seconds)}" if card.limit_seconds else length)
        if card.over_limit:
            parts.append(f"<span style='color:{status_colour(BAD).name()}'>over the limit</span>")
        parts.append(f"your average {card.average:.1f}" if card.average is not None else "not scored")
        return f"<span style='color:{muted}'>" + " \N{MIDDLE DOT} ".join(parts) + "</span>"

    def _points(self) -> str:
        card = self.card
        if not card.best:
            return "Score this answer in History to see what went best."
        lines = [f"<b>Best:</b> {_point(card.best[0])}"]
        if len(card.best) > 1:
            others = ", ".join(f"{escape(p.name)} {p.value}" for p in card.best[1:])
            lines[0] += f" (also {others})"
        if card.work_on is not None:
            lines.append(f"<b>Work on:</b> {_point(card.work_on)}")
        return "<br>".join(lines)


def _point(point: ScoredPoint) -> str:
    return f"{escape(point.name)} {point.value} \N{EM DASH} {escape(point.level)}"
