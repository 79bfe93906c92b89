"""Stored delivery analyses: saved and read back, re-analysed, searched by what was said, deleted with
their answer (and back on undo), and a damaged row read as "not analysed" rather than a crash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_coach.domain.delivery import ANALYSIS_VERSION, DeliveryFigures, TimedWord, analyse_delivery
from interview_coach.domain.records import AnswerTimings
from interview_coach.domain.snapshots import QuestionSnapshot, RubricSnapshot
from interview_coach.storage.analysis_repository import AnalysisRepository
from interview_coach.storage.database import open_database
from interview_coach.storage.deletion import Trash
from interview_coach.storage.practice_repository import PracticeRepository

QUESTION = {"key": "opening/intro", "bank_id": "opening", "id": "intro", "category": "opening", "text": "Intro?"}
RUBRIC = {"id": "default", "title": "Default", "criteria": [{"id": "delivery", "name": "Delivery"}]}


def figures(text: str, *, pauses: int = 0) -> DeliveryFigures:
    words = [TimedWord(w, 1 + i * 0.4, 1.3 + i * 0.4) for i, w in enumerate(text.split())]
    speech = [(1.0 + 4 * i, 3.0 + 4 * i) for i in range(pauses + 1)]
    return analyse_delivery(words, speech, cue_end=0.5, answer_seconds=70.0, limit_seconds=120.0, model="tiny.en")


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[PracticeRepository, AnalysisRepository, Path]]:
    connection = open_database(tmp_path / "db.sqlite3")
    yield PracticeRepository(connection), AnalysisRepository(connection), tmp_path
    connection.close()


def answer(repo: PracticeRepository, session_id: int, position: int, *, recorded: bool = True) -> int:
    made = repo.add_answer(
        session_id, position, QuestionSnapshot.from_json(QUESTION), RubricSnapshot.from_json(RUBRIC), AnswerTimings()
    )
    if recorded:
        repo.update_answer(
            made.id,
            status="recorded",
            recording_path=f"recordings/{session_id}/{position:02d}.flac",
            timings=AnswerTimings(answer_limit_seconds=120, answer_seconds=64.5, cue_end_seconds=0.4),
        )
    return made.id


def test_an_analysis_reads_back_as_saved_and_a_new_one_replaces_it(stores) -> None:
    repo, analyses, _ = stores
    session = repo.create_session("solo")
    first = answer(repo, session.id, 1)
    saved = figures("Um, I led the billing migration.", pauses=2)
    analyses.save(first, saved)
    assert analyses.get(first) == saved
    analyses.save(first, figures("So we shipped the payments rewrite."))
    assert analyses.search("billing") == set()
    assert analyses.search("payments") == {first}
    assert analyses.points()[first].long_pauses == 0


def test_search_finds_word_starts_and_never_reads_typing_as_query_syntax(stores) -> None:
    repo, analyses, _ = stores
    session = repo.create_session("solo")
    one, two = answer(repo, session.id, 1), answer(repo, session.id, 2)
    analyses.save(one, figures("I migrated the billing system"))
    analyses.save(two, figures("We rebuilt the billing team's process"))
    assert analyses.search("billing") == {one, two}
    assert analyses.search("migr") == {one}
    assert analyses.search("BILLING team") == {two}
    for typed in ('"', "AND", "billing OR", "NEAR(billing", "transcript:billing", "*", "-billing", "'; DROP", ""):
        analyses.search(typed)  # no syntax error, whatever is typed


def test_pending_lists_recorded_answers_without_a_current_analysis(stores) -> None:
    repo, analyses, _ = stores
    session = repo.create_session("solo")
    done, todo = answer(repo, session.id, 1), answer(repo, session.id, 2)
    answer(repo, session.id, 3, recorded=False)
    analyses.save(done, figures("done"))
    pending = analyses.pending()
    assert [p.answer_id for p in pending] == [todo] and analyses.pending_count() == 1
    assert (pending[0].cue_end_seconds, pending[0].answer_seconds, pending[0].limit_seconds) == (0.4, 64.5, 120)
    repo.connection.execute("UPDATE answer_analyses SET version = ?", (ANALYSIS_VERSION - 1 or 0,))
    if ANALYSIS_VERSION > 1:
        assert analyses.pending_count() == 2  # analysed by older rules: offered again


def test_an_analysis_goes_with_its_answer_and_comes_back_on_undo(stores) -> None:
    repo, analyses, root = stores
    session = repo.create_session("solo")
    first = answer(repo, session.id, 1)
    analyses.save(first, figures("the billing migration"))
    trash = Trash(repo.connection, root)
    deleted = trash.delete_session(session.id)
    assert analyses.search("billing") == set() and analyses.get(first) is None
    trash.restore(deleted)
    restored = repo.connection.execute("SELECT id FROM answers").fetchone()[0]
    assert analyses.search("billing") == {restored}
    assert analyses.get(restored) is not None


def test_saving_for_an_answer_deleted_meanwhile_is_skipped(stores) -> None:
    _, analyses, _ = stores
    analyses.save(999, figures("gone"))
    assert analyses.get(999) is None


@pytest.mark.parametrize(
    "damage",
    [
        "words_json = 'not json'",
        "words_json = '[[1, 2]]'",
        'figures_json = \'{"wpm": "fast"}\'',
        "figures_json = '" + "[" * 100 + "'",
        "figures_json = x'00'",
    ],
)
def test_a_damaged_row_reads_as_not_analysed(stores, damage: str) -> None:
    repo, analyses, _ = stores
    session = repo.create_session("solo")
    first = answer(repo, session.id, 1)
    analyses.save(first, figures("fine words"))
    repo.connection.execute(f"UPDATE answer_analyses SET {damage}")
    assert analyses.get(first) is None
    assert analyses.search("fine") == {first}  # the transcript itself is still searchable
