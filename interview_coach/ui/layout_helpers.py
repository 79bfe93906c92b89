"""Small layout helpers shared by the screens."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QLayout, QScrollArea, QVBoxLayout, QWidget

from interview_coach.ui.theme import scaled_font, style_card


def frameless_scroll(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area that resizes it, so a panel stays usable in a small window."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def scrolled_column(
    margins: tuple[int, int, int, int] = (0, 0, 8, 0), spacing: int = -1
) -> tuple[QScrollArea, QVBoxLayout]:
    """A frameless scroll area around a fresh column: (the area to place, the column's layout)."""
    content = QWidget()
    layout = QVBoxLayout(content)
    layout.setContentsMargins(*margins)
    if spacing >= 0:
        layout.setSpacing(spacing)
    return frameless_scroll(content), layout


def scrolling_page(page: QWidget, *, margins: int = 32, spacing: int = 14) -> tuple[QVBoxLayout, QVBoxLayout]:
    """Gives `page` a frameless scroll area; returns (the page's own layout, the scrolled content's)."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll, layout = scrolled_column((margins, margins * 3 // 4, margins, margins * 3 // 4), spacing)
    outer.addWidget(scroll)
    return outer, layout


def card(title: str, font_owner: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A styled card headed by `title`: the frame to place, and its layout for the content below."""
    frame = QFrame()
    style_card(frame)
    inner = QVBoxLayout(frame)
    inner.setContentsMargins(16, 12, 16, 14)
    inner.setSpacing(8)
    heading = QLabel(title)
    heading.setFont(scaled_font(font_owner or frame, 1.15, bold=True))
    inner.addWidget(heading)
    return frame, inner


def titled_card(owner: QWidget, title: str) -> QVBoxLayout:
    """Fills `owner` with a card headed by `title`; returns the card's layout for the content below it.

    The card is a child frame because `style_card` names the frame it styles, and `owner` keeps its own name.
    """
    frame, inner = card(title, owner)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(frame)
    return inner


def clear_layout(layout: QLayout) -> None:
    """Removes and deletes every widget in `layout`, ready to fill it again."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()  # out of the layout but still a child until deleted: never shown stale meanwhile
            widget.deleteLater()
