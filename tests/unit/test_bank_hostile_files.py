"""Regression tests for issue 13: one hostile file in a banks (or rubrics) folder is reported by name and
skipped, and everything beside it still loads. Never an exception, never a hang."""

from __future__ import annotations

import os
import shutil
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from interview_coach.domain.bank_schema import parse_bank
from interview_coach.domain.questions import LoadProblem
from interview_coach.storage.content import load_bank_file, load_catalogue, load_rubrics, read_toml
from interview_coach.storage.locations import shipped_rubrics_dir
from tests.support.factories import bank_data, question
from tests.support.hostile_banks import BAD_NAME, GOOD_ID, Hostile, hostile_params, single_line, write_good_bank

CRITERIA = ["red-flag-handling", "fit"]
T = TypeVar("T")


def finishes(action: Callable[[], T], path: Path, seconds: float = 30) -> T:
    """Runs action on a thread; a loader that blocks (on a named pipe, say) fails the test instead of the run."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = action()
        except BaseException as error:  # re-raised below, on the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="loader-under-test", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if path.is_fifo():  # let the blocked open() return, so the thread can end
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail(f"loading {path.name} did not finish within {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def problems_for(problems: list[LoadProblem], path: Path) -> list[str]:
    return [str(p) for p in problems if p.source == str(path)]


@pytest.mark.parametrize("hostile", hostile_params())
def test_a_hostile_user_bank_is_reported_and_the_rest_load(hostile: Hostile, tmp_path: Path) -> None:
    user = tmp_path / "user"
    write_good_bank(user)
    bad = hostile.write(user)
    started = time.monotonic()
    catalogue = finishes(lambda: load_catalogue(tmp_path / "none", user, known_criteria=CRITERIA), bad)
    assert time.monotonic() - started < 10
    assert [b.id for b in catalogue.banks] == [GOOD_ID]
    messages = [str(p) for p in catalogue.problems]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{bad}: ") and hostile.expected in messages[0]
    assert single_line(messages[0]) and len(messages[0]) < 300


@pytest.mark.parametrize("hostile", hostile_params())
def test_loading_the_hostile_file_itself_gives_a_problem_not_an_exception(hostile: Hostile, tmp_path: Path) -> None:
    bad = hostile.write(tmp_path)
    bank, problems = finishes(lambda: load_bank_file(bad, known_criteria=CRITERIA), bad)
    assert bank is None
    assert [hostile.expected in m for m in problems_for(problems, bad)] == [True]


@pytest.mark.parametrize("hostile", hostile_params())
def test_a_hostile_rubric_file_is_reported_and_the_real_rubric_loads(hostile: Hostile, tmp_path: Path) -> None:
    folder = tmp_path / "rubrics"
    folder.mkdir()
    shutil.copy(shipped_rubrics_dir() / "default.toml", folder / "default.toml")
    bad = hostile.write(folder)
    rubrics, problems = finishes(lambda: load_rubrics(folder), bad)
    assert [r.id for r in rubrics] == ["default"]
    assert [hostile.expected in m for m in problems_for(problems, bad)] == [True]


def test_read_toml_refuses_what_is_not_a_regular_file_before_opening_it(tmp_path: Path) -> None:
    data, problem = read_toml(tmp_path)
    assert data is None and problem is not None and str(problem) == f"{tmp_path}: is a folder, not a file"


@pytest.mark.skipif(os.name != "posix", reason="permissions")
def test_an_unreadable_banks_folder_is_reported_not_raised(tmp_path: Path) -> None:
    user = tmp_path / "user"
    write_good_bank(user)
    user.chmod(0)
    try:
        if os.access(user, os.R_OK):
            pytest.skip("running as a user who can read anything")
        catalogue = load_catalogue(tmp_path / "none", user, known_criteria=CRITERIA)
    finally:
        user.chmod(stat.S_IRWXU)
    assert catalogue.banks == []
    assert [str(p) for p in catalogue.problems] == [f"{user}: cannot be read: Permission denied"]


def test_hidden_files_and_editor_lock_links_are_ignored(tmp_path: Path) -> None:
    user = tmp_path / "user"
    write_good_bank(user)
    (user / f".#{BAD_NAME}").symlink_to("someone@host.1234:1700000000")  # how Emacs marks a file being edited
    catalogue = load_catalogue(tmp_path / "none", user, known_criteria=CRITERIA)
    assert [b.id for b in catalogue.banks] == [GOOD_ID] and catalogue.problems == []


def test_a_broken_link_is_reported(tmp_path: Path) -> None:
    user = tmp_path / "user"
    write_good_bank(user)
    (user / BAD_NAME).symlink_to(tmp_path / "gone.toml")
    catalogue = load_catalogue(tmp_path / "none", user, known_criteria=CRITERIA)
    assert [b.id for b in catalogue.banks] == [GOOD_ID]
    assert [str(p) for p in catalogue.problems] == [f"{user / BAD_NAME}: cannot be read: No such file or directory"]


def test_a_link_to_itself_is_reported(tmp_path: Path) -> None:
    user = tmp_path / "user"
    write_good_bank(user)
    (user / BAD_NAME).symlink_to(BAD_NAME)
    catalogue = load_catalogue(tmp_path / "none", user, known_criteria=CRITERIA)
    assert [b.id for b in catalogue.banks] == [GOOD_ID]
    assert [str(p) for p in catalogue.problems] == [
        f"{user / BAD_NAME}: cannot be read: Too many levels of symbolic links"
    ]


def test_a_bank_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = write_good_bank(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # Windows Notepad does this
    bank, problems = load_bank_file(path, known_criteria=CRITERIA)
    assert problems == [] and bank is not None and bank.id == GOOD_ID


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / BAD_NAME
    path.write_bytes(b'[bank]\nid = "x"\ntitle = "caf\xe9"\n')
    _, problems = load_bank_file(path)
    assert [str(p) for p in problems] == [f"{path}: not UTF-8 text (byte 0xe9 on line 3 is not valid UTF-8)"]


HOSTILE_VALUES: list[tuple[dict[str, Any], str]] = [
    ({"think_seconds": True}, "'think_seconds' must be a whole number, not true"),
    ({"think_seconds": float("nan")}, "'think_seconds' must be a whole number, not nan"),
    ({"answer_seconds": float("inf")}, "'answer_seconds' must be a whole number, not inf"),
    ({"think_seconds": -5}, "'think_seconds' = -5 is outside 0-600"),
    ({"answer_seconds": 10**30}, "is outside 10-1200"),
    ({"think_seconds": [15]}, "'think_seconds' must be a whole number, not a list"),
    ({"tags": [1, 2]}, "'tags' must be a list of text, not a list holding a number"),
    ({"tags": [{"a": 1}]}, "'tags' must be a list of text, not a list holding a table"),
    ({"follow_ups": "Why?"}, "'follow_ups' must be a list of text, not 'Why?'"),
    ({"follow_ups": ["ok"] * 500}, "'follow_ups' has 500 items; the limit is 100"),
    ({"text": "Why \x1b[2J now?"}, "'text' holds a control character (\\x1b)"),
    ({"follow_ups": ["Why\x00?"]}, "'follow_ups' holds a control character (\\x00)"),
    ({"text": "Why? " * 20_000}, "'text' is 100000 characters long; the limit is 5000"),
    ({"id": "a" * 1_000_000}, "'id' is 1000000 characters long; the limit is 64"),
    ({"category": "Red\nflag"}, "'category' = 'Red\\nflag' must use lowercase letters"),
    ({"criteria": {"fit": 1}}, "'criteria' must be a list of text, not a table"),
]


@pytest.mark.parametrize(("changes", "expected"), HOSTILE_VALUES, ids=[e for _, e in HOSTILE_VALUES])
def test_a_hostile_value_skips_only_its_question_with_a_short_one_line_problem(
    changes: dict[str, Any], expected: str
) -> None:
    bank, problems = parse_bank(
        bank_data(questions=[question(id="fine"), question(**changes)]), "bank.toml", known_criteria=CRITERIA
    )
    assert bank is not None and [q.id for q in bank.questions] == ["fine"]
    assert len(problems) == 1
    message = str(problems[0])
    assert message.startswith("bank.toml: question 2") and expected in message, message
    assert single_line(message) and len(message) < 300


def test_a_hostile_question_id_is_not_echoed_whole_in_the_entry_name() -> None:
    huge = "Why\n" * 100_000
    _, problems = parse_bank(bank_data(questions=[question(id=huge)]), "bank.toml", known_criteria=CRITERIA)
    message = str(problems[0])
    assert message.startswith("bank.toml: question 1: 'id' is 400000 characters long"), message[:200]
    assert single_line(message) and len(message) < 300


def test_a_problem_naming_a_file_with_a_line_break_in_its_name_stays_on_one_line() -> None:
    problem = LoadProblem("banks/evil\nname.toml", "question 1", "'text' is missing")
    assert str(problem) == "banks/evil\\nname.toml: question 1: 'text' is missing"
