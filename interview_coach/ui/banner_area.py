"""A stack of message banners, one per topic, so a later message never hides an earlier one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from interview_coach.ui.banner import Banner, Severity


class BannerArea(QWidget):
    def __init__(self, parent: QWidget | None = None, *, name: str = "banner") -> None:
        super().__init__(parent)
        # Unique names across the app: the area is "<name>Area", each banner "<name>-<key>".
        self._name = name
        self.setObjectName(f"{name}Area")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 8, 16, 0)
        self._layout.setSpacing(6)
        self._banners: dict[str, Banner] = {}
        self.hide()

    def show_message(
        self,
        key: str,
        text: str,
        severity: Severity = "info",
        *,
        action: str | None = None,
        on_action: Callable[[], None] | None = None,
        secondary: str | None = None,
        on_secondary: Callable[[], None] | None = None,
    ) -> Banner:
        banner = self._banners.get(key)
        if banner is None:
            banner = Banner(self, name=f"{self._name}-{key}")
            banner.visibility_changed.connect(self._update_visibility)
            self._banners[key] = banner
            self._layout.addWidget(banner)
        banner.show_message(
            text, severity, action=action, on_action=on_action, secondary=secondary, on_secondary=on_secondary
        )
        self._update_visibility()
        return banner

    def clear(self, key: str) -> None:
        banner = self._banners.get(key)
        if banner is not None:
            banner.hide()
        self._update_visibility()

    def banner(self, key: str) -> Banner | None:
        return self._banners.get(key)

    def visible_texts(self) -> dict[str, str]:
        return {key: b.text() for key, b in self._banners.items() if not b.isHidden()}

    def _update_visibility(self) -> None:
        self.setVisible(any(not b.isHidden() for b in self._banners.values()))
