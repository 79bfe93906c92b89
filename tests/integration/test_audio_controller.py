"""The audio controller's question-then-answer sequence, through the real stack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import soundfile as sf
from pytestqt.qtbot import QtBot

from interview_coach.audio.speaker import SpeechSynthesizer
from interview_coach.audio.tts_worker import DRIVER_ENV
from interview_coach.controllers.audio_controller import AudioController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.audio_settings import AudioSettings
from tests.support.speech import rms
from tests.support.virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio
QUESTION = "What is your greatest strength?"


@pytest.fixture
def audio(qapp, tmp_path: Path, virtual_audio: VirtualAudio) -> Iterator[AudioController]:
    tasks = TaskRunner()
    saved: list[AudioSettings] = []
    controller = AudioController(tasks, SpeechSynthesizer(tmp_path / "cache"), AudioSettings(), saved.append)
    yield controller
    tasks.shutdown()
    controller.shutdown()


def test_the_recording_is_armed_when_the_question_and_cue_have_played(
    qtbot: QtBot, audio: AudioController, virtual_audio: VirtualAudio, speech_wav: Path, tmp_path: Path
) -> None:
    with qtbot.waitSignal(audio.microphone_ready, timeout=10_000):
        audio.open_microphone()
    with qtbot.waitSignal(audio.recording_armed, timeout=30_000) as armed:
        audio.ask(QUESTION, tmp_path / "take.wav")
    player = audio.player
    assert player.ended_at is not None and armed.args[0] >= player.ended_at
    assert armed.args[0] - player.ended_at < 0.05
    spoken = sf.info(str(audio._synthesizer.cached_path(QUESTION, "", audio.settings.rate))).duration
    assert player.duration > spoken + 0.5  # the speech, then the gap and the cue
    feeder = virtual_audio.play_into_microphone(speech_wav)
    qtbot.wait(2500)
    with qtbot.waitSignal(audio.recording_finished, timeout=10_000) as finished:
        audio.stop_recording(tmp_path / "take.flac")
    feeder.terminate()
    feeder.wait()
    result = finished.args[0]
    assert result.path == tmp_path / "take.flac" and result.fault is None
    assert rms(sf.read(result.path, dtype="float32")[0]) > 0.02


def test_without_a_speech_engine_the_cue_still_plays_and_recording_starts(
    qtbot: QtBot, audio: AudioController, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DRIVER_ENV, "missing-engine")
    problems: list[tuple[str, str]] = []
    audio.problem.connect(lambda key, text: problems.append((key, text)))
    with qtbot.waitSignal(audio.microphone_ready, timeout=10_000):
        audio.open_microphone()
    with qtbot.waitSignal(audio.recording_armed, timeout=30_000):
        audio.ask(QUESTION, tmp_path / "take.wav")
    assert problems and problems[0][0] == "speech" and "espeak-ng" in problems[0][1]
    assert 0.2 < audio.player.duration < 0.4  # just the cue
    with qtbot.waitSignal(audio.recording_finished, timeout=10_000):
        audio.stop_recording(None)


def test_skipping_the_question_does_not_start_a_recording(qtbot: QtBot, audio: AudioController, tmp_path: Path) -> None:
    with qtbot.waitSignal(audio.microphone_ready, timeout=10_000):
        audio.open_microphone()
    with qtbot.waitSignal(audio.speech_started, timeout=30_000):
        audio.ask("Walk me through your CV, starting with your most recent role.", tmp_path / "take.wav")
    with qtbot.waitSignal(audio.speech_finished, timeout=5_000) as finished:
        audio.cancel_ask()
    assert finished.args == ["stopped"]
    qtbot.wait(300)
    assert not audio.recording and not (tmp_path / "take.wav").exists()
