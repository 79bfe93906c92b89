"""The Qt binding must not corrupt Python's reference counts: such bugs abort the app at exit."""

from __future__ import annotations

import gc
import sys
import threading

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    delivered = Signal(int, object, object)

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.delivered.connect(self.on_delivered)

    def on_delivered(self, _number: int, _result: object, _error: object) -> None:
        self.count += 1


def test_delivering_signals_to_python_methods_keeps_reference_counts(qapp) -> None:
    emitter = _Emitter()
    gc.collect()
    before = sys.getrefcount(True), sys.getrefcount(False)
    for number in range(200):
        emitter.delivered.emit(number, None, None)
    worker = threading.Thread(target=lambda: [emitter.delivered.emit(n, None, None) for n in range(200)])
    worker.start()
    worker.join()
    while emitter.count < 400:
        qapp.processEvents()
    gc.collect()
    after = sys.getrefcount(True), sys.getrefcount(False)
    # PySide6 6.12.0 loses one reference to True per delivery (here: -400).
    assert after[0] - before[0] > -10 and after[1] - before[1] > -10
