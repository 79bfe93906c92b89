"""Saving what the user types without a Save button: after a pause in typing, and at once when asked.

Every screen with typed text saves through an `Autosave`, so the rule of the design notes holds in one
place: the pause's timeout always saves, and `flush` (leaving a screen, closing a window, quitting) saves
whatever is still unsaved. Unsaved means "changed since the last save", never "the timer is running":
a single-shot timer has already stopped when its own timeout runs, so a save guarded by the timer's
activity skipped every save made by the pause (issue 13, "Lost work").

The save itself only hands a snapshot to the task runner's serial database lane, so it never blocks the
GUI thread; the app waits for that lane before it closes the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

SAVE_AFTER_MS = 600  # the pause after the last keystroke: well within the second the design allows


class Autosave(QObject):
    def __init__(self, save: Callable[[], None], delay_ms: int = SAVE_AFTER_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.flush)

    @property
    def pending(self) -> bool:
        """True while something typed has not been handed to `save` yet."""
        return self._pending

    def changed(self) -> None:
        """The user changed something: save it once they pause."""
        self._pending = True
        self._timer.start()

    def keep_pending(self) -> None:
        """Unsaved again (a save failed): saved by the next change or flush, not retried in a loop."""
        self._pending = True

    def flush(self) -> None:
        """Saves now whatever is unsaved; nothing when everything is saved already."""
        self._timer.stop()
        if not self._pending:
            return
        self._pending = False  # before saving: a change made by the save itself is pending again
        self._save()

    def discard(self) -> None:
        """Forgets unsaved changes (what they were made to is being deleted or reset)."""
        self._timer.stop()
        self._pending = False


def flush_all(root: QObject) -> None:
    """Saves everything unsaved under `root`: a screen being left, a window being closed."""
    for autosave in root.findChildren(Autosave):
        autosave.flush()
