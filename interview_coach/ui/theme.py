"""Look and feel: the platform's own style and palette (light or dark), text sized from the system font.

Styling is scoped to the few widgets that need it rather than set on the whole application: an
application-wide style sheet makes Qt style every widget through the slower style-sheet engine.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QListWidget, QPushButton, QWidget

# WCAG 2.1 AA: 4.5:1 for text, 3:1 for the edges of controls and for chart marks.
TEXT_CONTRAST = 4.5
EDGE_CONTRAST = 3.0
# Base hues; each is nudged lighter or darker for the palette in use until it reads clearly.
LIGHT_ACCENT, DARK_ACCENT = QColor("#1f5fbf"), QColor("#7fb2ff")
PRIMARY_FILL = {False: QColor("#1f5fbf"), True: QColor("#2f6fd6")}  # white text on it: 6.1:1 and 4.8:1
GOOD, BAD, WARNING, NEUTRAL = QColor("#2e9d6a"), QColor("#c0392b"), QColor("#c98a00"), QColor("#7f8c8d")


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def relative_luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(first: QColor, second: QColor) -> float:
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(first: QColor, second: QColor, amount: float) -> QColor:
    """`amount` of `second` blended into `first` (0: first, 1: second)."""
    return QColor.fromRgbF(
        first.redF() + (second.redF() - first.redF()) * amount,
        first.greenF() + (second.greenF() - first.greenF()) * amount,
        first.blueF() + (second.blueF() - first.blueF()) * amount,
    )


def readable(colour: QColor, background: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """`colour`, moved towards black or white (whichever is further from the background) until it has
    `minimum` contrast with `background`: the hue stays recognisable in both themes."""
    target = QColor("black") if relative_luminance(background) > 0.18 else QColor("white")
    for step in range(21):
        candidate = mix(colour, target, step / 20)
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    return target


def window_colour(palette: QPalette | None = None) -> QColor:
    return (palette or QGuiApplication.palette()).color(QPalette.ColorRole.Window)


def accent(palette: QPalette | None = None) -> QColor:
    """The accent for text, links, lines and marks, readable on the window background."""
    palette = palette or QGuiApplication.palette()
    base = DARK_ACCENT if is_dark(palette) else LIGHT_ACCENT
    return readable(base, window_colour(palette))


def status_colour(colour: QColor, palette: QPalette | None = None) -> QColor:
    """GOOD, BAD, WARNING or NEUTRAL as readable text on this palette's window."""
    return readable(colour, window_colour(palette))


def primary_fill(palette: QPalette | None = None) -> QColor:
    """A primary button's background: white text on it meets AA, and it stands out from the window."""
    palette = palette or QGuiApplication.palette()
    return readable(PRIMARY_FILL[is_dark(palette)], QColor("white"))


def edge_colour(palette: QPalette | None = None) -> QColor:
    """The outline of cards and controls: 3:1 against both the base and the window colour."""
    palette = palette or QGuiApplication.palette()
    roles = (QPalette.ColorRole.Base, QPalette.ColorRole.Text, QPalette.ColorRole.Window)
    return QColor.fromRgba(_edge(*(palette.color(role).rgba() for role in roles)))


@lru_cache(maxsize=64)
def _edge(base_rgba: int, text_rgba: int, window_rgba: int) -> int:
    base, text, window = QColor.fromRgba(base_rgba), QColor.fromRgba(text_rgba), QColor.fromRgba(window_rgba)
    for step in range(1, 21):
        candidate = mix(base, text, step / 20)
        if min(contrast_ratio(candidate, base), contrast_ratio(candidate, window)) >= EDGE_CONTRAST:
            return candidate.rgba()
    return text.rgba()


def muted_text_colour(widget: QWidget) -> QColor:
    """Secondary text that stays readable: between the text and the background colour, at least AA."""
    palette = widget.palette()
    text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    return readable(mix(window, text, 0.6), window)


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
    """A bordered card. Marked by a property, not an objectName, so the frame keeps its own name."""
    frame.setProperty("card", True)
    frame.setStyleSheet(
        f'QFrame[card="true"] {{ border: 1px solid {edge_colour().name()}; border-radius: 8px;'
        " background: palette(base); }"
    )


def style_primary(button: QPushButton) -> None:
    fill = primary_fill()
    button.setStyleSheet(f"""
        QPushButton {{ background: {fill.name()}; color: white; border: none; border-radius: 5px;
                       padding: 8px 18px; font-weight: bold; }}
        QPushButton:hover {{ background: {fill.darker(110).name()}; }}
        QPushButton:focus {{ outline: 2px solid {accent().name()}; }}
        QPushButton:disabled {{ background: palette(mid); color: palette(window); }}
    """)


BANNER_COLOURS = {
    "info": ("#1f5fbf", "rgba(80, 140, 240, 30)"),
    "warning": ("#c98a00", "rgba(255, 190, 0, 40)"),
    "error": ("#c0392b", "rgba(220, 50, 40, 35)"),
}


def style_banner(frame: QFrame, severity: str) -> None:
    """Tinted strip with a readable edge; marked by a property so each banner keeps a unique objectName."""
    border, fill = BANNER_COLOURS.get(severity, BANNER_COLOURS["info"])
    edge = readable(QColor(border), window_colour(), EDGE_CONTRAST).name()
    frame.setProperty("banner", True)
    frame.setStyleSheet(
        f'QFrame[banner="true"] {{ border: 1px solid {edge}; border-radius: 6px; background: {fill}; }}'
    )
