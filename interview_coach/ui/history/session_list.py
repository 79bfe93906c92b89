"""The History list: every session newest first, with search and filters, in a model-backed table that
holds a page of sessions and asks for the next as the user scrolls (`canFetchMore`/`fetchMore`, as large
Qt lists do): opening History costs one page whatever the years of practice behind it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.history_controller import SessionListPage
from interview_coach.domain.history import SELF_SCORER, HistoryFilter, SessionFact
from interview_coach.domain.questions import category_label
from interview_coach.domain.time_format import clock_text
from interview_coach.domain.wording import count_of
from interview_coach.ui.theme import muted_text_colour, scaled_font, style_primary

COLUMNS = ("Date", "Mode", "Banks", "Answers", "Your score", "Friend's score", "Speaking time")
Index = QModelIndex | QPersistentModelIndex


def describe_session(session: SessionFact) -> str:
    when = session.started_at.astimezone().strftime("%a %d %b %Y, %H:%M")
    return f"the session of {when} ({count_of(session.answer_count, 'answer')})"


def mode_label(session: SessionFact) -> str:
    return "Solo" if session.mode == "solo" else "With " + (", ".join(session.friends) or "a friend")


# Roles as plain ints: a table asks for about seven roles per cell at every paint, and comparing
# PySide's enum members costs more than the answer.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ID = Qt.ItemDataRole.UserRole.value
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
_NUMBERS = 3  # the columns from here on are figures, right-aligned


class SessionTableModel(QAbstractTableModel):
    more_wanted = Signal()  # the view scrolled to the last row loaded and more sessions match

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions: list[SessionFact] = []
        self.bank_titles: Mapping[str, str] = {}
        self.matching = 0  # sessions the filter keeps, loaded or not
        self._asked = False  # a page is on its way: ask once
        self._texts: list[tuple[str, ...] | None] = []  # each row's cells, made when first painted

    def set_sessions(self, sessions: Sequence[SessionFact], bank_titles: Mapping[str, str], matching: int) -> None:
        self.beginResetModel()
        self.sessions = list(sessions)
        self._texts = [None] * len(self.sessions)
        self.bank_titles = bank_titles
        self.matching = matching
        self._asked = False
        self.endResetModel()

    def add_sessions(self, sessions: Sequence[SessionFact]) -> None:
        self._asked = False
        if sessions:
            self.beginInsertRows(QModelIndex(), len(self.sessions), len(self.sessions) + len(sessions) - 1)
            self.sessions.extend(sessions)
            self._texts.extend([None] * len(sessions))
            self.endInsertRows()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._asked and len(self.sessions) < self.matching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._asked = True
            self.more_wanted.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        if role == _DISPLAY:
            row = index.row()
            texts = self._texts[row] or self._make_texts(row)
            return texts[index.column()]
        if role == _ALIGNMENT:
            return _RIGHT if index.column() >= _NUMBERS else None
        if role == _TOOLTIP and index.column() == 2:
            return "\n".join(self.bank_titles.get(b, b) for b in self.sessions[index.row()].bank_ids)
        if role == _ID:
            return self.sessions[index.row()].id
        return None

    def _make_texts(self, row: int) -> tuple[str, ...]:
        session = self.sessions[row]
        texts = (
            session.started_at.astimezone().strftime("%a %d %b %Y  %H:%M"),
            mode_label(session),
            ", ".join(self.bank_titles.get(b, b) for b in session.bank_ids),
            str(session.answer_count),
            _score(session.self_average),
            _score(session.friend_average),
            clock_text(session.speaking_seconds),
        )
        self._texts[row] = texts
        return texts


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


RANGES = (
    ("Any time", None),
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 3 months", 91),
    ("Last 6 months", 182),
    ("Between…", -1),
)


class SessionList(QWidget):
    query_changed = Signal()  # a filter or the search changed: ask for the first page again
    open_requested = Signal(int)  # session id
    delete_requested = Signal(int)
    report_requested = Signal(int)
    practise_requested = Signal(int)
    start_practice = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionList")
        self.page: SessionListPage | None = None  # the first page of what is shown
        self.bank_titles: Mapping[str, str] = {}
        self.category_names: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        self._build_filters(layout)
        self._build_custom_range(layout)
        self._build_table(layout)
        self._build_empty_state(layout)
        self._build_actions(layout)
        self._connect_signals()
        self.table.hide()  # until the first page arrives
        self.empty_button.hide()

    # Building

    def _build_filters(self, layout: QVBoxLayout) -> None:
        title = QLabel("History")
        title.setFont(scaled_font(self, 1.6, bold=True))
        layout.addWidget(title)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setPlaceholderText("Search what you said, questions, notes, banks, friends…")
        self.search.setAccessibleName("Search history")
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.search, 3)
        self.bank = self._combo("historyBank", "Filter by bank", filters)
        self.category = self._combo("historyCategory", "Filter by category", filters)
        self.mode = self._combo("historyMode", "Filter by mode", filters)
        for text, value in (("Solo and with a friend", None), ("Solo", "solo"), ("With a friend", "friend")):
            self.mode.addItem(text, value)
        self.scorer = self._combo("historyScorer", "Filter by who scored", filters)
        self.range = self._combo("historyRange", "Filter by date", filters)
        for text, days in RANGES:
            self.range.addItem(text, days)
        layout.addLayout(filters)

    def _build_custom_range(self, layout: QVBoxLayout) -> None:
        self.custom_range = QWidget()
        custom = QHBoxLayout(self.custom_range)
        custom.setContentsMargins(0, 0, 0, 0)
        today = QDate.currentDate()
        self.first_day = QDateEdit(today.addMonths(-1))
        self.last_day = QDateEdit(today)
        for edit, name in ((self.first_day, "From date"), (self.last_day, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self.query_changed)
        self.first_day.setObjectName("historyFrom")
        self.last_day.setObjectName("historyTo")
        custom.addWidget(QLabel("From"))
        custom.addWidget(self.first_day)
        custom.addWidget(QLabel("to"))
        custom.addWidget(self.last_day)
        custom.addStretch(1)
        self.custom_range.hide()
        layout.addWidget(self.custom_range)

    def _build_table(self, layout: QVBoxLayout) -> None:
        self.model = SessionTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName("Sessions, newest first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        # Widths from the font, not from the rows: measuring a thousand rows costs tens of ms.
        metrics = self.table.fontMetrics()
        for column, sample in enumerate(("Wed 30 Sep 2026  23:59", "With Alexandra")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 24)
        for column in range(3, len(COLUMNS)):
            header.resizeSection(column, metrics.horizontalAdvance(COLUMNS[column]) + 28)
        self.table.doubleClicked.connect(lambda index: self.open_requested.emit(self.model.sessions[index.row()].id))
        self.table.activated.connect(lambda index: self.open_requested.emit(self.model.sessions[index.row()].id))
        layout.addWidget(self.table, 1)

    def _build_empty_state(self, layout: QVBoxLayout) -> None:
        self.empty = QLabel()
        self.empty.setObjectName("historyEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setFont(scaled_font(self, 1.1))
        self.empty.setText("Loading your sessions…")
        layout.addWidget(self.empty, 1)
        self.empty_button = QPushButton("Start practising")
        self.empty_button.setObjectName("historyStartPractice")
        style_primary(self.empty_button)
        self.empty_button.clicked.connect(self.start_practice)
        layout.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)

    def _build_actions(self, layout: QVBoxLayout) -> None:
        actions = QHBoxLayout()
        self.count = QLabel()
        self.count.setObjectName("historyCount")
        muted = muted_text_colour(self).name()
        self.count.setStyleSheet(f"color: {muted}")
        actions.addWidget(self.count, 1)
        self.open_button = self._action("Open", "historyOpen", self.open_requested, actions)
        style_primary(self.open_button)
        self.practise_button = self._action("Practise these again", "historyPractise", self.practise_requested, actions)
        self.report_button = self._action("Report…", "historyReport", self.report_requested, actions)
        self.delete_button = self._action("Delete…", "historyDelete", self.delete_requested, actions)
        layout.addLayout(actions)

    def _connect_signals(self) -> None:
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)  # filter once typing pauses
        self._filter_timer.timeout.connect(self.query_changed)
        self.search.textChanged.connect(self._filter_timer.start)
        for combo in (self.bank, self.category, self.mode, self.scorer):
            combo.currentIndexChanged.connect(self.query_changed)
        self.range.currentIndexChanged.connect(self._range_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._update_actions()

    def _combo(self, name: str, accessible: str, layout: QHBoxLayout) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout.addWidget(combo, 1)
        return combo

    def _action(self, text: str, name: str, signal: Any, layout: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: self._emit_selected(signal))
        layout.addWidget(button)
        return button

    def _emit_selected(self, signal: Any) -> None:
        session = self.selected()
        if session is not None:
            signal.emit(session.id)

    def selected(self) -> SessionFact | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.sessions[rows[0].row()] if rows else None

    def show_page(self, page: SessionListPage, bank_titles: Mapping[str, str]) -> None:
        """The first page of a request replaces the list (keeping the selection); a later one adds to it."""
        if not page.first:
            if self.page is not None and page.request == self.page.request and page.offset == len(self.model.sessions):
                self.model.add_sessions(page.sessions)
            return
        if self._shows(page, bank_titles):  # opened again, nothing changed: keep the rows (and pages) loaded
            self.page = page
            return
        selected = self.selected()
        self.page = page
        self.bank_titles = bank_titles
        self._fill_choices(page)
        self.model.set_sessions(page.sessions, bank_titles, page.matching)
        self._show_counts(page)
        if selected is not None:
            self.select_session(selected.id)
        if page.sessions and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_actions()

    def _shows(self, page: SessionListPage, bank_titles: Mapping[str, str]) -> bool:
        shown = self.page
        return (
            shown is not None
            and bank_titles == self.bank_titles
            and (page.wanted, page.matching, page.total, page.choices)
            == (shown.wanted, shown.matching, shown.total, shown.choices)
            and page.sessions == self.model.sessions[: len(page.sessions)]
        )

    def session(self, session_id: int) -> SessionFact | None:
        """A session of the list, as far as it is loaded."""
        return next((s for s in self.model.sessions if s.id == session_id), None)

    def select_session(self, session_id: int, *, reveal: bool = False) -> None:
        """Selects the session if the filters show it; with `reveal`, scrolls it into view too."""
        for row, session in enumerate(self.model.sessions):
            if session.id == session_id:
                self.table.selectRow(row)
                if reveal:
                    self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
                return

    def _fill_choices(self, page: SessionListPage) -> None:
        choices = page.choices
        banks = sorted(choices.bank_ids, key=lambda b: self.bank_titles.get(b, b))
        categories = sorted(choices.categories, key=category_label)
        _refill(self.bank, "All banks", [(self.bank_titles.get(b, b), b) for b in banks])
        _refill(self.category, "All categories", [(category_label(c), c) for c in categories])
        scorers = [("Scored by you", SELF_SCORER)] + [(f"Scored by {name}", name) for name in choices.friends]
        _refill(self.scorer, "Anyone's scores", scorers)

    def current_filter(self) -> HistoryFilter:
        first: date | None = None
        last: date | None = None
        days = self.range.currentData()
        if days == -1:
            first, last = self.first_day.date().toPython(), self.last_day.date().toPython()  # type: ignore[assignment]
        elif days:
            last = date.today()
            first = last - timedelta(days=days - 1)
        return HistoryFilter(
            text=self.search.text().strip(),
            bank_id=self.bank.currentData() or "",
            category=self.category.currentData() or "",
            mode=self.mode.currentData(),
            scorer=self.scorer.currentData() or "",
            first_day=first,
            last_day=last,
        )

    def _range_changed(self) -> None:
        self.custom_range.setVisible(self.range.currentData() == -1)
        self.query_changed.emit()

    def _show_counts(self, page: SessionListPage) -> None:
        has_any = page.total > 0
        moved = self.table.isVisibleTo(self) != has_any or self.empty_button.isVisibleTo(self) == has_any
        self.table.setVisible(has_any)
        self.empty.setVisible(not has_any)
        self.empty_button.setVisible(not has_any)
        layout = self.layout()
        if moved and layout is not None:
            layout.activate()  # the table (or the empty state) takes its room in this paint, not the next
        if not has_any:
            self.empty.setText(
                "No sessions yet.\nEvery practice session is kept here: replay your answers, "
                "re-score them and see what changed."
            )
        shown, total = page.matching, page.total
        everything = count_of(total, "session")
        self.count.setText(f"{shown:,} of {everything}" if shown != total else everything)

    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        for button in (self.open_button, self.practise_button, self.report_button, self.delete_button):
            button.setEnabled(chosen)


def _refill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
    """Replaces a filter's choices, keeping the current one when it still exists."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, "")
    for text, value in items:
        combo.addItem(text, value)
    index = combo.findData(current) if current else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
