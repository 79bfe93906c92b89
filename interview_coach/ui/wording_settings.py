"""Preferences: whether the questions are worded in UK or US English (a row of the voice section)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from interview_coach.controllers.library_controller import LibraryController
from interview_coach.domain.region_wording import REGIONS


class WordingCombo(QComboBox):
    def __init__(self, library: LibraryController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wordingCombo")
        self.setAccessibleName("English used in the questions")
        self.setToolTip(
            "Questions and advice are shown and read aloud in this English (CV or résumé, redundancy or "
            "layoff). Past answers keep the words they were asked in."
        )
        self._library = library
        for region, name in REGIONS.items():
            self.addItem(name, region)
        self.setCurrentIndex(max(self.findData(library.region), 0))
        self.currentIndexChanged.connect(self._chosen)

    def _chosen(self) -> None:
        self._library.set_region(str(self.currentData()))
