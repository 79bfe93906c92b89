"""What the delivery analysis found for one answer: the figures beside their norms, and the transcript.

Shared by the practice screen (after each take) and Review (beside the waveform). In the transcript
each word is a link to its moment in the recording (`seek_requested`), fillers are highlighted and
long pauses are marked where they fell. A norm is shown as a reading aid, never as a grade.
"""

from __future__ import annotations

import contextlib
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from interview_coach.domain.delivery import DeliveryFigures
from interview_coach.domain.delivery_norms import Reading, figure_readings
from interview_coach.ui.layout_helpers import clear_layout
from interview_coach.ui.theme import is_dark, muted_text_colour, scaled_font

_READING_MARKS: dict[Reading | None, str] = {"comfortable": "✓ ", "fine": "", "worth_a_look": "⚑ ", None: ""}
PRIVACY_NOTE = "Worked out on this computer; nothing was sent anywhere."


def transcript_html(figures: DeliveryFigures, *, links: bool, filler_colour: str, pause_colour: str) -> str:
    """The words as HTML: fillers on a tint, long pauses marked inline, each word a link when `links`."""
    fillers = set(figures.filler_words)
    pauses = sorted(figures.long_pauses, key=lambda p: p.start)
    parts: list[str] = []
    for index, word in enumerate(figures.words):
        while pauses and pauses[0].start <= word.start:
            pause = pauses.pop(0)
            parts.append(f'<span style="color: {pause_colour};">[pause {pause.duration:.1f} s]</span>')
        text = html.escape(word.word.strip())
        if index in fillers:
            text = f'<span style="background: {filler_colour};">{text}</span>'
        if links:
            text = f'<a href="{word.start:.3f}" style="color: palette(text); text-decoration: none;">{text}</a>'
        parts.append(text)
    for pause in pauses:
        parts.append(f'<span style="color: {pause_colour};">[pause {pause.duration:.1f} s]</span>')
    return " ".join(parts)


class DeliveryView(QFrame):
    seek_requested = Signal(float)  # seconds into the recording of the word clicked

    def __init__(self, *, clickable_words: bool = False, name: str = "delivery", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Names start with `name`: the scoring screen and Review each show one, and names stay unique.
        self.setObjectName(f"{name}View")
        self.setAccessibleName("Delivery: transcript and figures")
        self._links = clickable_words
        self._name = name
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(6)
        self.heading = QLabel("Delivery, measured")
        self.heading.setFont(scaled_font(self, 1.0, bold=True))
        layout.addWidget(self.heading)
        self.status = QLabel()
        self.status.setObjectName(f"{name}Status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.figures = QGridLayout()
        self.figures.setHorizontalSpacing(14)
        self.figures.setVerticalSpacing(3)
        self.figures.setColumnStretch(2, 1)
        layout.addLayout(self.figures)
        self.transcript = QLabel()
        self.transcript.setObjectName(f"{name}Transcript")
        self.transcript.setWordWrap(True)
        self.transcript.setTextFormat(Qt.TextFormat.RichText)
        self.transcript.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.transcript.linkActivated.connect(self._link)
        layout.addWidget(self.transcript)
        self.footnote = QLabel()
        self.footnote.setObjectName(f"{name}Footnote")
        self.footnote.setWordWrap(True)
        layout.addWidget(self.footnote)
        self.shown: DeliveryFigures | None = None
        self.clear()

    def clear(self) -> None:
        self.shown = None
        clear_layout(self.figures)
        self.transcript.clear()
        self.transcript.hide()
        self.status.clear()
        self.status.hide()
        self.footnote.clear()
        self.footnote.hide()

    def show_status(self, text: str, *, warn: bool = False) -> None:
        self.clear()
        colour = "#c0392b" if warn else muted_text_colour(self).name()
        self.status.setText(f"<span style='color:{colour}'>{html.escape(text)}</span>")
        self.status.show()

    def show_figures(self, figures: DeliveryFigures) -> None:
        self.clear()
        self.shown = figures
        muted = muted_text_colour(self).name()
        for row, (label, value, reading, norm) in enumerate(figure_readings(figures)):
            name = QLabel(label)
            name.setFont(scaled_font(self, 1.0, bold=True))
            shown = QLabel(_READING_MARKS[reading] + value)
            shown.setObjectName(f"{self._name}Figure-{label}")
            note = QLabel(f"<span style='color:{muted}'>{html.escape(norm)}</span>")
            note.setWordWrap(True)
            for column, widget in enumerate((name, shown, note)):
                self.figures.addWidget(widget, row, column, Qt.AlignmentFlag.AlignTop)
        if figures.words:
            dark = is_dark(self.palette())
            self.transcript.setText(
                transcript_html(
                    figures,
                    links=self._links,
                    filler_colour="#7a5c00" if dark else "#ffe08a",
                    pause_colour="#5b9bff" if dark else "#1f5fbf",
                )
            )
        else:
            self.transcript.setText(f"<span style='color:{muted}'>No speech was recognised.</span>")
        self.transcript.show()
        self.footnote.setText(f"<span style='color:{muted}'>{PRIVACY_NOTE} Model: {html.escape(figures.model)}</span>")
        self.footnote.show()

    def _link(self, target: str) -> None:
        with contextlib.suppress(ValueError):  # every link is a time this view wrote
            self.seek_requested.emit(float(target))
