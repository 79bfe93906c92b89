"""Captures each screen of the real app in a real X11 window (Xvfb) for the README and for review.

Usage: python scripts/screenshots.py [OUT_DIR] [--theme light|dark] [--size WIDTHxHEIGHT]
`make screenshots` takes the README's set (light, 1100x720) and the review sets of every screen in both
themes at 1600x1000 and 1280x720 (docs/screenshots/review/). Needs Xvfb. Uses a throw-away data
folder, so it never touches your own sessions.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import virtual_display  # noqa: E402

SIZE = [1100, 720]  # the main window's size for this run (--size)


def _apply_theme(app, theme: str) -> None:  # type: ignore[no-untyped-def]
    """Dark: the palette a dark desktop gives Qt (Xvfb has no desktop to ask), on the app's own style."""
    if theme != "dark":
        return
    from PySide6.QtGui import QColor, QPalette

    from interview_coach.ui.contrast_style import ContrastStyle

    app.setStyle(ContrastStyle("Fusion"))
    role = QPalette.ColorRole
    palette = QPalette()
    for which, colour in (
        (role.Window, "#353535"), (role.WindowText, "#ffffff"), (role.Base, "#2a2a2a"),
        (role.AlternateBase, "#424242"), (role.Text, "#ffffff"), (role.Button, "#353535"),
        (role.ButtonText, "#ffffff"), (role.Highlight, "#2a82da"), (role.HighlightedText, "#ffffff"),
        (role.Mid, "#404040"), (role.Dark, "#232323"), (role.Light, "#505050"), (role.Shadow, "#141414"),
        (role.ToolTipBase, "#353535"), (role.ToolTipText, "#ffffff"), (role.PlaceholderText, "#a0a0a0"),
        (role.Link, "#7fb2ff"), (role.BrightText, "#ff5555"),
    ):  # fmt: skip
        palette.setColor(which, QColor(colour))
    app.setPalette(palette)


def capture(out_dir: Path, theme: str = "light") -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer

    from interview_coach.app import build_context, create_application

    app = create_application()
    _apply_theme(app, theme)
    context = build_context(Path(tempfile.mkdtemp(prefix="ic-shots-")))
    loop = QEventLoop()
    context.library.loaded.connect(loop.quit)
    context.start()
    QTimer.singleShot(15_000, loop.quit)
    loop.exec()
    window = context.window
    window.resize(*SIZE)
    saved = []
    for name, setup in SCREENS:
        window.show_page(name.split("-")[0])  # "library-role-packs" is the library, set up otherwise
        setup(window)
        for _ in range(5):
            app.processEvents()
        path = out_dir / f"{name}.png"
        window.grab().save(str(path))
        saved.append(path)
    saved.append(_preferences(context, out_dir))
    saved.append(_journal_first_run(context, app, out_dir))
    saved += _practice(context, app, out_dir)
    saved += _friend(context, app, out_dir)
    window.close()
    context.close()
    saved += _history(app, out_dir)
    return saved


def _history(app, out_dir: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """History, Review, all attempts and Progress on a realistic practice history (6 months, 80
    sessions, 700 answers, a few real spoken recordings), generated into a throw-away folder."""
    from bench.demo_data import generate
    from bench.demo_journal import generate_journal
    from interview_coach.app import build_context
    from interview_coach.storage.database import open_database
    from interview_coach.storage.locations import DataLayout

    folder = Path(tempfile.mkdtemp(prefix="ic-shots-history-"))
    layout = DataLayout(folder)
    layout.ensure()
    connection = open_database(layout.database)
    generate(connection, sessions=80, answers=700, months=6, recordings_root=folder, recordings=12)
    generate_journal(connection)
    connection.close()
    context = build_context(folder)
    context.start()
    _wait(app, lambda: context.library.library is not None)
    window = context.window
    window.resize(*SIZE)
    window.show_page("history")
    page = window.page("history")
    _wait(app, lambda: page.list.model.rowCount() > 0)
    shots = [_shot(app, window, out_dir / "history.png")]
    from interview_coach.storage.history_repository import load_history

    history = load_history(context.database)  # every session in full, to choose what to show
    recorded = [a for a in history.answers() if a.recording_path]
    chosen = max(recorded, key=lambda a: (len(a.friend_scores), bool(a.note_text), a.created_at))
    page.open_session(chosen.session_id)
    _wait(app, lambda: page.stack.currentWidget() is page.review)  # read in the background
    ids = [a.answer_id for a in page.review.subject.answers]
    page.review.answers.setCurrentRow(ids.index(chosen.answer_id))
    _wait(app, lambda: page.player.play_button.isEnabled())
    page.player.seek(page.player.waveform.duration * 0.4)
    shots.append(_shot(app, window, out_dir / "review.png"))
    counts: dict[str, int] = {}
    for answer in history.answers():
        counts[answer.question_key] = counts.get(answer.question_key, 0) + 1
    page.open_attempts(max(counts, key=lambda k: counts[k]))
    _wait(app, lambda: page.review.subject is not None and page.review.subject.session_id is None)
    _wait(app, lambda: page.review.panel.detail is not None)
    shots.append(_shot(app, window, out_dir / "attempts.png"))
    window.show_page("progress")
    progress = window.page("progress")
    _wait(app, lambda: progress.report is not None)
    _wait(app, lambda: False, 0.5)
    shots.append(_shot(app, window, out_dir / "progress.png"))
    from PySide6.QtWidgets import QScrollArea

    scroll = progress.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    shots.append(_shot(app, window, out_dir / "progress-calendar.png"))
    window.show_page("today")  # a returning user's home: the data folder has sessions
    _wait(app, lambda: context.today.data is not None)
    shots.append(_shot(app, window, out_dir / "today.png"))
    shots += _journal(app, context, out_dir)
    shots.append(_reviewer(app, context, folder, out_dir))
    window.close()
    context.close()
    return shots


def _reviewer(app, context, folder: Path, out_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    """A friend's reviewer window on a review pack of a session with recordings, two answers scored."""
    from interview_coach.storage.database import open_database
    from interview_coach.storage.review_pack import export_review_pack

    connection = open_database(context.layout.database)
    session_id = connection.execute(
        "SELECT session_id FROM answers WHERE recording_path IS NOT NULL GROUP BY session_id "
        "ORDER BY count(*) DESC, session_id DESC LIMIT 1"
    ).fetchone()[0]
    pack = folder / "for-sam.icreview"
    export_review_pack(connection, folder, session_id, pack, candidate_name="Alex")
    connection.close()
    actions = context.review_actions
    actions.choose_open = lambda *_: str(pack)
    actions.open_pack()
    _wait(app, lambda: any(w.isVisible() for w in actions.windows.values()))
    (window,) = [w for w in actions.windows.values() if w.isVisible()]
    window.resize(1200, 800)
    window.name.setText("Sam")
    _wait(app, lambda: window.player.play_button.isEnabled(), 10)
    for row, value in zip(window.sheet.rows, [4, 3, 4, 2], strict=False):
        row.setFocus()
        row.scored.emit(row.criterion.id, value)
    window.notes.setPlainText("The story is good, but say the result in the first minute.")
    shot = _shot(app, window, out_dir / "reviewer.png")
    window.close()
    return shot


def _journal(app, context, out_dir: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """The Journal on the demo journal (bench/demo_journal.py): an entry with suggested tags, the tags and
    action plan, progress since, the patterns across entries, and a template filled in from an entry."""
    window = context.window
    window.show_page("journal")
    page = window.page("journal")
    _wait(app, lambda: page.controller.state is not None and page.list.count() > 0)
    entries = {e.company: e for e in page.controller.state.entries}
    page.open_entry(entries["Tandem Bank"].id)
    _wait(app, lambda: False, 0.5)  # suggestions appear after a pause
    shots = [_shot(app, window, out_dir / "journal-entry.png")]
    page.open_entry(entries["Lumen Health"].id)
    page.editor.tabs.setCurrentIndex(2)
    shots.append(_shot(app, window, out_dir / "journal-plan.png"))
    page.open_entry(entries["Kestrel Energy"].id)
    page.editor.tabs.setCurrentIndex(3)
    _wait(app, lambda: page.editor.progress_card.isVisible())
    shots.append(_shot(app, window, out_dir / "journal-progress.png"))
    page.editor.tabs.setCurrentIndex(0)
    page.tabs.setCurrentIndex(1)
    _wait(app, lambda: False, 0.3)
    shots.append(_shot(app, window, out_dir / "journal-patterns.png"))
    page.open_entry(entries["Northwind Logistics"].id)
    page.tabs.setCurrentIndex(2)
    page.templates.list.setCurrentRow(1)  # the thank-you note, with what to fill in by hand highlighted
    shots.append(_shot(app, window, out_dir / "journal-templates.png"))
    return shots


def _journal_first_run(context, app, out_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    window = context.window
    window.show_page("journal")
    page = window.page("journal")
    _wait(app, lambda: page.controller.state is not None)
    return _shot(app, window, out_dir / "journal-first-run.png")


def _preferences(context, out_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from interview_coach.ui.settings_dialog import SettingsDialog

    context.show_preferences()
    dialog = context.window.findChild(SettingsDialog)
    loop = QEventLoop()
    QTimer.singleShot(3000, loop.quit)  # voices, devices and the level meter arrive in the background
    loop.exec()
    QApplication.processEvents()
    path = out_dir / "preferences.png"
    dialog.grab().save(str(path))
    dialog.reject()
    return path


def _wait(app, condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _shot(app, widget, path: Path) -> Path:  # type: ignore[no-untyped-def]
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(path))
    return path


def _practice(context, app, out_dir: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """Setup, a question being thought about, an answer being recorded, the score sheet, the summary."""
    from interview_coach.domain.practice_setup import PracticeSetup
    from tests.support.speech import make_speech

    window = context.window
    window.show_page("practice")
    page = window.page("practice")
    _wait(app, lambda: page.setup_view.banks.count() > 0)
    page.setup_view.apply_preset("red-flags")
    shots = [_shot(app, window, out_dir / "practice-setup.png")]
    controller = page.controller
    speech = make_speech(out_dir.parent / "speech-for-screenshots.wav")
    feeder_audio = _AUDIO[0]
    page.start(PracticeSetup(categories=("red-flag",), question_count=2, think_seconds=20, answer_seconds=60))
    _wait(app, lambda: controller.phase == "thinking")
    _wait(app, lambda: False, 1.5)
    shots.append(_shot(app, window, out_dir / "practice-thinking.png"))
    controller.start_answer()
    _wait(app, lambda: controller.phase == "answering")
    feeder = feeder_audio.play_into_microphone(speech)
    _wait(app, lambda: False, 4.0)
    shots.append(_shot(app, window, out_dir / "practice-answering.png"))
    controller.stop_answer()
    feeder.terminate()
    _wait(app, lambda: controller.phase == "scoring")
    # Two points scored: the third lists what each of its levels means, as the candidate sees it.
    for criterion, value in zip([c.id for c in controller.current.criteria][:2], [3, 4], strict=False):
        controller.set_score(criterion, value)
    sheet = page.session_view.sheet
    sheet.set_current(sheet.rows[2] if len(sheet.rows) > 2 else None)
    page.session_view.notes.setPlainText("Too long on the reason; say what I learned sooner.")
    shots.append(_shot(app, window, out_dir / "practice-scoring.png"))
    controller.next_question()
    controller.end_session()
    _wait(app, lambda: controller.phase == "summary")
    shots.append(_shot(app, window, out_dir / "practice-summary.png"))
    speech.unlink()
    return shots


def _friend(context, app, out_dir: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """Friend mode: the interviewer's window while the answer is recorded, then both windows scoring."""
    from interview_coach.domain.practice_setup import PracticeSetup
    from tests.support.speech import make_speech

    window = context.window
    window.show_page("practice")
    page = window.page("practice")
    page.show_setup()
    _wait(app, lambda: page.setup_view.banks.count() > 0)
    controller = page.controller
    speech = make_speech(out_dir.parent / "speech-for-screenshots.wav")
    setup = PracticeSetup(categories=("behavioural",), question_count=3, think_seconds=20, answer_seconds=120,
                          read_aloud=False, mode="friend", friend_name="Sam")  # fmt: skip
    page.setup_view.apply_setup(setup)
    shots = [_shot(app, window, out_dir / "friend-setup.png")]
    page.start(setup)
    _wait(app, lambda: controller.phase == "thinking" and page.interviewer is not None)
    interviewer = page.interviewer
    interviewer.resize(1200, 800)
    controller.start_answer()
    _wait(app, lambda: controller.phase == "answering")
    feeder = _AUDIO[0].play_into_microphone(speech)
    _wait(app, lambda: False, 3.0)
    controller.ask_follow_up(controller.current.question.follow_ups[0], "bank")
    _wait(app, lambda: False, 1.5)
    shots.append(_shot(app, interviewer, out_dir / "friend-interviewer.png"))
    shots.append(_shot(app, window, out_dir / "friend-candidate.png"))
    controller.stop_answer()
    feeder.terminate()
    _wait(app, lambda: controller.phase == "scoring")
    for criterion, value in zip([c.id for c in controller.current.criteria], [4, 4, 3, 4, 3], strict=False):
        controller.set_score(criterion, value)
    for criterion, value in zip([c.id for c in controller.current.friend_criteria], [2, 4, 3, 3, 3, 4, 4],
                                strict=False):  # fmt: skip
        controller.set_friend_score(criterion, value)
    interviewer.notes.setPlainText("Good energy. The result came only at the very end: lead with it.")
    _wait(app, lambda: interviewer.comparison.isVisible())
    shots.append(_shot(app, interviewer, out_dir / "friend-interviewer-scored.png"))
    shots.append(_shot(app, window, out_dir / "friend-candidate-scored.png"))
    controller.end_session()
    _wait(app, lambda: controller.phase == "summary")
    speech.unlink()
    return shots


_AUDIO: list = []  # type: ignore[type-arg]


def _library(window) -> None:  # type: ignore[no-untyped-def]
    view = window.page("library")
    view.category.setCurrentIndex(view.category.findData("red-flag"))
    view.select_question("red-flags/employment-gap")


def _role_packs(window) -> None:  # type: ignore[no-untyped-def]
    """The role packs, one of the new ones open (a nurse's question)."""
    view = window.page("library")
    view.category.setCurrentIndex(view.category.findData("role-specific"))
    catalogue = view._library.catalogue
    view.select_question(next(q.key for q in catalogue.questions() if q.bank_id == "role-nursing"))


SCREENS = [("welcome", lambda w: None), ("library", _library), ("library-role-packs", _role_packs)]


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--size", default="1100x720", help="the main window's size, e.g. 1600x1000")
    args = parser.parse_args()
    SIZE[:] = [int(n) for n in args.size.lower().split("x")]
    out_dir = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    from tests.support.virtual_audio import VirtualAudio

    audio = VirtualAudio.start()  # devices to list, never the real sound card
    audio.export()
    _AUDIO.append(audio)
    try:
        with virtual_display() as display:
            if display is None:
                print("Xvfb is needed for screenshots of a real window (apt-get install xvfb)", file=sys.stderr)
                return 1
            os.environ["DISPLAY"] = display
            os.environ["QT_QPA_PLATFORM"] = "xcb"
            for path in capture(out_dir, args.theme):
                print(path)
    finally:
        audio.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
