"""Patterns across the journal: the stage funnel with its plain reading, the points feedback names most
often, and the open steps of every action plan."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_coach.domain.journal import ActionItem, JournalEntry, area_name
from interview_coach.domain.journal_patterns import FunnelReading, funnel, most_named, read_funnel
from interview_coach.ui.journal.charts import fill_funnel, make_chart_view
from interview_coach.ui.layout_helpers import card, clear_layout, scrolling_page
from interview_coach.ui.theme import BAD, NEUTRAL, accent, muted_text_colour, scaled_font, status_colour, style_primary

MOST_NAMED_SHOWN = 8
OPEN_STEPS_SHOWN = 8


class PatternsView(QWidget):
    practise_areas = Signal(list)  # area ids to practise, most pressing first
    open_entry = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journalPatterns")
        self.reading: FunnelReading | None = None
        _outer, layout = scrolling_page(self, margins=20, spacing=12)

        reading_card, reading = card("What the pattern says")
        self.headline = QLabel()
        self.headline.setObjectName("funnelHeadline")
        self.headline.setWordWrap(True)
        self.headline.setFont(scaled_font(self, 1.1, bold=True))
        reading.addWidget(self.headline)
        self.advice = QLabel()
        self.advice.setObjectName("funnelReading")
        self.advice.setWordWrap(True)
        reading.addWidget(self.advice)
        buttons = QHBoxLayout()
        self.practise_button = QPushButton("Practise what this points to")
        self.practise_button.setObjectName("practisePatternButton")
        style_primary(self.practise_button)
        self.practise_button.clicked.connect(self._practise)
        buttons.addWidget(self.practise_button)
        buttons.addStretch(1)
        reading.addLayout(buttons)
        layout.addWidget(reading_card)

        row = QHBoxLayout()
        row.setSpacing(12)
        funnel_card, funnel_layout = card("Where applications stop")
        self.funnel_view = make_chart_view("funnelChart", "Applications reaching each stage, and where they stopped")
        self.funnel_view.setMinimumHeight(280)
        funnel_layout.addWidget(self.funnel_view)
        row.addWidget(funnel_card, 3)
        named_card, named_layout = card("Named most often in feedback")
        self.named_note = QLabel()
        self.named_note.setObjectName("mostNamedNote")
        self.named_note.setWordWrap(True)
        self.named_note.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        named_layout.addWidget(self.named_note)
        self._named = QGridLayout()
        self._named.setHorizontalSpacing(10)
        self._named.setVerticalSpacing(6)
        self._named.setColumnStretch(1, 1)
        named_layout.addLayout(self._named)
        named_layout.addStretch(1)
        row.addWidget(named_card, 2)
        layout.addLayout(row)

        steps_card, steps_layout = card("Open steps in your action plans")
        self._steps = QVBoxLayout()
        self._steps.setSpacing(4)
        steps_layout.addLayout(self._steps)
        layout.addWidget(steps_card)
        layout.addStretch(1)

    def show_journal(
        self,
        entries: list[JournalEntry],
        names: dict[str, str],
        practisable: frozenset[str],
        loose_actions: tuple[ActionItem, ...] = (),
        today: date | None = None,
    ) -> None:
        self.reading = read_funnel(entries)
        self.headline.setText(self.reading.headline)
        self.advice.setText(self.reading.advice)
        targets = [a for a in self.reading.areas if a in practisable]
        if targets and self.reading.practisable:
            named = [area_name(a, names).lower() for a in targets]
            listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
            self.practise_button.setText(f"Practise {listed}")
            self.practise_button.setAccessibleName(f"Practise {listed}")
            self.practise_button.show()
        else:
            self.practise_button.hide()
        fill_funnel(self.funnel_view.chart(), funnel(entries))
        self._show_named(entries, names, practisable)
        self._show_steps(entries, names, loose_actions, today or date.today())

    def _show_named(self, entries: list[JournalEntry], names: dict[str, str], practisable: frozenset[str]) -> None:
        clear_layout(self._named)
        named = most_named(entries, names, practisable)
        tagged = sum(1 for e in entries if e.tags)
        if not named:
            self.named_note.setText("Tag each entry with what its feedback points to; the most common show here.")
            return
        self.named_note.setText(f"Across {tagged} tagged entr{'y' if tagged == 1 else 'ies'}.")
        top = named[0].entries
        for row, area in enumerate(named[:MOST_NAMED_SHOWN]):
            label = QLabel(area.name)
            label.setObjectName(f"named-{area.area}")
            if not area.practisable:
                label.setToolTip("Outside practice: work for the action plan")
            bar = QProgressBar()
            bar.setObjectName(f"namedBar-{area.area}")
            bar.setAccessibleName(f"{area.name}: named in {area.entries} entries")
            bar.setRange(0, top)
            bar.setValue(area.entries)
            bar.setTextVisible(False)
            bar.setFixedHeight(max(12, self.fontMetrics().height() - 2))
            tint = accent() if area.practisable else status_colour(NEUTRAL)
            bar.setStyleSheet(
                "QProgressBar { border: none; border-radius: 3px; background: palette(alternate-base); }"
                f"QProgressBar::chunk {{ background: {tint.name()}; border-radius: 3px; }}"
            )
            count = QLabel(str(area.entries))
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._named.addWidget(label, row, 0)
            self._named.addWidget(bar, row, 1)
            self._named.addWidget(count, row, 2)
        key = QLabel(
            f"<span style='color:{accent().name()}'>\N{BLACK SQUARE}</span> practice can fix &nbsp; "
            f"<span style='color:{status_colour(NEUTRAL).name()}'>\N{BLACK SQUARE}</span> outside practice"
        )
        key.setStyleSheet(f"color: {muted_text_colour(self).name()}")
        self._named.addWidget(key, min(len(named), MOST_NAMED_SHOWN), 0, 1, 3)

    def _show_steps(
        self, entries: list[JournalEntry], names: dict[str, str], loose: tuple[ActionItem, ...], today: date
    ) -> None:
        clear_layout(self._steps)
        open_steps: list[tuple[ActionItem, JournalEntry | None]] = [
            (a, e) for e in entries for a in e.actions if a.is_open and a.action.strip()
        ]
        open_steps += [(a, None) for a in loose if a.is_open and a.action.strip()]
        if not open_steps:
            empty = QLabel("No open steps. Each entry's action plan collects them here, soonest due first.")
            empty.setObjectName("noOpenSteps")
            empty.setWordWrap(True)
            empty.setStyleSheet(f"color: {muted_text_colour(self).name()}")
            self._steps.addWidget(empty)
            return
        open_steps.sort(key=lambda pair: (pair[0].due_on or date.max, pair[0].id or 0))
        muted = muted_text_colour(self).name()
        for action, entry in open_steps[:OPEN_STEPS_SHOWN]:
            due = action.due_on
            if due is None:
                when = f"<span style='color:{muted}'>no date</span>"
            elif due < today:
                overdue = status_colour(BAD).name()
                when = f"<span style='color:{overdue}'>overdue since {due.strftime('%d %b').lstrip('0')}</span>"
            else:
                when = f"due {due.strftime('%d %b').lstrip('0')}"
            area = f" ({area_name(action.area, names)})" if action.area else ""
            status = " \N{MIDDLE DOT} in progress" if action.status == "doing" else ""
            source = ""
            if entry is not None and entry.id is not None:
                source = f" \N{MIDDLE DOT} <a href='{entry.id}'>{escape(entry.title)}</a>"
            text = f"\N{BULLET} {escape(action.action)}{escape(area)} \N{MIDDLE DOT} {when}{status}{source}"
            line = QLabel(text)
            line.setObjectName("openStep")
            line.setWordWrap(True)
            line.setTextFormat(Qt.TextFormat.RichText)
            line.linkActivated.connect(lambda href: self.open_entry.emit(int(href)))
            self._steps.addWidget(line)
        hidden = len(open_steps) - OPEN_STEPS_SHOWN
        if hidden > 0:
            more = QLabel(f"and {hidden} more")
            more.setStyleSheet(f"color: {muted}")
            self._steps.addWidget(more)

    def _practise(self) -> None:
        if self.reading is not None:
            self.practise_areas.emit(list(self.reading.areas))
