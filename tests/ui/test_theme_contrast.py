"""Both themes meet WCAG AA: 4.5:1 for text, 3:1 for control edges; the named widgets keep their names."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QFrame, QPushButton, QRadioButton, QStyle, QStyleOptionButton, QWidget
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.ui import theme
from interview_coach.ui.contrast_style import ContrastStyle


def palette_of(window: str, base: str, text: str, mid: str) -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Mid, mid),
    ):
        palette.setColor(role, QColor(colour))
    return palette


# Light and dark palettes as common desktops ship them (Fusion, GNOME Adwaita, KDE Breeze).
PALETTES = {
    "fusion-light": palette_of("#efefef", "#ffffff", "#000000", "#b8b8b8"),
    "adwaita-light": palette_of("#fafafa", "#ffffff", "#1e1e1e", "#d0d0d0"),
    "fusion-dark": palette_of("#353535", "#2a2a2a", "#ffffff", "#404040"),
    "adwaita-dark": palette_of("#242424", "#1e1e1e", "#ffffff", "#2e2e2e"),
    "breeze-dark": palette_of("#202326", "#141618", "#fcfcfc", "#2a2e32"),
}


def test_contrast_ratio_matches_the_wcag_formula() -> None:
    assert theme.contrast_ratio(QColor("white"), QColor("black")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio(QColor("#5b9bff"), QColor("white")) < 4.5  # the old dark-theme button


@pytest.mark.parametrize("name", PALETTES)
def test_text_colours_read_at_aa_on_the_window(name: str) -> None:
    palette = PALETTES[name]
    window = palette.color(QPalette.ColorRole.Window)
    assert theme.contrast_ratio(theme.accent(palette), window) >= theme.TEXT_CONTRAST
    for colour in (theme.GOOD, theme.BAD, theme.WARNING, theme.NEUTRAL):
        assert theme.contrast_ratio(theme.status_colour(colour, palette), window) >= theme.TEXT_CONTRAST


@pytest.mark.parametrize("name", PALETTES)
def test_primary_buttons_have_aa_white_text_and_stand_out(name: str) -> None:
    palette = PALETTES[name]
    fill = theme.primary_fill(palette)
    assert theme.contrast_ratio(fill, QColor("white")) >= theme.TEXT_CONTRAST
    assert theme.contrast_ratio(fill.darker(110), QColor("white")) >= theme.TEXT_CONTRAST  # hovered


@pytest.mark.parametrize("name", PALETTES)
def test_card_and_radio_edges_are_visible(name: str) -> None:
    palette = PALETTES[name]
    edge = theme.edge_colour(palette)
    for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
        assert theme.contrast_ratio(edge, palette.color(role)) >= theme.EDGE_CONTRAST


@pytest.mark.parametrize("name", PALETTES)
def test_muted_text_is_still_aa(qtbot: QtBot, name: str) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setPalette(PALETTES[name])
    window = PALETTES[name].color(QPalette.ColorRole.Window)
    assert theme.contrast_ratio(theme.muted_text_colour(widget), window) >= theme.TEXT_CONTRAST


def test_styling_a_card_keeps_its_object_name(qtbot: QtBot) -> None:
    frame = QFrame()
    qtbot.addWidget(frame)
    frame.setObjectName("suggestionBox")
    theme.style_card(frame)
    assert frame.objectName() == "suggestionBox" and frame.property("card") is True


QT_OWN_NAMES = {"ScrollLeftButton", "ScrollRightButton"}  # inside every QTabBar, named by Qt itself


def test_every_named_widget_of_every_screen_has_a_unique_name(qtbot: QtBot, app_context: AppContext) -> None:
    window = app_context.window
    app_context.window.banners.show_message("one", "First", action="Do it", on_action=lambda: None)
    app_context.window.banners.show_message("two", "Second", action="Do that", on_action=lambda: None)
    for key in window.page_keys():
        window.show_page(key)
    names = Counter(
        w.objectName()
        for w in window.findChildren(QWidget)
        if w.objectName() and not w.objectName().startswith("qt_") and w.objectName() not in QT_OWN_NAMES
    )
    assert [n for n, count in names.items() if count > 1] == []
    actions = [b.objectName() for b in window.findChildren(QPushButton) if b.objectName().endswith("-action")]
    assert {"banner-one-action", "banner-two-action"} <= set(actions)


@pytest.mark.parametrize("name", ["fusion-light", "fusion-dark", "breeze-dark"])
@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_check_box_and_radio_rings_are_drawn_at_three_to_one(qtbot: QtBot, name: str, kind: type) -> None:
    palette = PALETTES[name]
    button = kind("Read the questions aloud")
    qtbot.addWidget(button)
    style = ContrastStyle("Fusion")
    button.setStyle(style)
    button.setPalette(palette)
    button.resize(button.sizeHint())
    image = button.grab().toImage()
    option = QStyleOptionButton()
    option.initFrom(button)
    element = QStyle.SubElement.SE_CheckBoxIndicator if kind is QCheckBox else QStyle.SubElement.SE_RadioButtonIndicator
    ring = style.subElementRect(element, option, button)
    window = palette.color(QPalette.ColorRole.Window)
    best = max(
        theme.contrast_ratio(image.pixelColor(x, y), window)
        for x in range(ring.left(), ring.right() + 1)
        for y in range(ring.top(), ring.bottom() + 1)
    )
    assert best >= theme.EDGE_CONTRAST
