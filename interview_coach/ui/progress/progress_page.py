"""The Progress screen: where the candidate stands, what changed, and what to practise next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.history_controller import HistoryController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.history import HistoryData
from interview_coach.domain.practice_setup import PracticeSetup, focused_on
from interview_coach.domain.progress import MIN_CHANGE, ProgressReport, build_report
from interview_coach.domain.questions import category_label
from interview_coach.ui.layout_helpers import card, clear_layout, scrolling_page
from interview_coach.ui.progress.charts import (
    fill_calibration_chart,
    fill_category_chart,
    fill_length_chart,
    fill_score_trend,
    make_chart_view,
)
from interview_coach.ui.progress.delivery_card import DeliveryCard
from interview_coach.ui.theme import accent, muted_text_colour, scaled_font, style_primary

RANGES = (("All time", None), ("Last 6 months", 182), ("Last 3 months", 91), ("Last 30 days", 30))
ALL_CRITERIA = ""


class ProgressPage(QWidget):
    def __init__(
        self,
        controller: HistoryController,
        tasks: TaskRunner,
        *,
        start_practice: Callable[[PracticeSetup], None],
        start_practice_on_questions: Callable[[list[str]], None],
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("progressPage")
        self.controller = controller
        self._tasks = tasks
        self._start_practice = start_practice
        self._start_practice_on_questions = start_practice_on_questions
        self._today = today
        self._request = 0
        self.report: ProgressReport | None = None
        _outer, layout = scrolling_page(self, margins=24, spacing=12)
        self._build_header(layout)
        self._build_notes(layout)
        self._build_charts(layout)
        layout.addStretch(1)
        self._marked: list[QDate] = []
        controller.loaded.connect(self._history_loaded)
        controller.changed.connect(self._data_changed)

    # Building

    def _build_header(self, layout: QVBoxLayout) -> None:
        top = QHBoxLayout()
        title = QLabel("Progress")
        title.setFont(scaled_font(self, 1.6, bold=True))
        top.addWidget(title)
        top.addStretch(1)
        self.range = QComboBox()
        self.range.setObjectName("progressRange")
        self.range.setAccessibleName("Time range")
        for text, days in RANGES:
            self.range.addItem(text, days)
        self.range.currentIndexChanged.connect(self._rebuild)
        top.addWidget(self.range)
        layout.addLayout(top)
        self.headline = QLabel("Loading your sessions…")
        self.headline.setObjectName("progressHeadline")
        self.headline.setWordWrap(True)
        self.headline.setFont(scaled_font(self, 1.1))
        layout.addWidget(self.headline)

    def _build_notes(self, layout: QVBoxLayout) -> None:
        """What changed, and what to work on next."""
        notes = QHBoxLayout()
        changes_card, changes = card("What changed")
        self.changes = QLabel()
        self.changes.setObjectName("progressChanges")
        self.changes.setWordWrap(True)
        self.changes.setTextFormat(Qt.TextFormat.RichText)
        changes.addWidget(self.changes)
        changes.addStretch(1)
        notes.addWidget(changes_card, 1)
        focus_card, self._focus_layout = card("Work on next")
        self.focus_text = QLabel()
        self.focus_text.setObjectName("progressFocus")
        self.focus_text.setWordWrap(True)
        self._focus_layout.addWidget(self.focus_text)
        self._focus_buttons = QVBoxLayout()
        self._focus_layout.addLayout(self._focus_buttons)
        self._focus_layout.addStretch(1)
        notes.addWidget(focus_card, 1)
        layout.addLayout(notes)

    def _build_charts(self, layout: QVBoxLayout) -> None:
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(self._build_trend_card(), 0, 0)
        grid.addWidget(self._build_length_card(), 0, 1)
        grid.addWidget(self._build_calendar_card(), 1, 0)
        grid.addWidget(self._build_category_card(), 1, 1)
        grid.addWidget(self._build_friends_card(), 2, 0, 1, 2)
        self.delivery = DeliveryCard()
        grid.addWidget(self.delivery, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

    def _build_trend_card(self) -> QFrame:
        trend_card, trend = card("Scores over time")
        self.criterion = QComboBox()
        self.criterion.setObjectName("progressCriterion")
        self.criterion.setAccessibleName("Criterion shown in the chart")
        self.criterion.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.criterion.setMinimumContentsLength(22)
        self.criterion.currentIndexChanged.connect(self._show_trend)
        trend.addWidget(self.criterion, 0, Qt.AlignmentFlag.AlignLeft)
        self.trend_view = make_chart_view("scoreTrendChart", "Average score per session, with a rolling average")
        trend.addWidget(self.trend_view)
        return trend_card

    def _build_length_card(self) -> QFrame:
        length_card, length = card("Answer length against the limit")
        self.length_note = QLabel()
        self.length_note.setObjectName("lengthNote")
        self.length_note.setWordWrap(True)
        length.addWidget(self.length_note)
        self.length_view = make_chart_view("answerLengthChart", "Average answer length and limit per session")
        length.addWidget(self.length_view)
        return length_card

    def _build_calendar_card(self) -> QFrame:
        calendar_card, calendar = card("Practice calendar")
        self.streak = QLabel()
        self.streak.setObjectName("streakText")
        self.streak.setWordWrap(True)
        calendar.addWidget(self.streak)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("practiceCalendar")
        self.calendar.setAccessibleName("Practice calendar: days you practised are shaded")
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setGridVisible(False)
        self.calendar.setMinimumHeight(240)
        calendar.addWidget(self.calendar)
        return calendar_card

    def _build_category_card(self) -> QFrame:
        category_card, category = card("Scores by category")
        self.category_view = make_chart_view("categoryChart", "Average score per question category")
        category.addWidget(self.category_view)
        return category_card

    def _build_friends_card(self) -> QFrame:
        friends_card, friends = card("You and your friends")
        self.calibration_text = QLabel()
        self.calibration_text.setObjectName("calibrationText")
        self.calibration_text.setWordWrap(True)
        self.calibration_text.setTextFormat(Qt.TextFormat.RichText)
        friends.addWidget(self.calibration_text)
        self.calibration_view = make_chart_view(
            "calibrationChart", "How far your self-scores sit from your friends' scores, per criterion"
        )
        friends.addWidget(self.calibration_view)
        return friends_card

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.controller.ensure_loaded()

    def _data_changed(self) -> None:
        if self.isVisible():  # a hidden page reloads when it is shown
            self.controller.load()

    def _history_loaded(self, _history: HistoryData) -> None:
        if self.isVisible():
            self._rebuild()

    def _since(self) -> datetime | None:
        days = self.range.currentData()
        if not days:
            return None
        return datetime.combine(self._today() - timedelta(days=days - 1), datetime.min.time()).astimezone()

    def _rebuild(self) -> None:
        history = self.controller.history
        if history is None:
            return
        self._request += 1
        request, since, today = self._request, self._since(), self._today()
        overview = self.controller.overview
        if since is None and overview is not None and overview.sessions == tuple(reversed(history.sessions)):
            if overview is not self.report:
                self.show_report(overview)  # made ahead with the history: no wait
            return

        def shown(report: ProgressReport) -> None:
            if request == self._request:
                self.show_report(report)

        self._tasks.run(lambda: build_report(history, since=since, today=today), shown)

    def show_report(self, report: ProgressReport) -> None:
        self.report = report
        sessions = report.sessions
        answers = sum(s.answer_count for s in sessions)
        speaking = sum(s.speaking_seconds for s in sessions)
        if not sessions:
            self.headline.setText(
                "No practice in this range yet. Each session you finish adds to these charts."
                if report.practice_days
                else "Nothing to show yet: practise once and your progress appears here."
            )
        else:
            hours, minutes = divmod(round(speaking / 60), 60)
            spoken = f"{hours} h {minutes} min" if hours else f"{minutes} min"
            self.headline.setText(f"{len(sessions)} sessions, {answers} answers, {spoken} of speaking in this range.")
        self._show_changes(report)
        self._show_focus(report)
        self._fill_criteria(report)
        self._show_trend()
        points = report.lengths
        fill_length_chart(self.length_view.chart(), points)
        answered = sum(p.answered for p in points)
        over = sum(p.over_limit for p in points)
        self.length_note.setText(
            f"{over} of {answered} answers ran over their limit ({over / answered:.0%})." if answered else ""
        )
        self._show_calendar(report)
        self._show_calibration(report)
        self.delivery.show_report(report)
        fill_category_chart(
            self.category_view.chart(),
            {self.range.currentText(): report.category_averages, "Last 30 days": report.recent_category_averages},
        )

    def _show_calibration(self, report: ProgressReport) -> None:
        rows = report.calibration
        fill_calibration_chart(self.calibration_view.chart(), rows)
        self.calibration_view.setVisible(bool(rows))
        notable = [row for row in rows if row.notable]
        if not rows:
            text = (
                "Practise with a friend (Practice, then <i>With a friend as interviewer</i>) or send a session "
                "for review, and this shows how your own scores compare with theirs."
            )
        elif notable:
            text = "<br>".join(row.sentence() for row in notable[:3])
            text += "<br><span style='color:gray'>Where you rate yourself higher, trust your friends' view more.</span>"
        else:
            paired = sum(row.pairs for row in rows)
            widest = rows[0]
            direction = "higher" if widest.mean_gap > 0 else "lower"
            text = (
                f"Across {paired} scores given by both, you and your friends agree to within half a point. "
                f"The widest gap: {widest.name.lower()}, where you score yourself {abs(widest.mean_gap):.1f} "
                f"{direction}."
            )
        self.calibration_text.setText(text)

    def _show_changes(self, report: ProgressReport) -> None:
        up, down = "#2e9d6a", "#c0392b"
        lines = [
            f"<span style='color:{up}'>\N{BLACK UP-POINTING TRIANGLE}</span> {c.describe()}"
            for c in report.improvements
        ]
        lines += [
            f"<span style='color:{down}'>\N{BLACK DOWN-POINTING TRIANGLE}</span> {c.describe()}"
            for c in report.declines
        ]
        gains = [c for c in report.since_start if c.delta >= MIN_CHANGE]
        if gains and report.sessions:
            first = report.sessions[0].day
            lines += [
                f"<span style='color:{up}'>\N{BLACK UP-POINTING TRIANGLE}</span> Since {first:%d %b}: "
                f"{c.name} {c.before:.1f} \N{RIGHTWARDS ARROW} {c.after:.1f}"
                for c in gains[:4]
            ]
        lines += [f"\N{BLACK STAR} {text}" for text in report.personal_bests]
        muted = muted_text_colour(self).name()
        self.changes.setText(
            "<br>".join(lines)
            or f"<span style='color:{muted}'>After ten scored sessions, changes in each criterion show here.</span>"
        )

    def _show_focus(self, report: ProgressReport) -> None:
        clear_layout(self._focus_buttons)
        if not report.weakest_criteria:
            self.focus_text.setText("Score a few answers and your weakest spots show here.")
            return
        parts = [f"{report.name(c)} ({v:.1f})" for c, v in report.weakest_criteria]
        self.focus_text.setText("Lowest over your last 5 sessions: " + ", ".join(parts) + ".")
        criterion, _value = report.weakest_criteria[0]
        button = QPushButton(f"Practise {report.name(criterion).lower()}")
        button.setObjectName("practiseWeakestCriterion")
        style_primary(button)
        button.clicked.connect(partial(self._start_practice, focused_on(criterion)))
        self._focus_buttons.addWidget(button)
        if report.weakest_questions:
            listing = QLabel(
                "Weakest questions:<br>"
                + "<br>".join(
                    f"\N{BULLET} {_short(q.text)} <span style='color:{muted_text_colour(self).name()}'>"
                    f"({q.average:.1f}, {category_label(q.category)})</span>"
                    for q in report.weakest_questions
                )
            )
            listing.setObjectName("weakestQuestions")
            listing.setWordWrap(True)
            self._focus_buttons.addWidget(listing)
            keys = [q.key for q in report.weakest_questions]
            again = QPushButton(f"Practise these {len(keys)} questions")
            again.setObjectName("practiseWeakestQuestions")
            again.clicked.connect(partial(self._start_practice_on_questions, keys))
            self._focus_buttons.addWidget(again, 0, Qt.AlignmentFlag.AlignLeft)

    def _fill_criteria(self, report: ProgressReport) -> None:
        current = self.criterion.currentData()
        self.criterion.blockSignals(True)
        self.criterion.clear()
        self.criterion.addItem("All criteria", ALL_CRITERIA)
        for criterion in report.criteria:
            self.criterion.addItem(report.name(criterion), criterion)
        self.criterion.setCurrentIndex(max(0, self.criterion.findData(current)))
        self.criterion.blockSignals(False)

    def _show_trend(self) -> None:
        if self.report is None:
            return
        criterion = self.criterion.currentData() or None
        label = self.report.name(criterion) if criterion else "Average of all criteria"
        fill_score_trend(self.trend_view.chart(), self.report.series(criterion), label)

    def _show_calendar(self, report: ProgressReport) -> None:
        for marked in self._marked:
            self.calendar.setDateTextFormat(marked, QTextCharFormat())
        self._marked = []
        most = max(report.practice_days.values(), default=0.0) or 1.0
        tint = accent()
        for practised, minutes in report.practice_days.items():
            shade = QColor(tint)
            shade.setAlpha(70 + int(150 * min(1.0, minutes / most)))
            text = QTextCharFormat()
            text.setBackground(shade)
            text.setForeground(QColor("white"))
            text.setToolTip(f"{minutes:.0f} min of speaking")
            qdate = QDate(practised.year, practised.month, practised.day)
            self.calendar.setDateTextFormat(qdate, text)
            self._marked.append(qdate)
        streak = report.streak
        days_this_month = sum(
            1 for d in report.practice_days if (d.year, d.month) == (self._today().year, self._today().month)
        )
        current = f"Current streak: {streak.current} day{'s' if streak.current != 1 else ''}"
        longest = f"longest: {streak.longest}"
        self.streak.setText(
            f"{current} \N{MIDDLE DOT} {longest} \N{MIDDLE DOT} {days_this_month} practice days this month"
        )
        if not days_this_month and report.practice_days:
            # An empty month says nothing: open on the month of the latest practice instead.
            last = max(report.practice_days)
            self.calendar.setCurrentPage(last.year, last.month)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
