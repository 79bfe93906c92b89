"""A dismissible message strip across the top of a screen, with an optional action button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from interview_coach.ui.theme import style_banner

Severity = Literal["info", "warning", "error"]


class Banner(QFrame):
    visibility_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, name: str = "banner") -> None:
        super().__init__(parent)
        # Every part is named after the banner, so two banners never share an objectName.
        self.setObjectName(name)
        self.setAccessibleName("Message")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        self._label = QLabel()
        self._label.setObjectName(f"{name}-text")
        self._label.setWordWrap(True)
        layout.addWidget(self._label, 1)
        self._action = QPushButton()
        self._action.setObjectName(f"{name}-action")
        self._action.hide()
        layout.addWidget(self._action)
        self._secondary = QPushButton()
        self._secondary.setObjectName(f"{name}-secondary-action")
        self._secondary.hide()
        layout.addWidget(self._secondary)
        close = QPushButton("Dismiss")
        close.setObjectName(f"{name}-dismiss")
        close.setAccessibleName("Dismiss message")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self._on_action: Callable[[], None] | None = None
        self._on_secondary: Callable[[], None] | None = None
        self._action.clicked.connect(self._run_action)
        self._secondary.clicked.connect(self._run_secondary)
        self.hide()

    def show_message(
        self,
        text: str,
        severity: Severity = "info",
        *,
        action: str | None = None,
        on_action: Callable[[], None] | None = None,
        secondary: str | None = None,
        on_secondary: Callable[[], None] | None = None,
    ) -> None:
        self.setProperty("severity", severity)
        style_banner(self, severity)
        self._label.setText(text)
        # Set on first use rather than at construction: the Qt namespace is slow to load at start-up.
        from PySide6.QtCore import Qt

        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._on_action = on_action
        self._action.setVisible(bool(action and on_action))
        if action:
            self._action.setText(action)
            self._action.setAccessibleName(action)
        self._on_secondary = on_secondary
        self._secondary.setVisible(bool(secondary and on_secondary))
        if secondary:
            self._secondary.setText(secondary)
            self._secondary.setAccessibleName(secondary)
        self.show()

    def text(self) -> str:
        return self._label.text()

    def _run_action(self) -> None:
        if self._on_action is not None:
            self._on_action()

    def _run_secondary(self) -> None:
        if self._on_secondary is not None:
            self._on_secondary()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.visibility_changed.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.visibility_changed.emit()
