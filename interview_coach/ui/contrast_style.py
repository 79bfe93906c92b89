"""The app's style: the platform's own, with check box and radio button rings redrawn at 3:1.

Its own module, loaded after the first paint: importing the style classes and the `Qt` namespace costs
start-up ~20 ms, and the welcome screen has nothing for it to redraw.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from interview_coach.ui.theme import edge_colour


@lru_cache(maxsize=1)
def _ringed() -> dict[QStyle.PrimitiveElement, bool]:
    """The indicators to ring, True for round ones. Built on first paint, not at import: PySide6 makes
    the Python enum of every primitive element on first use, which would cost start-up ~20 ms."""
    element = QStyle.PrimitiveElement
    return {
        element.PE_IndicatorCheckBox: False,
        element.PE_IndicatorItemViewItemCheck: False,
        element.PE_IndicatorRadioButton: True,
    }


class ContrastStyle(QProxyStyle):
    """The platform's style, with check box and radio button rings redrawn at 3:1 (WCAG 1.4.11).

    Fusion outlines them a shade darker than the window: about 2:1 in light themes and nearly invisible
    in dark ones. A proxy style fixes every such control without an application-wide style sheet.
    """

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        round_ring = _ringed().get(element)
        if round_ring is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge_colour(option.palette), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ring = QRectF(option.rect).adjusted(1, 1, -1, -1)
        if round_ring:
            painter.drawEllipse(ring)
        else:
            painter.drawRoundedRect(ring, 2, 2)
        painter.restore()
