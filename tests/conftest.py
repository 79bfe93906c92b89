"""Test set-up: Qt offscreen, a private PulseAudio daemon for the real audio stack, leak checks."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")

from hypothesis import HealthCheck, settings

from tests.support.virtual_audio import VirtualAudio, VirtualAudioError

# Shared, noisy machines: no per-example deadline, and slow data generation is not a failure.
settings.register_profile("shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shared-machine")

_virtual_audio: VirtualAudio | None = None
_virtual_audio_error: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Starts the virtual devices before anything imports sounddevice (PortAudio lists devices once)."""
    global _virtual_audio, _virtual_audio_error
    if os.environ.get("INTERVIEW_COACH_TEST_NO_AUDIO"):
        _virtual_audio_error = "INTERVIEW_COACH_TEST_NO_AUDIO is set"
        return
    try:
        _virtual_audio = VirtualAudio.start()
        _virtual_audio.export()
    except VirtualAudioError as error:
        _virtual_audio_error = str(error)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _virtual_audio is not None:
        _virtual_audio.stop()


@pytest.fixture(scope="session")
def virtual_audio() -> VirtualAudio:
    if _virtual_audio is None:
        pytest.fail(f"the virtual audio devices are not running: {_virtual_audio_error}")
    return _virtual_audio


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About eight seconds of espeak-ng speech, to feed the virtual microphone."""
    from tests.support.speech import make_speech

    return make_speech(tmp_path_factory.mktemp("speech") / "answer.wav")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data folder; the environment points at it so nothing touches the user's real data."""
    folder = tmp_path / "data"
    monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _isolate_home_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests that forget `data_dir` still never write into the developer's real data folder.
    if "INTERVIEW_COACH_DATA_DIR" not in os.environ:
        monkeypatch.setenv("INTERVIEW_COACH_DATA_DIR", str(tmp_path_factory.mktemp("fallback-data")))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After all fixtures are torn down: fail a test that left a thread or a window behind."""
    result = yield
    leaked_threads = _lingering_threads(item)
    leaked_windows = _visible_windows()
    problems = []
    if leaked_threads:
        problems.append(f"threads still running: {', '.join(t.name for t in leaked_threads)}")
    if leaked_windows:
        problems.append(f"windows still open: {', '.join(leaked_windows)}")
    if problems:
        _close_windows()
        pytest.fail(f"{item.nodeid} left resources behind: {'; '.join(problems)}")
    return result


_baseline_threads: set[threading.Thread] = set()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    _baseline_threads.clear()
    _baseline_threads.update(threading.enumerate())
    return (yield)


def _lingering_threads(item: pytest.Item) -> list[threading.Thread]:
    deadline = time.monotonic() + 3
    while True:
        extra = [
            t
            for t in threading.enumerate()
            if t not in _baseline_threads and t.is_alive() and not isinstance(t, threading._DummyThread)
        ]
        if not extra or time.monotonic() > deadline:
            return extra
        time.sleep(0.02)


def _visible_windows() -> list[str]:
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None:  # this test run never touched Qt
        return []
    QApplication = widgets.QApplication
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return []
    app.processEvents()
    return [w.objectName() or type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()]


def _close_windows() -> None:
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
