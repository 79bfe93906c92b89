"""The Progress screen: where the candidate stands, what changed, and what to practise next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from interview_coach.controllers.history_controller import HistoryController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.practice_setup import PracticeSetup, focused_on
from interview_coach.domain.progress import MIN_CHANGE, ProgressReport, TrendLine
from interview_coach.domain.questions import category_label
from interview_coach.domain.wording import count_of
from interview_coach.ui.layout_helpers import card, clear_layout, scrolling_page
from interview_coach.ui.practice_calendar import PracticeCalendar
from interview_coach.ui.progress.charts import (
    fill_calibration_chart,
    fill_category_chart,
    fill_length_chart,
    fill_score_trend,
    make_chart_view,
)
from interview_coach.ui.progress.delivery_card import DeliveryCard
from interview_coach.ui.theme import (
    BAD,
    GOOD,
    muted_text_colour,
    scaled_font,
    status_colour,
    style_primary,
)

RANGES = (("All time", None), ("Last 6 months", 182), ("Last 3 months", 91), ("Last 30 days", 30))
ALL_CRITERIA = ""
BEST_SESSION = "Best session"  # how domain.progress.personal_bests words it
MIN_SESSIONS_FOR_BEST = 2  # the best of one session is just that session


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
        self._criterion_lines: dict[str, TrendLine] = {}  # of the report shown, by criterion
        # The first range's report is asked for before the page is built, so it is read meanwhile
        # (showing the page asks again; the controller does not read it twice).
        controller.load_report(range_start(RANGES[0][1], today()), today())
        _outer, layout = scrolling_page(self, margins=24, spacing=12)
        self._build_header(layout)
        self._build_notes(layout)
        self._build_charts(layout)
        layout.addStretch(1)
        scroll = self.findChild(QScrollArea)
        days = self.calendar.findChild(QTableView)
        assert scroll is not None and days is not None
        self._wheel = WheelScrollsPage(scroll.verticalScrollBar(), self)
        for view in (self.trend_view, self.category_view, self.length_view, self.calibration_view, days):
            view.viewport().installEventFilter(self._wheel)
        controller.report_ready.connect(self._report_ready)
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
        # Where you stand first (scores over time and by category), then how long and how often.
        grid.addWidget(self._build_trend_card(), 0, 0)
        grid.addWidget(self._build_category_card(), 0, 1)
        grid.addWidget(self._build_length_card(), 1, 0)
        grid.addWidget(self._build_calendar_card(), 1, 1)
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
        self.calendar = PracticeCalendar("practiceCalendar", minimum_height=240)
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
        self._rebuild()

    def _data_changed(self) -> None:
        if self.isVisible():  # a hidden page reloads when it is shown
            self._rebuild()

    def _report_ready(self, report: ProgressReport) -> None:
        if self.isVisible() and report is not self.report:
            self.show_report(report)

    def _since(self) -> datetime | None:
        return range_start(self.range.currentData(), self._today())

    def _rebuild(self) -> None:
        """Shows the report last made for this range at once, and asks for it again (it is made anew
        only when something was written meanwhile)."""
        since, today = self._since(), self._today()
        cached = self.controller.cached_report(since, today)
        if cached is not None and cached is not self.report:
            self.show_report(cached)
        self.controller.load_report(since, today)

    def show_report(self, report: ProgressReport) -> None:
        self.report = report
        self._criterion_lines.clear()  # each criterion's line is asked for again, for this report
        answers, speaking = report.answer_count, report.speaking_seconds
        if not report.session_count:
            self.headline.setText(
                "No practice in this range yet. Each session you finish adds to these charts."
                if report.practice_days
                else "Nothing to show yet: practise once and your progress appears here."
            )
        else:
            hours, minutes = divmod(round(speaking / 60), 60)
            spoken = f"{hours} h {minutes} min" if hours else f"{minutes} min"
            self.headline.setText(
                f"{count_of(report.session_count, 'session')}, {count_of(answers, 'answer')}, "
                f"{spoken} of speaking in this range."
            )
        self._show_changes(report)
        self._show_focus(report)
        self._fill_criteria(report)
        self._show_trend()
        fill_length_chart(self.length_view.chart(), report.length_trend, report.limit_trend)
        answered, over = report.timed_answers, report.over_limit_answers
        self.length_note.setText(
            f"{over} of {count_of(answered, 'answer')} ran over their limit ({over / answered:.0%})."
            if answered
            else ""
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
        up, down = status_colour(GOOD).name(), status_colour(BAD).name()
        lines = [
            f"<span style='color:{up}'>\N{BLACK UP-POINTING TRIANGLE}</span> {c.describe()}"
            for c in report.improvements
        ]
        lines += [
            f"<span style='color:{down}'>\N{BLACK DOWN-POINTING TRIANGLE}</span> {c.describe()}"
            for c in report.declines
        ]
        gains = [c for c in report.since_start if c.delta >= MIN_CHANGE]
        if gains and report.first_day is not None:
            first = day_label(report.first_day, self._today())
            lines += [
                f"<span style='color:{up}'>\N{BLACK UP-POINTING TRIANGLE}</span> Since {first}: "
                f"{c.name} {c.before:.1f} \N{RIGHTWARDS ARROW} {c.after:.1f}"
                for c in gains[:4]
            ]
        scored = report.scored_session_count
        bests = [t for t in report.personal_bests if scored >= MIN_SESSIONS_FOR_BEST or not t.startswith(BEST_SESSION)]
        lines += [f"\N{BLACK STAR} {text}" for text in bests]
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
            again = QPushButton(
                f"Practise these {count_of(len(keys), 'question')}" if len(keys) != 1 else "Practise this question"
            )
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
        report = self.report
        if report is None:
            return
        criterion = self.criterion.currentData() or None
        if not criterion:
            fill_score_trend(self.trend_view.chart(), report.overall_trend, "Average of all criteria")
            return
        line = self._criterion_lines.get(criterion)
        if line is not None:
            fill_score_trend(self.trend_view.chart(), line, report.name(criterion))
            return

        def arrived(line: TrendLine) -> None:
            if self.report is not report:
                return  # a newer report came meanwhile: it asks for its own line
            self._criterion_lines[criterion] = line
            if self.criterion.currentData() == criterion:
                fill_score_trend(self.trend_view.chart(), line, report.name(criterion))

        self.controller.load_criterion_trend(self._since(), criterion, arrived)

    def _show_calendar(self, report: ProgressReport) -> None:
        self.calendar.shade(report.practice_days)
        streak = report.streak
        today = self._today()
        days_this_month = sum(1 for d in report.practice_days if (d.year, d.month) == (today.year, today.month))
        current = f"Current streak: {count_of(streak.current, 'day')}"
        longest = f"longest: {streak.longest}"
        self.streak.setText(
            f"{current} \N{MIDDLE DOT} {longest} \N{MIDDLE DOT} {days_this_month} practice days this month"
        )
        if not days_this_month and report.practice_days:
            # An empty month says nothing: open on the month of the latest practice instead.
            last = max(report.practice_days)
            self.calendar.setCurrentPage(last.year, last.month)


def day_label(day: date, today: date) -> str:
    """ "03 Dec", with the year when it is not this one (a range of years would be ambiguous without)."""
    return f"{day:%d %b}" if day.year == today.year else f"{day:%d %b %Y}"


class WheelScrollsPage(QObject):
    """The charts and the calendar fill most of a small window and would each keep the wheel (a chart
    for nothing, the calendar to flip months): over them, the wheel scrolls the page."""

    def __init__(self, bar: QScrollBar, parent: QObject) -> None:
        super().__init__(parent)
        self._bar = bar

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:
            QApplication.sendEvent(self._bar, event)
            return True
        return False


def range_start(days: int | None, today: date) -> datetime | None:
    """The first moment of a range of `days` days ending today (None: all time)."""
    if not days:
        return None
    return datetime.combine(today - timedelta(days=days - 1), datetime.min.time()).astimezone()


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\N{HORIZONTAL ELLIPSIS}"
