"""An answer's waveform: the played part in the accent colour, a position line, click or drag to seek."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from interview_coach.ui.theme import accent

SEEK_STEP_SECONDS = 5.0


class WaveformView(QWidget):
    seek_requested = Signal(float)  # seconds into the answer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waveform")
        self.setAccessibleName("Waveform: click to jump to that moment")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._peaks: np.ndarray = np.zeros((0, 2), dtype=np.float32)
        self._duration = 0.0
        self._position = 0.0
        self._message = ""
        self._marks: list[tuple[float, float]] = []  # long pauses: (start, duration) in seconds

    def set_marks(self, pauses: list[tuple[float, float]]) -> None:
        """Long pauses, shaded where they fall (from the delivery analysis)."""
        self._marks = list(pauses)
        self.update()

    @property
    def marks(self) -> list[tuple[float, float]]:
        return list(self._marks)

    def sizeHint(self) -> QSize:
        return QSize(480, 72)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 56)

    def set_peaks(self, peaks: np.ndarray, duration: float) -> None:
        """Keeps the marks: the answer's analysis may arrive before its recording is decoded."""
        # Louder speech should fill the height: scale to the answer's own loudest moment.
        loudest = float(np.abs(peaks).max(initial=0.0))
        self._peaks = (peaks / loudest if loudest > 0 else peaks).astype(np.float32)
        self._duration = duration
        self._position = 0.0
        self._message = ""
        self.update()

    def show_message(self, text: str) -> None:
        self._peaks = np.zeros((0, 2), dtype=np.float32)
        self._duration = 0.0
        self._message = text
        self.update()

    @property
    def duration(self) -> float:
        return self._duration

    def set_position(self, seconds: float) -> None:
        if abs(seconds - self._position) > 1e-3:
            self._position = seconds
            self.update()

    def position_at(self, x: float) -> float:
        width = max(1, self.width())
        return min(max(x / width, 0.0), 1.0) * self._duration

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        rect = QRectF(self.rect())
        palette = self.palette()
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        middle = rect.height() / 2
        if not len(self._peaks):
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._message or "No recording")
            return
        played_until = rect.width() * (self._position / self._duration if self._duration else 0.0)
        tint, rest = accent(), QColor(palette.color(QPalette.ColorRole.Mid))
        if self._duration:
            shade = QColor(tint)
            shade.setAlpha(45)
            for start, length in self._marks:
                left = rect.width() * start / self._duration
                painter.fillRect(
                    QRectF(left, 0, max(2.0, rect.width() * length / self._duration), rect.height()), shade
                )
        columns = int(rect.width())
        index = np.minimum((np.arange(columns) * len(self._peaks) / max(columns, 1)).astype(int), len(self._peaks) - 1)
        lows, highs = self._peaks[index, 0], self._peaks[index, 1]
        scale = middle * 0.92
        for x in range(columns):
            painter.setPen(tint if x <= played_until else rest)
            top = middle - max(float(highs[x]), 0.004) * scale
            bottom = middle - min(float(lows[x]), -0.004) * scale
            painter.drawLine(QPointF(x + 0.5, top), QPointF(x + 0.5, bottom))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawLine(QPointF(played_until, 0), QPointF(played_until, rect.height()))
        if self.hasFocus():
            painter.setPen(tint)
            painter.drawRect(rect.adjusted(0, 0, -1, -1))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._duration and event.button() == Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.position_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._duration and event.buttons() & Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.position_at(event.position().x()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Left: -SEEK_STEP_SECONDS, Qt.Key.Key_Right: SEEK_STEP_SECONDS}.get(Qt.Key(event.key()))
        if step is not None and self._duration:
            self.seek_requested.emit(min(max(self._position + step, 0.0), self._duration))
        elif event.key() == Qt.Key.Key_Home and self._duration:
            self.seek_requested.emit(0.0)
        else:
            super().keyPressEvent(event)
