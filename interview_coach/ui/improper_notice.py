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
# Rich text in a QTextBrowser takes a table's colours, not a div's border; the text colour is fixed
# so the notice reads on a dark theme too.
_BLOCK = (
    "<table width='100%' border='1' cellspacing='0' cellpadding='8' bgcolor='#fff3cc'"
    " style='border-color:#c98a00; border-style:solid'><tr><td style='color:#3a2a00'>{}</td></tr></table>"
)


def improper_html(improper: str) -> str:
    """The notice as rich text (empty when the question is a fair one)."""
    if not improper:
        return ""
    return f"<b>{escape(HEADING)}</b> {escape(improper)}"


def improper_block_html(improper: str) -> str:
    """The notice as a framed block inside a longer rich-text page (the library, a review pack's guide)."""
    return _BLOCK.format(improper_html(improper)) if improper else ""


class ImproperNotice(QLabel):
    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        """`object_name` is unique per screen, as every named widget in the window is."""
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName("Improper question")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        border, fill = BANNER_COLOURS["warning"]
        self.setStyleSheet(
            f"QLabel#{object_name} {{ border: 1px solid {border}; border-radius: 6px; background: {fill};"
            " padding: 8px; }"
        )
        self.hide()

    def show_for(self, improper: str) -> None:
        """Shows the notice for a question's `improper` guidance; hides it for a fair question."""
        self.setText(improper_html(improper))
        self.setVisible(bool(improper))
