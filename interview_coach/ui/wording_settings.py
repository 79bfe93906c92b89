"""Preferences section: whether the questions are worded in UK or US English."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from interview_coach.controllers.library_controller import LibraryController
from interview_coach.domain.wording import REGIONS


class WordingGroup(QGroupBox):
    def __init__(self, library: LibraryController, parent: QWidget | None = None) -> None:
        super().__init__("Question wording", parent)
        self.setObjectName("wordingGroup")
        self._library = library
        form = QFormLayout(self)
        self.region = QComboBox()
        self.region.setObjectName("wordingCombo")
        self.region.setAccessibleName("English used in the questions")
        for region, name in REGIONS.items():
            self.region.addItem(name, region)
        self.region.setCurrentIndex(max(self.region.findData(library.region), 0))
        self.region.currentIndexChanged.connect(self._chosen)
        form.addRow("English:", self.region)
        explain = QLabel(
            "Questions and advice are shown and read aloud in this English (CV or résumé, redundancy or "
            "layoff). Past answers keep the words they were asked in."
        )
        explain.setWordWrap(True)
        form.addRow(explain)

    def _chosen(self) -> None:
        self._library.set_region(str(self.region.currentData()))
