"""Progress: delivery over time (pace, fillers a minute, long pauses, time to first word) with the norm band."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QVBoxLayout, QWidget

from interview_coach.domain.delivery_progress import DELIVERY_FIGURES, calibration_sentence
from interview_coach.domain.progress import ProgressReport
from interview_coach.domain.wording import count_of
from interview_coach.ui.layout_helpers import titled_card
from interview_coach.ui.progress.charts import fill_delivery_chart, make_chart_view


class DeliveryCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deliveryCard")
        inner: QVBoxLayout = titled_card(self, "Delivery over time (measured)")
        self.figure = QComboBox()
        self.figure.setObjectName("deliveryFigure")
        self.figure.setAccessibleName("Delivery figure shown in the chart")
        for figure in DELIVERY_FIGURES:
            self.figure.addItem(figure.label, figure.key)
        self.figure.currentIndexChanged.connect(self._show)
        inner.addWidget(self.figure, 0, Qt.AlignmentFlag.AlignLeft)
        self.note = QLabel()
        self.note.setObjectName("deliveryNote")
        self.note.setWordWrap(True)
        inner.addWidget(self.note)
        self.view = make_chart_view("deliveryChart", "A delivery figure per session, with a rolling average")
        inner.addWidget(self.view)
        self.calibration = QLabel()  # your Delivery self-scores against the measure
        self.calibration.setObjectName("deliveryCalibration")
        self.calibration.setWordWrap(True)
        inner.addWidget(self.calibration)
        self.report: ProgressReport | None = None

    def show_report(self, report: ProgressReport) -> None:
        self.report = report
        self._show()
        sentence = calibration_sentence(report.delivery_calibration)
        self.calibration.setText(sentence)
        self.calibration.setVisible(bool(sentence))

    def _show(self) -> None:
        if self.report is None:
            return
        figure = DELIVERY_FIGURES[max(0, self.figure.currentIndex())]
        points = list(self.report.delivery_trends.get(figure.key, ()))
        fill_delivery_chart(self.view.chart(), points, figure)
        analysed = self.report.delivery_analysed
        counted = count_of(analysed, "analysed answer")
        self.note.setText(f"{figure.note} From {counted} in this range." if analysed else figure.note)
