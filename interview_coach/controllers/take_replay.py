"""Replaying the take just recorded, from the scoring screen: play, stop, and how far it has got.

The app has one player, shared with the question's speech and History's player bar; whatever else takes it
over ends this replay, and `changed` says so, so the button never claims to be playing when it is not.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from interview_coach.controllers.audio_controller import AudioController


class TakeReplay(QObject):
    changed = Signal(bool)  # playing

    def __init__(self, audio: AudioController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._audio = audio
        self._path: Path | None = None
        self._start = 0.0
        audio.playback_finished.connect(self._check)

    @property
    def playing(self) -> bool:
        return self._path is not None and self._audio.playback(self._path)[0] != "stopped"

    def play(self, path: Path, *, start_at: float = 0.0) -> None:
        """Plays `path` from `start_at` (where the answer begins), from the top each time."""
        self.stop()
        if self._audio.play_file(path, start_at=start_at):
            self._path, self._start = path, start_at
            self.changed.emit(True)

    def stop(self) -> None:
        if self._path is None:
            return
        if self.playing:
            self._audio.stop_playback()
        self._path = None
        self.changed.emit(False)

    def progress(self) -> tuple[float, float] | None:
        """(seconds played, length) counted from where the answer begins; None when not playing."""
        if self._path is None:
            return None
        state, position = self._audio.playback(self._path)
        if state == "stopped":
            self._check()
            return None
        length = max(0.0, self._audio.player.duration - self._start)
        return min(length, max(0.0, position - self._start)), length

    def _check(self, _reason: str = "") -> None:
        """The player finished something: if it was this replay (or another sound took the player), it is over."""
        if self._path is not None and self._audio.playback(self._path)[0] == "stopped":
            self._path = None
            self.changed.emit(False)
