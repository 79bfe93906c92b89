"""Issue 13 in the window: a hostile file among the user's banks is shown in the problem banner, and the
shipped questions (and the user's good bank) are all there to practise."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interview_coach import app as app_module
from interview_coach.app import build_context
from tests.support.hostile_banks import GOOD_ID, Hostile, hostile_params, write_good_bank


@pytest.mark.parametrize(
    "hostile",
    hostile_params(
        "follow_ups nested 1000 deep",
        "think_seconds with 5000 digits",
        "invalid UTF-8",
        "a named pipe named x.toml",
        "a key with 100000 dotted parts",
    ),
)
def test_a_hostile_user_bank_shows_the_banner_and_everything_else_loads(
    hostile: Hostile, qtbot: QtBot, data_dir: Path
) -> None:
    banks = data_dir / "question_banks"
    write_good_bank(banks)
    bad = hostile.write(banks)
    app_module.create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    failures: list[str] = []
    context.library.failed.connect(failures.append)
    try:
        with qtbot.waitSignals([context.library.loaded], timeout=20_000, raising=False) as waited:
            context.start()
        assert waited.signal_triggered, f"the library did not load: {failures}"
        library = context.library.library
        assert library is not None
        assert library.catalogue.bank(GOOD_ID) is not None
        assert library.catalogue.bank("red-flags") is not None and len(library.catalogue.questions()) > 100
        problems = [str(p) for p in library.problems]
        assert len(problems) == 1 and problems[0].startswith(f"{bad}: ") and hostile.expected in problems[0]
        texts = context.window.banners.visible_texts()
        assert "1 problem in 1 question bank or rubric file" in texts["content"]
    finally:
        context.window.close()
        context.close()
