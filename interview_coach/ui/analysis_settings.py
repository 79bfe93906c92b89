"""Preferences for delivery analysis: on or off, which model, and analysing answers recorded before."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.delivery_controller import DeliveryController
from interview_coach.domain.analysis_settings import BUNDLED_MODEL, MODEL_CHOICES, AnalysisSettings
from interview_coach.domain.wording import count_of

MODEL_LABELS = {
    BUNDLED_MODEL: "tiny.en: fast, comes with the app",
    "base.en": "base.en: more accurate, downloaded once (about 140 MB)",
    "small.en": "small.en: more accurate still, slower, downloaded once (about 460 MB)",
    "medium.en": "medium.en: most accurate, much slower, downloaded once (about 1.5 GB)",
}


class AnalysisGroup(QGroupBox):
    def __init__(self, delivery: DeliveryController, parent: QWidget | None = None) -> None:
        super().__init__("Delivery feedback", parent)
        self.setObjectName("analysisGroup")
        self._delivery = delivery
        self._pending = 0
        layout = QVBoxLayout(self)
        self.enabled = QCheckBox("Analyse each answer: transcript, pace, filler words and pauses")
        self.enabled.setObjectName("analysisEnabled")
        layout.addWidget(self.enabled)
        privacy = QLabel("Speech recognition runs on this computer; your voice is never sent anywhere.")
        privacy.setWordWrap(True)
        layout.addWidget(privacy)
        self.model = QComboBox()
        self.model.setObjectName("analysisModel")
        self.model.setAccessibleName("Speech-recognition model")
        for name in MODEL_CHOICES:
            self.model.addItem(MODEL_LABELS.get(name, name), name)
        layout.addWidget(self.model)
        row = QHBoxLayout()
        self.backlog_button = QPushButton("Analyse earlier answers")
        self.backlog_button.setObjectName("analyseEarlierButton")
        self.backlog_button.clicked.connect(self._start_backlog)
        row.addWidget(self.backlog_button)
        self.progress = QProgressBar()
        self.progress.setObjectName("analysisProgress")
        self.progress.hide()
        row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelAnalysisButton")
        self.cancel_button.clicked.connect(delivery.cancel_backlog)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setObjectName("analysisStatus")
        layout.addWidget(self.status)

        self._show_settings(delivery.settings)
        self.enabled.toggled.connect(self._changed)
        self.model.currentIndexChanged.connect(self._changed)
        delivery.settings_changed.connect(self._show_settings)
        delivery.backlog_progress.connect(self._progress)
        delivery.backlog_finished.connect(self._finished)
        if delivery.backlog_running:
            self._running(True)
        else:
            self._count()

    def _show_settings(self, settings: AnalysisSettings) -> None:
        for widget in (self.enabled, self.model):
            widget.blockSignals(True)
        self.enabled.setChecked(settings.enabled)
        index = self.model.findData(settings.model)
        self.model.setCurrentIndex(max(index, 0))
        for widget in (self.enabled, self.model):
            widget.blockSignals(False)

    def _changed(self) -> None:
        self._delivery.set_settings(AnalysisSettings(self.enabled.isChecked(), str(self.model.currentData())))

    def _count(self) -> None:
        self.backlog_button.setEnabled(False)
        self._delivery.count_pending(self._counted)

    def _counted(self, count: int) -> None:
        if not shiboken6.isValid(self.backlog_button):
            return  # counted in the background after Preferences was closed
        self._pending = count
        if count:
            self.backlog_button.setText(f"Analyse {count_of(count, 'earlier answer')}")
            self.backlog_button.setEnabled(True)
        else:
            self.backlog_button.setText("Every recorded answer is analysed")
            self.backlog_button.setEnabled(False)

    def _start_backlog(self) -> None:
        self._running(True)
        self._say("Analysing in the background; carry on practising.")
        self._delivery.analyse_backlog()

    def _say(self, text: str, detail: str = "") -> None:
        self.status.setText(text)  # one short line: Preferences is already as tall as many screens
        self.status.setToolTip(detail)

    def _running(self, running: bool) -> None:
        self.backlog_button.setVisible(not running)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)

    def _progress(self, done: int, total: int) -> None:
        self._running(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} of {total}")

    def _finished(self, analysed: int, failed: int, cancelled: bool) -> None:
        self._running(False)
        text = f"Analysed {analysed} answer{'s' if analysed != 1 else ''}"
        if failed:
            text += f", {failed} failed"
        self._say(
            text + (" before you cancelled." if cancelled else "."),
            "An answer fails when its recording is missing or cannot be read." if failed else "",
        )
        self._count()
