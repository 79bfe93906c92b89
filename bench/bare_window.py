"""Baseline for the start-up benchmark: the smallest PySide6 window, reporting as the app does
(after its first paint)."""

import sys
import time

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class Window(QMainWindow):
    painted = False

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if not self.painted and event.type() in (QEvent.Type.Paint, QEvent.Type.UpdateRequest):
            self.painted = True
            QTimer.singleShot(0, report)
        return handled


def report() -> None:
    print(f"window-shown {time.time():.6f}", flush=True)
    app.quit()


app = QApplication(sys.argv[:1])
window = Window()
window.setCentralWidget(QLabel("Hello"))
window.resize(1100, 720)
window.show()
sys.exit(app.exec())
