"""Play an old answer: play/pause, a clickable waveform, the time, and the playback speed.

The file is decoded and its waveform measured off the GUI thread; the bar only polls the player's
position while something plays.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from interview_coach.controllers.audio_controller import AudioController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.time_format import clock_text
from interview_coach.ui.history.waveform_view import WaveformView

SPEEDS = (0.75, 1.0, 1.25, 1.5, 2.0)
WAVEFORM_BUCKETS = 1200
POLL_MS = 40


class PlayerBar(QWidget):
    def __init__(self, audio: AudioController, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playerBar")
        self._audio = audio
        self._tasks = tasks
        self._source: Path | None = None
        self._samples: Any = None
        self._rate = 0
        self._request = 0
        self._start_at = 0.0  # where the next play starts, set by seeking while stopped
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.play_button = QPushButton("Play")
        self.play_button.setObjectName("reviewPlay")
        self.play_button.setAccessibleName("Play or pause the answer")
        self.play_button.setMinimumWidth(80)
        self.play_button.clicked.connect(self.toggle)
        layout.addWidget(self.play_button)
        self.waveform = WaveformView()
        self.waveform.seek_requested.connect(self.seek)
        layout.addWidget(self.waveform, 1)
        self.time = QLabel("0:00 / 0:00")
        self.time.setObjectName("reviewTime")
        self.time.setFixedWidth(self.time.fontMetrics().horizontalAdvance("00:00 / 00:00") + 12)
        layout.addWidget(self.time)
        self.speed = QComboBox()
        self.speed.setObjectName("reviewSpeed")
        self.speed.setAccessibleName("Playback speed")
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}\N{MULTIPLICATION SIGN}", rate)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.setToolTip("Playback speed (the voice keeps its pitch)")
        self.speed.currentIndexChanged.connect(self._speed_changed)
        layout.addWidget(self.speed)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        audio.playback_finished.connect(self._finished)
        self._set_enabled(False)

    @property
    def rate(self) -> float:
        return float(self.speed.currentData())

    def load(self, path: Path | None, *, start_at: float = 0.0) -> None:
        """Shows the answer's waveform (or why there is none) and makes it playable from `start_at`."""
        self.stop()
        self._request += 1
        request = self._request
        self._source, self._samples, self._start_at = path, None, start_at
        self._set_enabled(False)
        self.time.setText("0:00 / 0:00")
        if path is None:
            self.waveform.show_message("No recording kept for this answer")
            return
        self.waveform.show_message("Loading the recording…")

        def decode() -> tuple[Any, int, Any]:
            from interview_coach.audio.encoding import read_audio
            from interview_coach.audio.waveform import waveform_peaks

            samples, rate = read_audio(path)
            return samples, rate, waveform_peaks(path, WAVEFORM_BUCKETS)

        def ready(result: tuple[Any, int, Any]) -> None:
            if request != self._request:
                return
            self._samples, self._rate, peaks = result
            self.waveform.set_peaks(peaks.peaks, peaks.duration)
            self.time.setText(f"0:00 / {clock_text(peaks.duration)}")
            self._set_enabled(True)

        def failed(error: BaseException) -> None:
            if request == self._request:
                gone = not path.exists()
                self.waveform.show_message("The recording file is missing" if gone else f"Cannot read it: {error}")

        self._tasks.run(decode, ready, failed)

    def toggle(self) -> None:
        if self._source is None or self._samples is None:
            return
        state, _ = self._audio.playback(self._source)
        if state == "playing":
            self._audio.pause_playback()
            self._show_state("paused")
        elif state == "paused":
            self._audio.resume_playback()
            self._show_state("playing")
        elif self._audio.play_samples(self._samples, self._rate, self._source, speed=self.rate):
            if self._start_at:
                self._audio.seek_playback(self._start_at)
            self._show_state("playing")

    def seek(self, seconds: float) -> None:
        if self._source is None:
            return
        state, _ = self._audio.playback(self._source)
        if state == "stopped":
            self._start_at = seconds
        else:
            self._audio.seek_playback(seconds)
        self._show_position(seconds)

    def stop(self) -> None:
        if self._source is not None and self._audio.playback(self._source)[0] != "stopped":
            self._audio.stop_playback()
        self._show_state("stopped")

    def _speed_changed(self) -> None:
        if self._source is not None and self._audio.playback(self._source)[0] != "stopped":
            self._audio.set_playback_speed(self.rate)

    def _poll(self) -> None:
        if self._source is None:
            return
        state, position = self._audio.playback(self._source)
        if state == "stopped":
            self._show_state("stopped")
            return
        self._show_position(position)

    def _finished(self, _reason: str) -> None:
        if self._source is not None and self._audio.playback(self._source)[0] == "stopped":
            self._start_at = 0.0
            self._show_state("stopped")

    def _show_state(self, state: str) -> None:
        self.play_button.setText("Pause" if state == "playing" else "Play")
        if state == "stopped":
            self._timer.stop()
            self._show_position(self._start_at)
        else:
            self._timer.start()

    def _show_position(self, seconds: float) -> None:
        self.waveform.set_position(seconds)
        self.time.setText(f"{clock_text(seconds)} / {clock_text(self.waveform.duration)}")

    def _set_enabled(self, enabled: bool) -> None:
        self.play_button.setEnabled(enabled)
        self.waveform.setEnabled(enabled)
