"""Look and feel: the platform's own style and palette (light or dark), text sized from the system font.

Styling is scoped to the few widgets that need it rather than set on the whole application: an
application-wide style sheet makes Qt style every widget through the slower style-sheet engine.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QListWidget, QPushButton, QWidget


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def accent() -> QColor:
    return QColor("#5b9bff") if is_dark() else QColor("#1f5fbf")


def muted_text_colour(widget: QWidget) -> QColor:
    """Secondary text that stays readable: between the text and the background colour."""
    palette = widget.palette()
    text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    return QColor(
        (text.red() * 3 + window.red() * 2) // 5,
        (text.green() * 3 + window.green() * 2) // 5,
        (text.blue() * 3 + window.blue() * 2) // 5,
    )


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(1.0, font.pointSizeF() * factor))
    font.setBold(bold)
    return font


def style_navigation(navigation: QListWidget) -> None:
    navigation.setStyleSheet(f"""
        QListWidget {{ border: none; padding: 8px 0; outline: 0; background: palette(alternate-base); }}
        QListWidget::item {{ padding: 10px 18px; border-left: 3px solid transparent; color: palette(text); }}
        QListWidget::item:selected {{ border-left: 3px solid {accent().name()}; background: palette(base); }}
    """)


def style_card(frame: QFrame) -> None:
    frame.setObjectName("card")
    frame.setStyleSheet(
        "QFrame#card { border: 1px solid palette(mid); border-radius: 8px; background: palette(base); }"
    )


def style_primary(button: QPushButton) -> None:
    tint = accent()
    button.setStyleSheet(f"""
        QPushButton {{ background: {tint.name()}; color: white; border: none; border-radius: 5px;
                       padding: 8px 18px; font-weight: bold; }}
        QPushButton:hover {{ background: {tint.lighter(115).name()}; }}
        QPushButton:disabled {{ background: palette(mid); color: palette(window); }}
    """)


BANNER_COLOURS = {
    "info": ("#1f5fbf", "rgba(80, 140, 240, 30)"),
    "warning": ("#c98a00", "rgba(255, 190, 0, 40)"),
    "error": ("#c0392b", "rgba(220, 50, 40, 35)"),
}


def style_banner(frame: QFrame, severity: str) -> None:
    border, fill = BANNER_COLOURS.get(severity, BANNER_COLOURS["info"])
    frame.setStyleSheet(f"QFrame#banner {{ border: 1px solid {border}; border-radius: 6px; background: {fill}; }}")
