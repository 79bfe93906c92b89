"""Loading banks from folders: the shipped ones plus the user's, where one bad file never stops the rest."""

from __future__ import annotations

from pathlib import Path

from interview_coach.storage.content import load_catalogue
from tests.support.factories import bank_data, question, write_bank

CRITERIA = ["red-flag-handling", "fit"]


def test_user_banks_appear_after_the_shipped_ones(tmp_path: Path) -> None:
    shipped = tmp_path / "shipped"
    user = tmp_path / "user"
    write_bank(shipped, "a.toml", bank_data("shipped-bank"))
    write_bank(user, "mine.toml", bank_data("my-bank"))
    catalogue = load_catalogue(shipped, user, known_criteria=CRITERIA)
    assert [(b.id, b.shipped) for b in catalogue.banks] == [("shipped-bank", True), ("my-bank", False)]
    assert catalogue.question("my-bank/why-gap") is not None
    assert catalogue.problems == []


def test_a_broken_file_is_reported_by_name_and_the_others_load(tmp_path: Path) -> None:
    user = tmp_path / "user"
    write_bank(user, "good.toml", bank_data("good"))
    (user / "broken.toml").write_text("[bank\nid = 'x'\n", encoding="utf-8")
    catalogue = load_catalogue(tmp_path / "none", user, known_criteria=CRITERIA)
    assert [b.id for b in catalogue.banks] == ["good"]
    assert len(catalogue.problems) == 1
    assert "broken.toml" in str(catalogue.problems[0]) and "not valid TOML" in str(catalogue.problems[0])


def test_a_user_bank_reusing_a_shipped_id_is_reported_not_loaded(tmp_path: Path) -> None:
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    write_bank(shipped, "a.toml", bank_data("same"))
    copy = write_bank(user, "copy.toml", bank_data("same", [question(text="Changed?")]))
    catalogue = load_catalogue(shipped, user, known_criteria=CRITERIA)
    assert len(catalogue.banks) == 1 and catalogue.banks[0].shipped
    assert str(catalogue.problems[0]).startswith(f"{copy}: [bank]: bank id 'same' is already used by")


def test_non_utf8_and_oversized_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "latin1.toml").write_bytes('[bank]\nid = "caf\xe9"\n'.encode("latin-1"))
    (user / "huge.toml").write_bytes(b"#" * (3 * 1024 * 1024))
    catalogue = load_catalogue(tmp_path / "none", user, known_criteria=CRITERIA)
    messages = sorted(str(p) for p in catalogue.problems)
    assert "huge.toml" in messages[0] and "limit is 2048 KiB" in messages[0]
    assert "latin1.toml" in messages[1]


def test_files_that_are_not_toml_are_ignored(tmp_path: Path) -> None:
    user = tmp_path / "user"
    write_bank(user, "notes.txt", bank_data("notes"))
    assert load_catalogue(tmp_path / "none", user, known_criteria=CRITERIA).banks == []
