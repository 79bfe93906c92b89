"""The list of journal entries: company (with the date applied), role, then stage and outcome by a coloured dot."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from interview_coach.domain.journal import JournalEntry, outcome_label, stage_label
from interview_coach.ui.theme import muted_text_colour, scaled_font

OUTCOME_COLOURS = {
    "waiting": "#c98a00",
    "rejected": "#c0392b",
    "withdrew": "#7f8c8d",
    "offer": "#2e9d6a",
    "accepted": "#2e9d6a",
}
ENTRY_ID = Qt.ItemDataRole.UserRole
SUBTITLE = Qt.ItemDataRole.UserRole + 1
DOT = Qt.ItemDataRole.UserRole + 2  # colour name of the dot before the last line, or None
CORNER = Qt.ItemDataRole.UserRole + 3  # short muted text at the top right (a date)
SECOND = Qt.ItemDataRole.UserRole + 4  # an optional middle line


def entry_status(entry: JournalEntry) -> str:
    return f"{stage_label(entry.stage_reached)} \N{MIDDLE DOT} {outcome_label(entry.outcome)}"


def entry_subtitle(entry: JournalEntry) -> str:
    parts = [entry_status(entry)]
    if entry.applied_on is not None:
        parts.append(_day(entry.applied_on))
    return " \N{MIDDLE DOT} ".join(parts)


def _day(value: date) -> str:
    return value.strftime("%d %b %Y").lstrip("0")


class CardDelegate(QStyledItemDelegate):
    """Rows of two or three lines: a bold title (with a muted corner note), an optional plain line, and
    a muted last line, optionally after a coloured dot."""

    def __init__(self, view: QListWidget, *, lines: int = 3) -> None:
        super().__init__(view)
        self._view = view
        self._lines = lines

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        height = self._view.fontMetrics().height()
        return QSize(220, (height + 3) * self._lines + 16)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        self.initStyleOption(option, index)
        title = option.text
        option.text = ""
        style = self._view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, self._view)
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = self._view.palette()
        text = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = text if selected else muted_text_colour(self._view)
        metrics = self._view.fontMetrics()
        line = metrics.height() + 3
        left, top, width = rect.left() + 14, rect.top() + 8, rect.width() - 28
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        corner = str(index.data(CORNER) or "")
        corner_width = metrics.horizontalAdvance(corner) + 10 if corner else 0
        if corner:
            painter.setPen(muted)
            painter.drawText(QRect(left, top, width, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             corner)  # fmt: skip
        painter.setFont(scaled_font(self._view, 1.0, bold=True))
        painter.setPen(text)
        title_width = width - corner_width
        painter.drawText(QRect(left, top, title_width, line), align,
                         painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, title_width))  # fmt: skip
        painter.setFont(self._view.font())
        row = top + line
        second = str(index.data(SECOND) or "")
        if self._lines >= 3:
            painter.drawText(QRect(left, row, width, line), align,
                             metrics.elidedText(second, Qt.TextElideMode.ElideRight, width))  # fmt: skip
            row += line
        subtitle = str(index.data(SUBTITLE) or "")
        colour = index.data(DOT)
        offset = 0
        if colour:
            dot = metrics.height() // 2
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(str(colour)))
            painter.drawEllipse(left, row + (line - dot) // 2, dot, dot)
            offset = dot + 8
        painter.setPen(muted)
        painter.drawText(QRect(left + offset, row, width - offset, line), align,
                         metrics.elidedText(subtitle, Qt.TextElideMode.ElideRight, width - offset))  # fmt: skip
        painter.restore()


class EntryList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalEntryList")
        self.setAccessibleName("Journal entries")
        self.setItemDelegate(CardDelegate(self, lines=3))
        self.setUniformItemSizes(True)
        self.setMinimumWidth(240)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setStyleSheet("QListWidget#journalEntryList { background: palette(base); }")

    def show_entries(self, entries: Sequence[JournalEntry], select: int | None = None) -> None:
        current = self.current_id() if select is None else select
        self.blockSignals(True)
        self.clear()
        for entry in entries:
            item = QListWidgetItem()
            self._fill(item, entry)
            self.addItem(item)
        self.blockSignals(False)
        if current is not None and self.select_entry(current):
            return
        if self.count():
            self.setCurrentRow(0)

    def update_entry(self, entry: JournalEntry) -> None:
        """Refreshes one row as the user types, without rebuilding the list."""
        for row in range(self.count()):
            item = self.item(row)
            if item is not None and item.data(ENTRY_ID) == entry.id:
                self._fill(item, entry)
                return

    def _fill(self, item: QListWidgetItem, entry: JournalEntry) -> None:
        company, role = entry.company.strip(), entry.role.strip()
        item.setText(company or role or "New entry")
        item.setData(SECOND, role if company else "")
        item.setData(ENTRY_ID, entry.id)
        item.setData(SUBTITLE, entry_status(entry))
        item.setData(CORNER, _day(entry.applied_on) if entry.applied_on else "")
        item.setData(DOT, OUTCOME_COLOURS.get(entry.outcome, "#7f8c8d"))
        item.setToolTip(f"{entry.title}\n{entry_subtitle(entry)}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{entry.title}, {entry_subtitle(entry)}")

    def current_id(self) -> int | None:
        item = self.currentItem()
        value = item.data(ENTRY_ID) if item is not None else None
        return int(value) if value is not None else None

    def select_entry(self, entry_id: int) -> bool:
        for row in range(self.count()):
            item = self.item(row)
            if item is not None and item.data(ENTRY_ID) == entry_id:
                self.setCurrentRow(row)
                return True
        return False
