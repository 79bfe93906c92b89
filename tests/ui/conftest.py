from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interview_coach.app import AppContext, build_context, create_application


@pytest.fixture
def app_context(qtbot: QtBot, data_dir: Path) -> Iterator[AppContext]:
    """The real window wired to real services on a fresh data folder, with the banks loaded."""
    create_application()
    context = build_context(data_dir)
    qtbot.addWidget(context.window)
    with qtbot.waitSignal(context.library.loaded, timeout=10_000):
        context.start()
    yield context
    context.window.close()
    context.close()
