from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.speech import make_speech


@pytest.fixture(scope="session")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About eight seconds of espeak-ng speech, to feed the virtual microphone."""
    return make_speech(tmp_path_factory.mktemp("speech") / "answer.wav")
