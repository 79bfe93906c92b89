"""Small layout helpers shared by the screens."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def scrolling_page(page: QWidget, *, margins: int = 32, spacing: int = 14) -> tuple[QVBoxLayout, QVBoxLayout]:
    """Gives `page` a frameless scroll area; returns (the page's own layout, the scrolled content's)."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    outer.addWidget(scroll)
    content = QWidget()
    scroll.setWidget(content)
    layout = QVBoxLayout(content)
    layout.setContentsMargins(margins, margins * 3 // 4, margins, margins * 3 // 4)
    layout.setSpacing(spacing)
    return outer, layout
