"""The Journal screen as a candidate uses it: from a new rejection to a session aimed at its feedback,
patterns across entries, and templates to copy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext
from interview_coach.domain.journal import ActionItem, JournalEntry
from interview_coach.domain.records import SELF, AnswerTimings
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage import settings_keys
from interview_coach.storage.journal_repository import JournalRepository
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.settings_repository import SettingsRepository
from interview_coach.ui.journal.entry_list import SUBTITLE
from interview_coach.ui.journal.journal_page import JournalPage

FEEDBACK = "They said I gave no concrete examples"


def on_database_lane(qtbot: QtBot, context: AppContext, work: Callable[[], Any]) -> Any:
    """Runs `work` where the app's own database work runs, and waits for its result."""
    results: list[Any] = []
    context.tasks.run_serial(work, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    return results[0]


def open_journal(qtbot: QtBot, context: AppContext) -> JournalPage:
    context.window.show_page("journal")
    page = context.window.page("journal")
    assert isinstance(page, JournalPage)
    qtbot.waitUntil(lambda: page.controller.state is not None, timeout=10_000)
    return page


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_new_rejection_leads_to_a_session_aimed_at_its_feedback(qtbot: QtBot, app_context: AppContext) -> None:
    db = app_context.database
    # The candidate practises without reading aloud: the targeted session keeps that choice.
    on_database_lane(
        qtbot, app_context, lambda: SettingsRepository(db).set(settings_keys.PRACTICE_SETUP, {"read_aloud": False})
    )
    page = open_journal(qtbot, app_context)

    # First run: the journal explains itself and offers to add the first entry.
    assert page.entries_stack.currentWidget().objectName() == "journalFirstRun"
    click(qtbot, page.first_button)
    qtbot.waitUntil(lambda: page.list.count() == 1 and page.entries_stack.currentIndex() == 2, timeout=10_000)
    editor = page.editor
    qtbot.keyClicks(editor.company, "Lumen Health")
    qtbot.keyClicks(editor.role, "Product designer")
    editor.stage.setCurrentIndex(editor.stage.findData("interview"))
    editor.outcome.setCurrentIndex(editor.outcome.findData("rejected"))
    assert editor.heard_on.date().isValid() and editor.heard_on.text() != "Not yet"  # hearing back is dated
    qtbot.keyClicks(editor.feedback, FEEDBACK)

    # Their words suggest a tag; nothing is tagged until the candidate accepts it.
    qtbot.waitUntil(lambda: editor.suggestion_box.isVisible(), timeout=5_000)
    assert "Specific story" in editor.suggestion_text.text() and "no concrete examples" in editor.suggestion_text.text()
    assert not editor.tag_boxes["specific-story"].isChecked()
    click(qtbot, editor.accept_suggestions)
    assert editor.tag_boxes["specific-story"].isChecked() and editor.suggestion_box.isHidden()
    qtbot.waitUntil(lambda: "behavioural questions" in editor.session_text.text(), timeout=5_000)
    assert "scored first on Specific story" in editor.session_text.text()
    assert page.list.item(0).text() == "Lumen Health" and editor.title.text() == "Product designer at Lumen Health"

    controller = app_context.practice_controller
    previews: list[str] = []
    page.confirm = lambda _parent, _title, text: previews.append(text) or False
    click(qtbot, editor.practise_button)
    qtbot.waitUntil(lambda: len(previews) == 1, timeout=10_000)
    assert previews[0].startswith("Practice for the Lumen Health application (Product designer).")
    assert previews[0].count("\N{BULLET}") == 6 and controller.session_id is None  # a preview, then a choice
    page.confirm = lambda *_args: True
    click(qtbot, editor.practise_button)
    qtbot.waitUntil(lambda: controller.session_id is not None and controller.current is not None, timeout=10_000)
    assert app_context.window.current_page() == "practice"
    setup = controller.setup
    assert setup.criteria_first[0] == "specific-story" and setup.focus_criterion == "specific-story"
    assert not setup.read_aloud
    assert len(controller.plan) == 6
    assert {q.category for q in controller.plan} == {"behavioural"}
    assert all("specific-story" in q.criteria for q in controller.plan)
    controller.end_session()
    qtbot.waitUntil(lambda: controller.phase == "summary", timeout=10_000)
    summary = app_context.window.page("practice").summary_view  # type: ignore[attr-defined]
    assert summary.facts.text().startswith("Practice for the Lumen Health application (Product designer).")

    # The entry was saved as typed, with its tag, before the session started.
    (saved,) = on_database_lane(qtbot, app_context, lambda: JournalRepository(db).entries())
    assert (saved.company, saved.role, saved.stage_reached, saved.outcome) == (
        "Lumen Health", "Product designer", "interview", "rejected"
    )  # fmt: skip
    assert saved.feedback == FEEDBACK and saved.tags == ("specific-story",)
    assert saved.heard_on == date.today()


def _seed(qtbot: QtBot, context: AppContext, entries: list[JournalEntry]) -> None:
    repo = JournalRepository(context.database)
    on_database_lane(qtbot, context, lambda: [repo.add_entry(e) for e in entries])


def test_patterns_read_where_applications_stop_and_offer_practice(qtbot: QtBot, app_context: AppContext) -> None:
    screens = [
        JournalEntry(
            f"Company {n}", "Analyst", date(2026, 3, n), "phone-screen", "rejected", tags=("red-flag-handling",)
        )
        for n in range(1, 5)
    ]
    early = JournalEntry("Northwind", "Analyst", date(2026, 3, 9), "application", "rejected", tags=("cv-cover-letter",))
    step = ActionItem("red-flag-handling", "Write a two-sentence answer about the gap", date(2026, 3, 20))
    late = JournalEntry("Fabrikam", "Analyst", date(2026, 3, 12), "final-round", "waiting", actions=(step,))
    _seed(qtbot, app_context, [*screens, early, late])
    page = open_journal(qtbot, app_context)
    assert page.list.count() == 6 and page.list.item(0).text() == "Fabrikam"  # newest first
    page.tabs.setCurrentIndex(1)
    patterns = page.patterns
    assert "after the phone screen (4 of 5 rejections)" in patterns.headline.text()
    assert "red-flag" in patterns.advice.text() and "fit" in patterns.advice.text()
    assert patterns.practise_button.isVisible() and "handling of red flags" in patterns.practise_button.text()
    named = patterns.findChild(QWidget, "namedBar-red-flag-handling")
    assert named is not None and named.value() == 4  # type: ignore[attr-defined]
    steps = [w.text() for w in patterns.findChildren(QWidget, "openStep")]  # type: ignore[attr-defined]
    assert len(steps) == 1 and "two-sentence answer" in steps[0] and "Fabrikam" in steps[0]

    controller = app_context.practice_controller
    page.confirm = lambda *_args: True
    click(qtbot, patterns.practise_button)
    qtbot.waitUntil(lambda: controller.session_id is not None and controller.current is not None, timeout=10_000)
    assert controller.plan[0].category == "red-flag"
    assert controller.setup.criteria_first[0] == "red-flag-handling"
    # The score sheet lists the targeted point first, ahead of the rubric's own order.
    assert controller.current is not None and controller.current.criteria[0].id == "red-flag-handling"
    practice_page = app_context.window.page("practice")
    assert practice_page.session_view.sheet.rows[0].criterion.id == "red-flag-handling"
    controller.end_session()
    qtbot.waitUntil(lambda: controller.phase == "summary", timeout=10_000)


def test_templates_fill_from_an_entry_copy_and_keep_the_users_edits(qtbot: QtBot, app_context: AppContext) -> None:
    _seed(qtbot, app_context, [JournalEntry("Contoso", "Support lead", date(2026, 4, 2), "interview", "rejected",
                                            contact="Dana Reyes")])  # fmt: skip
    page = open_journal(qtbot, app_context)
    page.tabs.setCurrentIndex(2)
    view = page.templates
    assert view.list.count() == 5
    view.list.setCurrentRow(0)  # asking for feedback after a rejection
    assert view.entry_choice.currentText() == "Support lead at Contoso"
    qtbot.keyClicks(view.your_name, "Alex Kim")
    preview = view.preview.toPlainText()
    assert "Dear Dana Reyes," in preview and "Support lead" in preview and "Alex Kim" in preview
    assert "{" not in preview
    copied: list[str] = []
    view.copy_text = copied.append
    click(qtbot, view.copy_button)
    assert copied[0].startswith("Subject: ") and "Dear Dana Reyes," in copied[0]

    view.tabs.setCurrentIndex(1)
    view.body.setPlainText("Hi {interviewer}, could you share one thing I could do better? {your_name}")
    view.flush()
    qtbot.waitUntil(lambda: view.reset_button.isEnabled(), timeout=5_000)
    assert view.list.item(0).data(SUBTITLE) == "Your edited version"
    edits = on_database_lane(qtbot, app_context, lambda: JournalRepository(app_context.database).template_edits())
    assert edits["feedback-request"].body.startswith("Hi {interviewer}")
    view.tabs.setCurrentIndex(0)
    assert view.preview.toPlainText().startswith("Subject:") and "Hi Dana Reyes" in view.preview.toPlainText()

    click(qtbot, view.reset_button)
    qtbot.waitUntil(lambda: not view.reset_button.isEnabled(), timeout=5_000)
    assert "Thank you for letting me know" in view.body.toPlainText()
    assert on_database_lane(qtbot, app_context, lambda: JournalRepository(app_context.database).template_edits()) == {}


def test_a_blank_entry_is_dropped_when_left_and_deleting_asks_first(qtbot: QtBot, app_context: AppContext) -> None:
    seeded = JournalEntry(
        "Contoso", "Support lead", date(2026, 4, 2), feedback="Too vague.", tags=("specific-story",),
        actions=(ActionItem("cv-cover-letter", "Rewrite the summary", date(2026, 5, 1)),),
    )  # fmt: skip
    _seed(qtbot, app_context, [seeded])
    page = open_journal(qtbot, app_context)
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: page.list.count() == 2, timeout=10_000)
    assert page.editor.title.text() == "New entry"
    page.list.setCurrentRow(1)  # leave it without typing anything
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=10_000)
    assert page.list.item(0).text() == "Contoso"

    asked: list[str] = []
    page.confirm = lambda _parent, _title, text: asked.append(text) or False
    click(qtbot, page.editor.delete_button)
    assert asked and "Support lead at Contoso" in asked[0] and page.list.count() == 1
    page.confirm = lambda *_args: True
    click(qtbot, page.editor.delete_button)
    qtbot.waitUntil(lambda: page.entries_stack.currentWidget().objectName() == "journalFirstRun", timeout=10_000)
    assert on_database_lane(qtbot, app_context, lambda: JournalRepository(app_context.database).entries()) == []

    # Until the app closes, the banner's Undo puts it back whole.
    banner = page.banners.banner("journal-deleted")
    assert banner is not None and "Deleted the entry “Support lead at Contoso”." in banner.text()
    banner._action.click()
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=10_000)
    (back,) = on_database_lane(qtbot, app_context, lambda: JournalRepository(app_context.database).entries())
    assert (back.company, back.feedback, back.tags) == ("Contoso", "Too vague.", ("specific-story",))
    assert [(a.area, a.action, a.due_on) for a in back.actions] == [
        ("cv-cover-letter", "Rewrite the summary", date(2026, 5, 1))
    ]
    assert "journal-deleted" not in page.banners.visible_texts()


def test_progress_since_shows_how_the_tagged_point_moved_in_practice(qtbot: QtBot, app_context: AppContext) -> None:
    question = {"bank_id": "behavioural", "id": "q", "key": "behavioural/q", "text": "Tell me about a time...",
                "category": "behavioural", "tags": [], "think_seconds": 30, "answer_seconds": 120,
                "strong_answer": "", "follow_ups": [], "criteria": ["specific-story"], "handling": ""}  # fmt: skip
    rubric = {"id": "default", "title": "Rubric", "criteria": [{"id": "specific-story", "name": "Specific story"}]}
    now = [datetime(2026, 5, 1, 19, 0, tzinfo=timezone.utc)]

    def practise() -> None:
        repo = PracticeRepository(app_context.database, lambda: now[0])
        for day, score in ((1, 2), (4, 2), (10, 4), (12, 5)):  # two sessions before the news, two after
            now[0] = datetime(2026, 5, day, 19, 0, tzinfo=timezone.utc)
            session = repo.create_session("solo", {})
            answer = repo.add_answer(
                session.id,
                1,
                QuestionSnapshot.from_json(question),
                RubricSnapshot.from_json(rubric),
                AnswerTimings(30, 120),
            )
            repo.update_answer(answer.id, status="recorded")
            repo.add_scores(answer.id, SELF, {"specific-story": score})
            repo.end_session(session.id)

    on_database_lane(qtbot, app_context, practise)
    heard = datetime(2026, 5, 8, 12, 0, tzinfo=timezone.utc).astimezone().date()
    tags = ("specific-story", "skills")
    entry = JournalEntry("Kestrel Energy", "Coordinator", date(2026, 4, 20), "interview", "rejected", tags=tags)
    _seed(qtbot, app_context, [replace(entry, heard_on=heard)])
    page = open_journal(qtbot, app_context)
    editor = page.editor
    editor.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: editor.progress_report is not None, timeout=10_000)
    (movement,) = editor.progress_report.movements  # only criteria are followed; skills is for the action plan
    assert (movement.criterion, movement.before, movement.after, movement.sessions_since) == (
        "specific-story", 2.0, 4.5, 2
    )  # fmt: skip
    assert editor.progress_card.isVisible() and editor.progress_chart.isVisible()
    change = page.findChild(QLabel, "movement-specific-story-4")
    assert change is not None and "+2.5" in change.text()


def test_journal_controls_have_names_for_screen_readers(qtbot: QtBot, app_context: AppContext) -> None:
    _seed(qtbot, app_context, [JournalEntry("Contoso", "Support lead", date(2026, 4, 2),
                                            actions=(ActionItem("skills", "Finish the SQL course"),))])  # fmt: skip
    page = open_journal(qtbot, app_context)
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=10_000)
    for index in range(3):
        page.tabs.setCurrentIndex(index)
    for name in (
        "addEntryButton",
        "journalEntryList",
        "entryCompany",
        "entryFeedback",
        "entryStage",
        "entryOutcome",
        "practiseFromFeedbackButton",
        "actionTable",
        "funnelChart",
        "templateList",
        "copyTemplateButton",
    ):
        assert page.findChild(QWidget, name) is not None, name  # fmt: skip
    controls = [
        w
        for kind in (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QDateEdit)
        for w in page.findChildren(kind)
        if not w.objectName().startswith("qt_") and not isinstance(w.parent(), QDateEdit | QComboBox)
    ]
    unnamed = [w.objectName() or type(w).__name__ for w in controls if not (w.accessibleName() or _text(w))]
    assert unnamed == []


def _text(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    return str(text()) if callable(text) and isinstance(widget, QAbstractButton) else ""
