"""A microphone level meter: a progress bar on a decibel scale, which matches how loud things sound."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QProgressBar, QWidget

FLOOR_DB = -60.0


def level_to_percent(peak: float) -> int:
    if peak <= 0:
        return 0
    db = 20 * math.log10(min(peak, 1.0))
    return max(0, min(100, round((db - FLOOR_DB) / -FLOOR_DB * 100)))


class LevelMeter(QProgressBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("levelMeter")
        self.setAccessibleName("Microphone level")
        self.setRange(0, 100)
        self.setTextVisible(False)
        self.setFixedHeight(10)
        self.setValue(0)

    def show_level(self, peak: float) -> None:
        self.setValue(level_to_percent(peak))
