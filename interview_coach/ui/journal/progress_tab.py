"""The entry editor's Progress since tab: how the points an entry's feedback named have moved in practice
since the news, as a table of before and now and a chart over time."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from interview_coach.domain.journal import JournalEntry
from interview_coach.domain.journal_progress import Movement, ProgressSince
from interview_coach.ui.journal.charts import fill_progress_since, make_chart_view
from interview_coach.ui.journal.editor_widgets import muted
from interview_coach.ui.layout_helpers import clear_layout
from interview_coach.ui.theme import BAD, GOOD, muted_text_colour, status_colour, style_card


class ProgressTab(QWidget):
    """Shows a report it is given; the editor asks for one when the tab is opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ProgressSince | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 14, 12, 8)
        layout.setSpacing(10)
        self.lead = muted(QLabel())
        self.lead.setObjectName("progressSinceLead")
        layout.addWidget(self.lead)
        self.card = QFrame()
        style_card(self.card)
        self._grid = QGridLayout(self.card)
        self._grid.setContentsMargins(16, 12, 16, 12)
        self._grid.setHorizontalSpacing(18)
        self._grid.setVerticalSpacing(8)
        layout.addWidget(self.card)
        self.chart = make_chart_view("progressSinceChart", "Scores on the tagged points over time")
        self.chart.setMinimumHeight(240)
        self.chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.chart, 1)
        self.empty = QLabel()
        self.empty.setObjectName("progressSinceEmpty")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        layout.addStretch(0)

    def show_report(self, report: ProgressSince | None, entry: JournalEntry, *, practisable_tagged: bool) -> None:
        """Shows `report` for `entry`; None while it is being worked out. Without movements, says why:
        `practisable_tagged` tells whether the entry has a tag practice can move."""
        clear_layout(self._grid)
        since = entry.since()
        when = since.strftime("%d %b %Y").lstrip("0") if since else "this entry"
        self.lead.setText(
            f"How the points this feedback named have moved in practice since {when}: your average self-score "
            "over the last sessions before that day against your latest sessions since."
        )
        self.report = report
        if report is None or not report.movements:
            self.card.hide()
            self.chart.hide()
            self.empty.setText("Working it out…" if report is None and entry.tags else "")
            if not practisable_tagged:
                self.empty.setText(
                    "Tag this entry with the points its feedback names (under Tags and action plan), "
                    "and how they move in practice shows here."
                )
            self.empty.setVisible(bool(self.empty.text()))
            return
        self.empty.hide()
        self.card.show()
        self.chart.show()
        muted_colour = muted_text_colour(self).name()
        for column, title in enumerate(("Point", "Before", "", "Now", "Change", "Sessions since")):
            label = QLabel(f"<span style='color:{muted_colour}'>{title}</span>")
            self._grid.addWidget(label, 0, column)
        for row, movement in enumerate(report.movements, start=1):
            self._add_movement(row, movement)
        self._grid.setColumnStretch(0, 1)
        fill_progress_since(self.chart.chart(), report, {m.criterion: m.name for m in report.movements})

    def _add_movement(self, row: int, movement: Movement) -> None:
        fmt = "{:.1f}"
        name = QLabel(f"<b>{movement.name}</b>")
        before = QLabel(fmt.format(movement.before) if movement.before is not None else "–")
        arrow = QLabel("\N{RIGHTWARDS ARROW}")
        after = QLabel(fmt.format(movement.after) if movement.after is not None else "–")
        direction = movement.direction
        texts = {
            "up": ("\N{BLACK UP-POINTING TRIANGLE} ", status_colour(GOOD).name()),
            "down": ("\N{BLACK DOWN-POINTING TRIANGLE} ", status_colour(BAD).name()),
            "steady": ("", ""),
        }
        if direction in texts and movement.delta is not None:
            symbol, colour = texts[direction]
            sign = "+" if movement.delta >= 0 else "\N{MINUS SIGN}"
            change_text = f"{symbol}{sign}{abs(movement.delta):.1f}"
            change = QLabel(f"<span style='color:{colour}'>{change_text}</span>" if colour else change_text)
        elif direction == "new":
            change = muted(QLabel("no scores from before"))
        else:
            change = muted(QLabel("not practised since"))
        sessions = QLabel(str(movement.sessions_since))
        for column, widget in enumerate((name, before, arrow, after, change, sessions)):
            widget.setObjectName(f"movement-{movement.criterion}-{column}")
            self._grid.addWidget(widget, row, column)
        name.setAccessibleName(movement.describe())
