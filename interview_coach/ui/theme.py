"""Look and feel: Fusion style with the system's light or dark palette and sizes scaled from its font."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def accent() -> QColor:
    return QColor("#4f8ef7") if is_dark() else QColor("#1f5fbf")


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    # Fusion follows the system colour scheme (Qt >= 6.5); the style sheet only uses palette roles
    # and relative sizes, so it suits light, dark and large-font set-ups alike.
    app.setStyleSheet(_style_sheet())
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "colorSchemeChanged"):
        hints.colorSchemeChanged.connect(lambda *_: app.setStyleSheet(_style_sheet()))


def muted_text_colour(widget: QWidget) -> QColor:
    """Secondary text that stays readable: halfway between the text and the background."""
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


def _style_sheet() -> str:
    tint = accent().name()
    return f"""
    QListWidget#navigation {{
        border: none;
        padding: 8px 0;
        outline: 0;
        background: palette(alternate-base);
    }}
    QListWidget#navigation::item {{
        padding: 10px 18px;
        border-left: 3px solid transparent;
    }}
    QListWidget#navigation::item:selected {{
        border-left: 3px solid {tint};
        background: palette(base);
        color: palette(text);
    }}
    QFrame#card {{
        border: 1px solid palette(mid);
        border-radius: 8px;
        background: palette(base);
    }}
    QFrame#banner[severity="warning"] {{
        border: 1px solid #c98a00;
        border-radius: 6px;
        background: rgba(255, 190, 0, 40);
    }}
    QFrame#banner[severity="error"] {{
        border: 1px solid #c0392b;
        border-radius: 6px;
        background: rgba(220, 50, 40, 35);
    }}
    QFrame#banner[severity="info"] {{
        border: 1px solid {tint};
        border-radius: 6px;
        background: rgba(80, 140, 240, 30);
    }}
    QPushButton[primary="true"] {{
        background: {tint};
        color: white;
        border: none;
        border-radius: 5px;
        padding: 8px 18px;
        font-weight: bold;
    }}
    QPushButton[primary="true"]:hover {{ background: {accent().lighter(115).name()}; }}
    QPushButton[primary="true"]:disabled {{ background: palette(mid); }}
    """
