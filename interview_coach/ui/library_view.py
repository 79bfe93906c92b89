"""Browse every question bank: search, filter by category, read a question with its guidance."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interview_coach.domain.questions import Question, category_label

if TYPE_CHECKING:
    from interview_coach.domain.library import Library
    from interview_coach.domain.scheduling import CardState
from interview_coach.ui.question_html import question_html

QUESTION_ROLE = Qt.ItemDataRole.UserRole


class LibraryView(QWidget):
    practise_requested = Signal(str)  # a question key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryView")
        self._library: Library | None = None
        self._cards: Mapping[str, CardState] | None = None
        self._today: date | None = None

        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText("Search questions, tags, advice…")
        self.search.setAccessibleName("Search questions")
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.setObjectName("libraryCategory")
        self.category.setAccessibleName("Category")
        self.tree = QTreeWidget()
        self.tree.setObjectName("libraryTree")
        self.tree.setAccessibleName("Question banks")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)  # the question, and where it stands in the practice schedule
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 3px 0; }")
        self.count = QLabel()
        self.count.setObjectName("libraryCount")
        self.detail = QTextBrowser()
        self.detail.setObjectName("questionDetail")
        self.detail.setAccessibleName("Question details")
        self.detail.setOpenExternalLinks(False)
        self.practise_button = QPushButton("Practise this")
        self.practise_button.setObjectName("practiseThisButton")
        self.practise_button.setAccessibleName("Practise this question now")
        self.practise_button.setEnabled(False)
        self.practise_button.clicked.connect(self._practise_current)
        self.schedule_text = QLabel()
        self.schedule_text.setObjectName("questionSchedule")
        self.schedule_text.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.category, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.count)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.schedule_text, 1)
        actions.addWidget(self.practise_button)
        right_layout.addLayout(actions)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(splitter)

        self.search.textChanged.connect(self._apply_filter)
        self.category.currentIndexChanged.connect(self._apply_filter)
        self.tree.currentItemChanged.connect(self._show_current)
        self.detail.setHtml("<p style='color:gray'>Loading the question banks…</p>")

    def show_library(self, library: Library) -> None:
        self._library = library
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem("All categories", "")
        for category in library.catalogue.categories():
            self.category.addItem(category_label(category), category)
        self.category.blockSignals(False)
        self.tree.clear()
        for bank in library.catalogue.banks:
            title = bank.title if bank.shipped else f"{bank.title} (yours)"
            bank_item = QTreeWidgetItem([title])
            bank_item.setFlags(bank_item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for question in bank.questions:
                item = QTreeWidgetItem([question.text])
                item.setData(0, QUESTION_ROLE, question.key)
                item.setToolTip(0, question.text)
                bank_item.addChild(item)
            self.tree.addTopLevelItem(bank_item)
        self._show_states()
        self._apply_filter()
        first = self._first_visible_question()
        if first is not None:
            self.tree.setCurrentItem(first)

    def show_schedule(self, cards: Mapping[str, CardState], today: date) -> None:
        """Each question's state in the practice schedule: new, learning, due on ..., leech."""
        self._cards, self._today = cards, today
        self._show_states()
        self._show_current(self.tree.currentItem())

    def question_state(self, key: str) -> str:
        item = next((i for i in self._question_items() if i.data(0, QUESTION_ROLE) == key), None)
        return item.text(1) if item is not None else ""

    def _show_states(self) -> None:
        if self._cards is None or self._today is None:
            return
        from interview_coach.domain.scheduling import describe_status

        for item in self._question_items():
            item.setText(1, describe_status(self._cards.get(str(item.data(0, QUESTION_ROLE))), self._today))

    def _practise_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None and item.data(0, QUESTION_ROLE) is not None:
            self.practise_requested.emit(str(item.data(0, QUESTION_ROLE)))

    def select_question(self, key: str) -> bool:
        for item in self._question_items():
            if item.data(0, QUESTION_ROLE) == key:
                self.tree.setCurrentItem(item)
                return True
        return False

    def visible_question_keys(self) -> list[str]:
        return [str(i.data(0, QUESTION_ROLE)) for i in self._question_items() if not i.isHidden()]

    def _bank_items(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(b) for b in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _question_items(self) -> list[QTreeWidgetItem]:
        return [item for bank_item in self._bank_items() for item in _children(bank_item)]

    def _apply_filter(self) -> None:
        if self._library is None:
            return
        words = self.search.text().lower().split()
        category = self.category.currentData() or ""
        shown = 0
        for b, bank_item in enumerate(self._bank_items()):
            visible_children = 0
            for item in _children(bank_item):
                question = self._library.catalogue.question(str(item.data(0, QUESTION_ROLE)))
                match = question is not None and _matches(question, words, category)
                item.setHidden(not match)
                visible_children += match
            bank_item.setHidden(visible_children == 0)
            bank_item.setExpanded(bool(words or category) or b == 0)
            shown += visible_children
        total = len(self._library.catalogue.questions())
        self.count.setText(f"{shown} of {total} questions")

    def _first_visible_question(self) -> QTreeWidgetItem | None:
        return next((i for i in self._question_items() if not i.isHidden()), None)

    def _show_current(self, item: QTreeWidgetItem | None) -> None:
        is_question = item is not None and item.data(0, QUESTION_ROLE) is not None
        self.practise_button.setEnabled(is_question)
        if self._library is None or item is None or not is_question:
            return
        question = self._library.catalogue.question(str(item.data(0, QUESTION_ROLE)))
        bank = self._library.catalogue.bank(question.bank_id) if question else None
        if question is not None and bank is not None:
            self.detail.setHtml(question_html(question, self._library.default_rubric, bank.title))
        self.schedule_text.setText(self._schedule_line(str(item.data(0, QUESTION_ROLE))))

    def _schedule_line(self, key: str) -> str:
        if self._cards is None:
            return ""
        card = self._cards.get(key)
        if card is None:
            return "Not answered yet: once scored, it gets a date to come back."
        text = f"{item_text(card.reviews)} so far; {card.poor} poor. {self.question_state(key)}."
        if card.is_leech:
            text += " It keeps slipping: read what a strong answer shows, or try it with a friend."
        return text


def item_text(reviews: int) -> str:
    return f"{reviews} scored attempt{'s' if reviews != 1 else ''}"


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]


def _matches(question: Question, words: list[str], category: str) -> bool:
    if category and question.category != category:
        return False
    haystack = " ".join(
        (
            question.text,
            question.strong_answer,
            question.handling,
            question.improper,
            " ".join(question.tags),
            *question.follow_ups,
        )
    ).lower()
    return all(word in haystack for word in words)
