"""Preferences: the voice that reads questions, the microphone and the speaker, each with a test; recordings
and delivery feedback."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from interview_coach.audio.recorder import RecordingResult
from interview_coach.audio.speaker import Voice
from interview_coach.controllers.audio_controller import TEST_PHRASE, AudioController
from interview_coach.domain.audio_settings import MAX_RATE, MIN_RATE, AudioSettings, DeviceSetting
from interview_coach.ui.level_meter import LevelMeter

if TYPE_CHECKING:
    from interview_coach.controllers.delivery_controller import DeliveryController
    from interview_coach.controllers.history_controller import HistoryController
    from interview_coach.controllers.library_controller import LibraryController
    from interview_coach.ui.analysis_settings import AnalysisGroup
    from interview_coach.ui.recordings_settings import RecordingsGroup

MIC_TEST_SECONDS = 3


class SettingsDialog(QDialog):
    def __init__(
        self,
        audio: AudioController,
        parent: QWidget | None = None,
        *,
        history: HistoryController | None = None,
        library: LibraryController | None = None,
        delivery: DeliveryController | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(520)
        self._audio = audio
        self._loading = True
        self._test_dir = Path(tempfile.mkdtemp(prefix="ic-mic-test-"))
        self._mic_test_peak = 0.0
        self._mic_testing = False

        layout = QVBoxLayout(self)
        layout.addWidget(self._voice_group(library))
        layout.addWidget(self._microphone_group())
        layout.addWidget(self._speaker_group())
        self.recordings: RecordingsGroup | None = None
        if history is not None:
            from interview_coach.ui.recordings_settings import RecordingsGroup

            self.recordings = RecordingsGroup(history)
            layout.addWidget(self.recordings)
        self.analysis: AnalysisGroup | None = None
        if delivery is not None:
            from interview_coach.ui.analysis_settings import AnalysisGroup

            self.analysis = AnalysisGroup(delivery)
            layout.addWidget(self.analysis)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        audio.voices_loaded.connect(self._show_voices)
        audio.devices_loaded.connect(self._show_devices)
        audio.level.connect(self._on_level)
        audio.recording_finished.connect(self._on_test_recorded)
        audio.playback_finished.connect(self._on_test_played)
        audio.speech_finished.connect(self._on_speech_finished)
        audio.problem.connect(self._on_problem)
        self._apply(audio.settings)
        audio.load_voices()
        audio.load_devices()
        audio.open_microphone()  # for the live level meter
        self._loading = False

    # Sections

    def _voice_group(self, library: LibraryController | None) -> QGroupBox:
        group = QGroupBox("Questions and the voice that reads them")
        form = QFormLayout(group)
        if library is not None:
            from interview_coach.ui.wording_settings import WordingCombo

            form.addRow("English:", WordingCombo(library))
        self.read_aloud = QCheckBox("Read questions aloud")
        self.read_aloud.setObjectName("readAloudCheck")
        self.read_aloud.toggled.connect(self._changed)
        form.addRow(self.read_aloud)
        self.voice = QComboBox()
        self.voice.setObjectName("voiceCombo")
        self.voice.setAccessibleName("Voice")
        self.voice.addItem("Loading voices…", "")
        self.voice.currentIndexChanged.connect(self._changed)
        form.addRow("Voice:", self.voice)
        self.rate = QSlider(Qt.Orientation.Horizontal)
        self.rate.setObjectName("rateSlider")
        self.rate.setAccessibleName("Speaking rate")
        self.rate.setRange(MIN_RATE, MAX_RATE)
        self.rate_label = QLabel()
        self.rate.valueChanged.connect(self._changed)
        form.addRow("Speed:", _row(self.rate, self.rate_label))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volumeSlider")
        self.volume.setAccessibleName("Volume")
        self.volume.setRange(0, 100)
        self.volume_label = QLabel()
        self.volume.valueChanged.connect(self._changed)
        form.addRow("Volume:", _row(self.volume, self.volume_label))
        self.test_voice_button = QPushButton("Test voice")
        self.test_voice_button.setObjectName("testVoiceButton")
        self.test_voice_button.clicked.connect(self.test_voice)
        self.voice_status = QLabel()
        self.voice_status.setObjectName("voiceStatus")
        self.voice_status.setWordWrap(True)
        form.addRow(_row(self.test_voice_button, self.voice_status, stretch_last=True))
        return group

    def _microphone_group(self) -> QGroupBox:
        group = QGroupBox("Microphone")
        form = QFormLayout(group)
        self.input_device = QComboBox()
        self.input_device.setObjectName("inputDeviceCombo")
        self.input_device.setAccessibleName("Microphone")
        self.input_device.currentIndexChanged.connect(self._changed)
        form.addRow("Device:", self.input_device)
        self.meter = LevelMeter()
        form.addRow("Level:", self.meter)
        self.test_mic_button = QPushButton("Test microphone")
        self.test_mic_button.setObjectName("testMicrophoneButton")
        self.test_mic_button.clicked.connect(self.test_microphone)
        self.mic_status = QLabel(f"Records {MIC_TEST_SECONDS} seconds and plays them back.")
        self.mic_status.setObjectName("microphoneStatus")
        self.mic_status.setWordWrap(True)
        form.addRow(_row(self.test_mic_button, self.mic_status, stretch_last=True))
        return group

    def _speaker_group(self) -> QGroupBox:
        group = QGroupBox("Speaker")
        form = QFormLayout(group)
        self.output_device = QComboBox()
        self.output_device.setObjectName("outputDeviceCombo")
        self.output_device.setAccessibleName("Speaker")
        self.output_device.currentIndexChanged.connect(self._changed)
        form.addRow("Device:", self.output_device)
        return group

    # Settings <-> controls

    def _apply(self, settings: AudioSettings) -> None:
        self.read_aloud.setChecked(settings.read_aloud)
        self.rate.setValue(settings.rate)
        self.volume.setValue(round(settings.volume * 100))
        for combo, device in ((self.input_device, settings.input_device), (self.output_device, settings.output_device)):
            combo.clear()
            combo.addItem("System default", DeviceSetting())
            if device.name:
                combo.addItem(f"{device.name} ({device.hostapi})", device)
                combo.setCurrentIndex(1)
        self._update_labels()

    def current_settings(self) -> AudioSettings:
        return replace(
            self._audio.settings,
            voice=str(self.voice.currentData() or ""),
            rate=self.rate.value(),
            volume=self.volume.value() / 100,
            read_aloud=self.read_aloud.isChecked(),
            input_device=self.input_device.currentData() or DeviceSetting(),
            output_device=self.output_device.currentData() or DeviceSetting(),
        )

    def _changed(self) -> None:
        self._update_labels()
        if self._loading:
            return
        self._audio.update_settings(self.current_settings())
        if not self._mic_testing:
            self._audio.open_microphone()

    def _update_labels(self) -> None:
        self.rate_label.setText(f"{self.rate.value()} words a minute")
        self.volume_label.setText(f"{self.volume.value()}%")

    def _show_voices(self, voices: list[Voice]) -> None:
        self._loading = True
        chosen = self._audio.settings.voice
        self.voice.clear()
        default = next((v for v in voices if v.id == self._audio.default_voice), None)
        self.voice.addItem(f"Engine default ({default.name})" if default else "Engine default", "")
        english = [v for v in voices if any(lang.startswith("en") for lang in v.languages)]
        others = [v for v in voices if v not in english]
        for voice in english + others:
            self.voice.addItem(voice.label, voice.id)
        index = self.voice.findData(chosen)
        self.voice.setCurrentIndex(max(index, 0))
        self._loading = False

    def _show_devices(self, devices: list[Any]) -> None:
        self._loading = True
        for combo, direction in ((self.input_device, "input"), (self.output_device, "output")):
            chosen = combo.currentData() or DeviceSetting()
            combo.clear()
            combo.addItem("System default", DeviceSetting())
            for device in devices:
                if device.supports(direction):
                    combo.addItem(device.label, DeviceSetting(device.name, device.hostapi))
            index = next((i for i in range(combo.count()) if combo.itemData(i) == chosen), 0)
            combo.setCurrentIndex(index)
        self._loading = False

    # Tests

    def test_voice(self) -> None:
        self.test_voice_button.setEnabled(False)
        self.voice_status.setText("")
        self._audio.speak(TEST_PHRASE, settings=self.current_settings())

    def _on_speech_finished(self, _reason: str) -> None:
        self.test_voice_button.setEnabled(True)

    def test_microphone(self) -> None:
        if not self._audio.microphone_open:
            self.mic_status.setText("The microphone is not open yet; try again in a moment.")
            self._audio.open_microphone()
            return
        self._mic_testing = True
        self._mic_test_peak = 0.0
        self.test_mic_button.setEnabled(False)
        self.mic_status.setText(f"Recording {MIC_TEST_SECONDS} seconds: say something…")
        self._audio.start_recording(self._test_dir / "test.wav")
        QTimer.singleShot(MIC_TEST_SECONDS * 1000, lambda: self._audio.stop_recording(None))

    def _on_level(self, peak: float) -> None:
        self.meter.show_level(peak)
        if self._mic_testing:
            self._mic_test_peak = max(self._mic_test_peak, peak)

    def _on_test_recorded(self, result: RecordingResult) -> None:
        if not self._mic_testing:
            return
        if result.path is None or self._mic_test_peak < 0.01:
            self._finish_mic_test("Heard nothing. Check that the microphone is connected, chosen above and not muted.")
            return
        self.mic_status.setText("Playing it back…")
        if not self._audio.play_file(result.path):
            self._finish_mic_test("Recorded, but it could not be played back.")

    def _on_test_played(self, _reason: str) -> None:
        if self._mic_testing:
            loud = "clearly" if self._mic_test_peak > 0.1 else "faintly: move closer or raise the input volume"
            self._finish_mic_test(f"Heard you {loud}.")

    def _finish_mic_test(self, message: str) -> None:
        self._mic_testing = False
        self.mic_status.setText(message)
        self.test_mic_button.setEnabled(True)

    def _on_problem(self, key: str, message: str) -> None:
        if key == "speech":
            self.voice_status.setText(message)
            self.test_voice_button.setEnabled(True)
        elif key in ("microphone", "recording", "audio"):
            self._finish_mic_test(message) if self._mic_testing else self.mic_status.setText(message)

    def done(self, result: int) -> None:
        self._audio.stop_playback()
        for signal, slot in (
            (self._audio.voices_loaded, self._show_voices),
            (self._audio.devices_loaded, self._show_devices),
            (self._audio.level, self._on_level),
            (self._audio.recording_finished, self._on_test_recorded),
            (self._audio.playback_finished, self._on_test_played),
            (self._audio.problem, self._on_problem),
            (self._audio.speech_finished, self._on_speech_finished),
        ):
            signal.disconnect(slot)
        super().done(result)


def _row(first: QWidget, second: QWidget, *, stretch_last: bool = False) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(first, 0 if stretch_last else 1)
    layout.addWidget(second, 1 if stretch_last else 0)
    return row
