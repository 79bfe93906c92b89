"""Every control can be found by name (for screen readers and tests) and text follows the system font."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.ui.practice.practice_page import PracticePage

STABLE_NAMES = [
    "startSessionButton", "recordButton", "nextQuestionButton", "scoreSheet", "repeatButton", "pauseButton",
    "keepGoingButton", "redoButton", "replayButton", "notesEdit", "questionText", "timerLabel", "levelMeter",
    "endSessionButton", "suggestedFocusButton", "hintButton",
]  # fmt: skip


def test_practice_controls_have_stable_names_and_accessible_names(qtbot: QtBot, app_context: AppContext) -> None:
    app_context.window.show_page("practice")
    page = app_context.window.page("practice")
    assert isinstance(page, PracticePage)
    for name in STABLE_NAMES:
        assert page.findChild(object, name) is not None, name
    controls = [
        w
        for kind in (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox)
        for w in page.findChildren(kind)
        if not w.objectName().startswith("qt_")
    ]
    unnamed = [w for w in controls if not (w.accessibleName() or getattr(w, "text", lambda: "")())]
    assert unnamed == []


def test_text_scales_with_the_system_font(qtbot: QtBot, app_context: AppContext) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.font()
    try:
        large = QFont(original)
        large.setPointSizeF(original.pointSizeF() * 1.5)
        app.setFont(large)
        from interview_coach.ui.practice.session_view import PracticeSessionView

        view = PracticeSessionView(app_context.practice_controller)
        qtbot.addWidget(view)
        assert view.question_text.font().pointSizeF() == large.pointSizeF() * 1.6
        assert view.timer.font().pointSizeF() == large.pointSizeF() * 3.6
    finally:
        app.setFont(original)
