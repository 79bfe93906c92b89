"""One signal for "something was written", so screens refresh from what changed, not from hand-wired calls.

Like Anki's `OpChanges`: the controller that wrote says what kind of data changed once the write is
done; every screen or controller that shows such data listens to `Changes.changed` and reloads. A new
screen subscribes here instead of being called by each writer.
"""

from __future__ import annotations

from enum import Flag, auto

from PySide6.QtCore import QObject, Signal


class Change(Flag):
    SESSIONS = auto()  # sessions or answers started, saved, ended, deleted or restored
    SCORES = auto()  # scores, notes or follow-ups (also a friend's, imported)
    JOURNAL = auto()  # journal entries, tags and action steps
    SETTINGS = auto()  # preferences
    LIBRARY = auto()  # question banks or rubrics reloaded
    ANALYSES = auto()  # delivery analyses (transcripts and figures) saved


HISTORY = Change.SESSIONS | Change.SCORES | Change.ANALYSES  # what History, Review and Progress show


class Changes(QObject):
    changed = Signal(object)  # Change: what was written

    def notify(self, what: Change) -> None:
        self.changed.emit(what)

    def notifier(self, what: Change) -> _Notifier:
        """A completion callback for a background write: `tasks.run_serial(work, changes.notifier(...))`."""
        return _Notifier(self, what)


class _Notifier:
    def __init__(self, changes: Changes, what: Change) -> None:
        self._changes, self._what = changes, what

    def __call__(self, _result: object = None) -> None:
        self._changes.notify(self._what)
