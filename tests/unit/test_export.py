"""JSON and CSV exports and the session report, built from data saved the way the practice screens save it."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest

from interview_coach import __version__
from interview_coach.domain.delivery import analyse_delivery
from interview_coach.domain.library import Library
from interview_coach.domain.records import SELF, AnswerTimings, Scorer
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage import export
from interview_coach.storage.analysis_repository import AnalysisRepository
from interview_coach.storage.database import open_database
from interview_coach.storage.export import ExportError, export_csv, export_json, export_to_file
from interview_coach.storage.library import load_library
from interview_coach.storage.practice_repository import PracticeRepository
from interview_coach.storage.session_report import session_report_html
from tests.support.timed_words import timed_words

START = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
SAM = Scorer("friend", "Sam")
AWKWARD_NOTE = 'Too long, "really"\nNext time: lead with the result'


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(None)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_database(tmp_path / "db.sqlite3")
    yield connection
    connection.close()


@dataclass
class Saved:
    repo: PracticeRepository
    first_session: int
    second_session: int
    answer: int  # first session, position 1, attempt 1: scored by you (twice) and Sam, with notes
    redo: int  # position 1, attempt 2: no score, no note
    skipped: int  # position 2, skipped
    later: int  # second session's only answer
    question: QuestionSnapshot
    rubric: RubricSnapshot


def _snapshots(
    library: Library, key: str, criteria: list[str] | None = None
) -> tuple[QuestionSnapshot, RubricSnapshot]:
    question = library.catalogue.question(key)
    assert question is not None
    rubric = library.default_rubric
    chosen = None if criteria is None else [c for c in rubric.criteria if c.id in criteria]
    return QuestionSnapshot.of(question), RubricSnapshot.of(rubric, chosen)


@pytest.fixture
def saved(db: sqlite3.Connection, library: Library) -> Saved:
    repo = PracticeRepository(db, FakeClock())
    first = repo.create_session("solo", {"rubric": "default", "setup": {"question_count": 2}})
    question, rubric = _snapshots(library, "opening/tell-me-about-yourself", ["specific-story", "fit", "delivery"])
    answer = repo.add_answer(first.id, 1, question, rubric, AnswerTimings(30, 120))
    repo.update_answer(
        answer.id,
        status="recorded",
        recording_path=f"recordings/{first.id}/01-1a2b3c4d.flac",
        timings=AnswerTimings(30, 120, 12.345, 131.5, 1.25, True, 0.42),
    )
    repo.add_scores(answer.id, SELF, {"specific-story": 2, "fit": 3, "delivery": 4})
    repo.add_scores(answer.id, SAM, {"fit": 5, "delivery": 2})
    repo.add_scores(answer.id, SELF, {"fit": 4})  # a re-score: 3 stays in the history
    repo.set_note(answer.id, SELF, "first draft")
    repo.set_note(answer.id, SELF, AWKWARD_NOTE)
    repo.set_note(answer.id, SAM, "Good eye contact <b>really</b> & calm")
    repo.add_follow_up(answer.id, "What was the <result>?", "bank", 42.5)
    repo.add_follow_up(answer.id, "Why then?", "custom", None)
    redo = repo.add_answer(first.id, 1, question, rubric, AnswerTimings(30, 120))
    repo.update_answer(redo.id, status="recorded", timings=AnswerTimings(30, 120, 5.0, 80.0))
    gap, gap_rubric = _snapshots(library, "red-flags/employment-gap", ["fit", "structure", "red-flag-handling"])
    skipped = repo.add_answer(first.id, 2, gap, gap_rubric, AnswerTimings(20, 90))
    repo.update_answer(skipped.id, status="skipped")
    repo.end_session(first.id)
    second = repo.create_session("solo", {})
    later = repo.add_answer(second.id, 1, gap, gap_rubric, AnswerTimings(20, 90, 8.0, 60.0))
    repo.add_scores(later.id, SELF, {"red-flag-handling": 3})
    repo.end_session(second.id, "abandoned")
    return Saved(repo, first.id, second.id, answer.id, redo.id, skipped.id, later.id, question, rubric)


def _json(db: sqlite3.Connection, sessions: list[int] | None = None) -> dict[str, Any]:
    out = io.StringIO()
    export_json(db, out, sessions, clock=lambda: datetime(2027, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    document: dict[str, Any] = json.loads(out.getvalue())
    return document


def _csv(db: sqlite3.Connection, sessions: list[int] | None = None) -> tuple[str, list[dict[str, str]]]:
    out = io.StringIO(newline="")
    export_csv(db, out, sessions)
    return out.getvalue(), list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


# JSON


def test_json_export_names_its_format_and_lists_sessions_oldest_first(db: sqlite3.Connection, saved: Saved) -> None:
    document = _json(db)
    assert document["format"] == "interview-coach-export" and document["version"] == 1
    assert document["exported_at"] == "2027-01-02T03:04:05.000+00:00"
    assert document["app_version"] == __version__ and document["schema_version"] >= 2
    first, second = document["sessions"]
    assert [first["id"], second["id"]] == [saved.first_session, saved.second_session]
    assert first["mode"] == "solo" and first["status"] == "finished" and second["status"] == "abandoned"
    assert first["started_at"] == "2026-11-01T09:00:01.000+00:00" and first["finished_at"] > first["started_at"]
    assert first["settings"] == {"rubric": "default", "setup": {"question_count": 2}}
    assert [(a["position"], a["attempt"]) for a in first["answers"]] == [(1, 1), (1, 2), (2, 1)]


def test_json_export_keeps_every_stored_detail_of_an_answer(db: sqlite3.Connection, saved: Saved) -> None:
    answer = _json(db)["sessions"][0]["answers"][0]
    assert answer["id"] == saved.answer and answer["status"] == "recorded"
    assert answer["question_key"] == "opening/tell-me-about-yourself" and answer["category"] == "opening"
    assert answer["question"] == json.loads(json.dumps(saved.question.to_json()))  # the whole snapshot, as asked
    assert answer["rubric"] == json.loads(json.dumps(saved.rubric.to_json()))
    assert answer["recording"] == f"recordings/{saved.first_session}/01-1a2b3c4d.flac"
    assert answer["timings"] == {
        "think_limit_seconds": 30,
        "answer_limit_seconds": 120,
        "think_seconds": 12.345,
        "answer_seconds": 131.5,
        "speech_onset_seconds": 1.25,
        "over_limit": True,
        "cue_end_seconds": 0.42,
    }
    assert answer["created_at"].startswith("2026-11-01T09:00:")


def test_json_export_has_current_scores_per_scorer_and_the_whole_history(db: sqlite3.Connection, saved: Saved) -> None:
    answer = _json(db)["sessions"][0]["answers"][0]
    current = answer["scores"]["current"]
    assert [c["scorer"] for c in current] == [{"kind": "self", "name": ""}, {"kind": "friend", "name": "Sam"}]
    assert current[0]["values"] == {"specific-story": 2, "fit": 4, "delivery": 4}  # the re-score wins
    assert list(current[0]["values"]) == ["specific-story", "fit", "delivery"]  # rubric order
    assert current[1]["values"] == {"fit": 5, "delivery": 2}
    assert current[0]["scored_at"] > current[1]["scored_at"]
    history = answer["scores"]["history"]
    stored = db.execute("SELECT count(*) FROM scores WHERE answer_id = ?", (saved.answer,)).fetchone()[0]
    assert len(history) == stored == 6
    assert [(h["criterion_id"], h["value"], h["scorer"]["name"]) for h in history] == [
        ("specific-story", 2, ""),
        ("fit", 3, ""),
        ("delivery", 4, ""),
        ("fit", 5, "Sam"),
        ("delivery", 2, "Sam"),
        ("fit", 4, ""),
    ]
    assert all(h["id"] and h["scored_at"] for h in history)


def test_json_export_keeps_each_authors_note(db: sqlite3.Connection, saved: Saved) -> None:
    notes = _json(db)["sessions"][0]["answers"][0]["notes"]
    assert [(n["author"], n["body"]) for n in notes] == [
        ({"kind": "self", "name": ""}, AWKWARD_NOTE),
        ({"kind": "friend", "name": "Sam"}, "Good eye contact <b>really</b> & calm"),
    ]
    assert notes[0]["updated_at"] > notes[0]["created_at"]  # edited once


def test_json_export_lists_the_follow_ups_a_friend_asked_with_their_time(db: sqlite3.Connection, saved: Saved) -> None:
    follow_ups = _json(db)["sessions"][0]["answers"][0]["follow_ups"]
    assert follow_ups == [
        {"text": "What was the <result>?", "source": "bank", "asked_at_seconds": 42.5},
        {"text": "Why then?", "source": "custom", "asked_at_seconds": None},
    ]


def test_answers_without_scores_export_empty_lists(db: sqlite3.Connection, saved: Saved) -> None:
    skipped = _json(db)["sessions"][0]["answers"][2]
    assert skipped["status"] == "skipped" and skipped["recording"] is None
    assert skipped["scores"] == {"current": [], "history": []} and skipped["notes"] == []
    assert skipped["follow_ups"] == []
    assert skipped["timings"]["answer_seconds"] is None and skipped["timings"]["over_limit"] is False


def test_a_session_filter_exports_only_that_session(db: sqlite3.Connection, saved: Saved) -> None:
    document = _json(db, [saved.second_session])
    assert [s["id"] for s in document["sessions"]] == [saved.second_session]
    assert [a["id"] for a in document["sessions"][0]["answers"]] == [saved.later]
    _, rows = _csv(db, [saved.second_session])
    assert [r["answer_id"] for r in rows] == [str(saved.later)]


def test_an_unknown_session_is_an_error_naming_it(db: sqlite3.Connection, saved: Saved) -> None:
    with pytest.raises(ExportError, match="There is no session 99"):
        export_json(db, io.StringIO(), [99])
    with pytest.raises(ExportError, match="There is no session 99"):
        export_csv(db, io.StringIO(), [saved.first_session, 99])


def test_an_empty_database_exports_a_valid_empty_document(db: sqlite3.Connection) -> None:
    assert _json(db)["sessions"] == []
    text, rows = _csv(db)
    assert rows == [] and text.startswith("session_id,")


def test_the_export_reads_in_bulk_not_once_per_answer(db: sqlite3.Connection, library: Library) -> None:
    """10,000 answers must export in seconds: the number of queries may not grow with the answers."""
    repo = PracticeRepository(db, FakeClock())
    question, rubric = _snapshots(library, "opening/tell-me-about-yourself")

    def queries_to_export() -> int:
        statements: list[str] = []
        db.set_trace_callback(statements.append)
        try:
            export_json(db, io.StringIO())
            export_csv(db, io.StringIO())
        finally:
            db.set_trace_callback(None)
        return len(statements)

    session = repo.create_session("solo")
    answer = repo.add_answer(session.id, 1, question, rubric)
    repo.add_scores(answer.id, SELF, {"fit": 3})
    few = queries_to_export()
    for position in range(2, 40):
        answer = repo.add_answer(session.id, position, question, rubric)
        repo.add_scores(answer.id, SELF, {"fit": 3})
        repo.set_note(answer.id, SELF, "note")
    assert queries_to_export() == few


# CSV


def test_csv_has_one_row_per_answer_and_scorer_with_a_column_per_criterion(
    db: sqlite3.Connection, saved: Saved
) -> None:
    _, rows = _csv(db)
    header = list(rows[0])
    assert header[: len(export.CSV_COLUMNS_BEFORE_SCORES)] == list(export.CSV_COLUMNS_BEFORE_SCORES)
    # Every criterion met, merged in rubric order across the snapshots, then the note.
    assert header[len(export.CSV_COLUMNS_BEFORE_SCORES) :] == [
        "score:specific-story",
        "score:fit",
        "score:structure",
        "score:red-flag-handling",
        "score:delivery",
        "note",
        *export.DELIVERY_COLUMNS,
    ]
    keyed = [(r["answer_id"], r["scorer_kind"], r["scorer_name"]) for r in rows]
    assert keyed == [
        (str(saved.answer), "self", ""),
        (str(saved.answer), "friend", "Sam"),
        (str(saved.redo), "", ""),
        (str(saved.skipped), "", ""),
        (str(saved.later), "self", ""),
    ]
    mine, sams, redo, skipped, later = rows
    assert (mine["score:specific-story"], mine["score:fit"], mine["score:delivery"]) == ("2", "4", "4")
    assert mine["score:structure"] == "" and mine["note"] == AWKWARD_NOTE
    assert (sams["score:fit"], sams["score:delivery"], sams["score:specific-story"]) == ("5", "2", "")
    assert sams["note"] == "Good eye contact <b>really</b> & calm"
    assert redo["scored_at"] == "" and redo["note"] == ""
    assert all(redo[c] == "" for c in header if c.startswith("score:"))
    assert skipped["answer_status"] == "skipped" and later["score:red-flag-handling"] == "3"


def test_csv_gives_session_question_and_timings(db: sqlite3.Connection, saved: Saved) -> None:
    _, rows = _csv(db)
    row = rows[0]
    assert row["session_id"] == str(saved.first_session) and row["session_mode"] == "solo"
    assert row["session_started_at"] == "2026-11-01T09:00:01.000+00:00"
    assert (row["question_key"], row["question_text"], row["category"]) == (
        "opening/tell-me-about-yourself",
        "Tell me about yourself.",
        "opening",
    )
    assert (row["position"], row["attempt"], rows[2]["attempt"]) == ("1", "1", "2")
    assert (row["think_seconds"], row["think_limit_seconds"]) == ("12.35", "30")
    assert (row["answer_seconds"], row["answer_limit_seconds"], row["over_limit"]) == ("131.5", "120", "1")
    assert rows[2]["over_limit"] == "0" and rows[3]["answer_seconds"] == ""
    assert row["recording"].endswith("01-1a2b3c4d.flac")


def test_csv_quotes_commas_quotes_and_newlines(db: sqlite3.Connection, saved: Saved) -> None:
    text, rows = _csv(db)
    assert '"Too long, ""really""\nNext time: lead with the result"' in text
    assert text.count("\r\n") == len(rows) + 1  # the note's own newline stays inside its quoted field


def test_export_to_file_is_private_and_whole(db: sqlite3.Connection, saved: Saved, tmp_path: Path) -> None:
    target = tmp_path / "scores.csv"
    rows = export_to_file(db, target, "csv")
    assert rows == 5 and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("session_id,")
    assert export_to_file(db, tmp_path / "all.json", "json") == 2
    assert json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["format"] == "interview-coach-export"


def test_a_failed_export_leaves_the_old_file_and_no_partial_one(
    db: sqlite3.Connection, saved: Saved, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "scores.csv"
    target.write_text("the previous export", encoding="utf-8")
    with pytest.raises(ExportError, match="There is no session 42"):
        export_to_file(db, target, "csv", [42])
    assert target.read_text(encoding="utf-8") == "the previous export"
    assert [p.name for p in folder.iterdir()] == ["scores.csv"]
    with pytest.raises(ExportError, match="it is a folder"):
        export_to_file(db, folder, "json")


# Session report


class _TagBalance(HTMLParser):
    VOID: ClassVar[set[str]] = {"br", "meta", "hr", "img"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _report(db: sqlite3.Connection, session_id: int) -> tuple[str, _TagBalance]:
    report = session_report_html(db, session_id, timezone=timezone.utc)
    parser = _TagBalance()
    parser.feed(report)
    parser.close()
    assert parser.open == []
    return report, parser


def _text(parsed: _TagBalance) -> str:
    return " ".join(" ".join(parsed.text).split())


def test_the_report_has_title_summary_and_each_answer(db: sqlite3.Connection, saved: Saved) -> None:
    text = _text(_report(db, saved.first_session)[1])
    assert "Interview practice, Sunday 1 November 2026" in text
    assert "Started at 09:00 · Solo practice (scored by Sam) · Finished" in text
    assert "Answered 1 of 2 questions (1 answered again)" in text  # the redo replaces the first attempt
    assert "Skipped 1" in text and "Speaking time 3 min 32 s" in text and "Over the time limit 0" in text
    assert "Question 1, attempt 1 of 2: Tell me about yourself." in text
    assert "Question 2: I see a gap" in text and "Red flags · red-flags/employment-gap" in text
    assert "Thinking 12 s (limit 30 s) · Answer 2 min 12 s (limit 2 min) over the limit" in text
    assert "Skipped." in text
    assert "Follow-ups asked: What was the <result>? Why then?" in text


def test_the_report_shows_each_scorer_side_by_side_with_criterion_names(db: sqlite3.Connection, saved: Saved) -> None:
    text = _text(_report(db, saved.first_session)[1])
    # Per answer: a column for you and one for Sam, a row per criterion by name.
    assert "Point You Sam Specific story 2 - Fit with the role 4 5 Delivery 4 2" in text
    # The summary averages count only the redo for position 1, which was never scored, so nothing to average.
    assert "Average score per point" not in text
    later_text = _text(_report(db, saved.second_session)[1])
    assert "Average score per point Point You Handling of red flags 3.0 (1) Overall 3.0 (1)" in later_text


def test_the_report_escapes_user_text_and_uses_only_what_qt_renders(db: sqlite3.Connection, saved: Saved) -> None:
    report, parsed = _report(db, saved.first_session)
    assert "Good eye contact &lt;b&gt;really&lt;/b&gt; &amp; calm" in report
    assert "<b>really</b>" not in report
    assert "Too long, &quot;really&quot;<br>Next time: lead with the result" in report
    allowed = {"html", "head", "meta", "title", "body", "h1", "h2", "h3", "p", "span", "br", "table", "tr", "th", "td"}
    assert parsed.tags <= allowed
    assert "<script" not in report and "flex" not in report


def test_a_friends_name_cannot_inject_markup_into_the_report(db: sqlite3.Connection, saved: Saved) -> None:
    saved.repo.add_scores(saved.later, Scorer("friend", '<img src=x onerror="alert(1)">'), {"fit": 2})
    report, parsed = _report(db, saved.second_session)
    assert "img" not in parsed.tags
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in report


def test_a_report_for_a_missing_session_is_an_error(db: sqlite3.Connection) -> None:
    with pytest.raises(ExportError, match="no session 7"):
        session_report_html(db, 7)


# Delivery analysis (issue 15): the transcript and figures travel with every export


def test_exports_and_the_report_carry_the_transcript_and_figures(db: sqlite3.Connection, saved: Saved) -> None:
    words = timed_words("Um, I led the <b>migration</b>.")
    figures = analyse_delivery(words, [(1.0, 2.0), (5.0, 6.5)], answer_seconds=131.5, limit_seconds=120.0)
    AnalysisRepository(db).save(saved.answer, figures)
    answers = _json(db)["sessions"][0]["answers"]
    assert answers[0]["delivery"] == json.loads(json.dumps(figures.to_json()))
    assert answers[1]["delivery"] is None
    _, rows = _csv(db)
    assert rows[0]["transcript"] == figures.transcript and rows[0]["filler_count"] == "1"
    assert rows[0]["long_pauses"] == "1" and rows[2]["transcript"] == ""
    _, parsed = _report(db, saved.first_session)
    text = _text(parsed)
    assert "Transcript: Um, I led the <b>migration</b>." in text  # escaped, shown as typed
    assert "Delivery (measured)" in text and "130-160 words a minute" in text
