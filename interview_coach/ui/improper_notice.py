"""A clear notice on a question an interviewer should not ask, with how to answer or deflect it.

Candidates do get asked about their age, family or health, so the banks keep such questions for
practice; the notice makes sure nobody takes them for normal questions. Shared by the practice
screen, the library, History's answer panel and the interviewer's window.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from interview_coach.ui.theme import BANNER_COLOURS

HEADING = "An interviewer should not ask this."


def improper_html(improper: str) -> str:
    """The notice as rich text (empty when the question is a fair one)."""
    if not improper:
        return ""
    return f"<b>{escape(HEADING)}</b> {escape(improper)}"


class ImproperNotice(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("improperNotice")
        self.setAccessibleName("Improper question")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        border, fill = BANNER_COLOURS["warning"]
        self.setStyleSheet(
            f"QLabel#improperNotice {{ border: 1px solid {border}; border-radius: 6px; background: {fill};"
            " padding: 8px; }"
        )
        self.hide()

    def show_for(self, improper: str) -> None:
        """Shows the notice for a question's `improper` guidance; hides it for a fair question."""
        self.setText(improper_html(improper))
        self.setVisible(bool(improper))
