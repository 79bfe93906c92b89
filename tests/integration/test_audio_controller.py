"""The audio controller's "speak now" sequence through the real stack: the take starts before the cue."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import soundfile as sf
from pytestqt.qtbot import QtBot

from interview_coach.audio.cue import cue_tone
from interview_coach.audio.recorder import BLOCK_SECONDS, RecordingResult
from interview_coach.audio.signal_levels import onset_after_cue
from interview_coach.audio.speaker import SpeechSynthesizer
from interview_coach.audio.tts_worker import DRIVER_ENV
from interview_coach.controllers.audio_controller import AudioController
from interview_coach.controllers.tasks import TaskRunner
from interview_coach.domain.audio_settings import AudioSettings
from tests.support.speech import active_span, rms
from tests.support.virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio
QUESTION = "What is your greatest strength?"
CUE_SECONDS = len(cue_tone(22050)) / 22050
FRAME = 0.02


@pytest.fixture
def audio(qapp, tmp_path: Path, virtual_audio: VirtualAudio) -> Iterator[AudioController]:
    tasks = TaskRunner()
    saved: list[AudioSettings] = []
    controller = AudioController(tasks, SpeechSynthesizer(tmp_path / "cache"), AudioSettings(), saved.append)
    yield controller
    tasks.shutdown()
    controller.shutdown()


def _open(qtbot: QtBot, audio: AudioController) -> None:
    with qtbot.waitSignal(audio.microphone_ready, timeout=10_000):
        audio.open_microphone()


def _stop(qtbot: QtBot, audio: AudioController, flac: Path) -> RecordingResult:
    with qtbot.waitSignal(audio.recording_finished, timeout=10_000) as finished:
        audio.stop_recording(flac)
    result: RecordingResult = finished.args[0]
    assert result.path == flac and result.fault is None
    return result


def test_the_take_starts_before_the_cue_and_marks_where_the_cue_ended(
    qtbot: QtBot, audio: AudioController, virtual_audio: VirtualAudio, speech_wav: Path, tmp_path: Path
) -> None:
    _open(qtbot, audio)
    armed: list[float] = []
    audio.recording_armed.connect(armed.append)
    audio.record_after_cue(tmp_path / "take.wav")
    assert armed and audio.recording  # recording is true from the moment "speak now" is given
    qtbot.waitUntil(lambda: audio.player.first_sample_at is not None, timeout=10_000)
    assert audio.player.first_sample_at >= armed[0]  # the cue is inside the take, never before it
    feeder = virtual_audio.play_into_microphone(speech_wav)
    assert feeder.wait(timeout=60) == 0
    qtbot.wait(300)
    result = _stop(qtbot, audio, tmp_path / "take.flac")
    heard_end = audio.player.first_sample_at + CUE_SECONDS + audio.player.output_latency - armed[0]
    assert result.cue_end_seconds == pytest.approx(heard_end, abs=0.01)
    assert CUE_SECONDS <= result.cue_end_seconds < 1.5
    assert rms(sf.read(result.path, dtype="float32")[0]) > 0.02


def test_words_spoken_as_space_is_pressed_survive_a_slow_output_device(
    qtbot: QtBot, audio: AudioController, virtual_audio: VirtualAudio, speech_wav: Path, tmp_path: Path
) -> None:
    fed, fed_rate = sf.read(speech_wav, dtype="float32")
    fed_start, fed_end = active_span(fed, fed_rate)
    _open(qtbot, audio)
    with virtual_audio.slow_speaker():
        feeder = virtual_audio.play_into_microphone(speech_wav)  # the candidate starts at once
        audio.record_after_cue(tmp_path / "take.wav")
        assert feeder.wait(timeout=60) == 0
        qtbot.wait(500)
        result = _stop(qtbot, audio, tmp_path / "take.flac")
    recorded, rate = sf.read(result.path, dtype="float32")
    start, end = active_span(recorded, rate)
    assert end - start == pytest.approx(fed_end - fed_start, abs=0.2)  # all of it, the first words too
    assert start < 0.5
    # They spoke before the cue had even finished: "started speaking after" says so.
    onset = onset_after_cue(recorded, rate, result.cue_end_seconds)
    assert onset is not None and onset == pytest.approx(0.0, abs=0.2)


def test_started_speaking_after_counts_from_the_end_of_the_cue(
    qtbot: QtBot, audio: AudioController, virtual_audio: VirtualAudio, speech_wav: Path, tmp_path: Path
) -> None:
    fed, fed_rate = sf.read(speech_wav, dtype="float32")
    fed_start, _ = active_span(fed, fed_rate)
    _open(qtbot, audio)
    audio.record_after_cue(tmp_path / "take.wav")
    pressed = time.monotonic()
    qtbot.wait(1500)
    feeder = virtual_audio.play_into_microphone(speech_wav)
    began = time.monotonic() - pressed
    assert feeder.wait(timeout=60) == 0
    qtbot.wait(300)
    result = _stop(qtbot, audio, tmp_path / "take.flac")
    recorded, rate = sf.read(result.path, dtype="float32")
    onset = onset_after_cue(recorded, rate, result.cue_end_seconds)
    start, _ = active_span(recorded, rate)
    assert onset is not None
    assert onset == pytest.approx(start - result.cue_end_seconds, abs=FRAME * 2 + BLOCK_SECONDS)
    # The words are where they were spoken (the microphone path adds its own small delay).
    assert began + fed_start - 0.05 <= start <= began + fed_start + 0.5


def test_without_a_speech_engine_the_question_ends_and_the_cue_still_plays(
    qtbot: QtBot, audio: AudioController, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DRIVER_ENV, "missing-engine")
    problems: list[tuple[str, str]] = []
    audio.problem.connect(lambda key, text: problems.append((key, text)))
    _open(qtbot, audio)
    with qtbot.waitSignal(audio.speech_finished, timeout=30_000) as finished:
        audio.speak(QUESTION)
    assert finished.args == ["stopped"]
    assert problems and problems[0][0] == "speech" and "espeak-ng" in problems[0][1]
    assert audio.speech_available  # the next question is tried again
    audio.record_after_cue(tmp_path / "take.wav")
    assert audio.recording
    qtbot.waitUntil(lambda: audio.player.first_sample_at is not None, timeout=10_000)
    assert 0.2 < audio.player.duration < 0.4  # the cue
    _stop(qtbot, audio, tmp_path / "take.flac")


def test_a_failed_question_offers_retry_which_reads_it_once_the_engine_works(
    qtbot: QtBot, audio: AudioController, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DRIVER_ENV, "missing-engine")
    with qtbot.waitSignal(audio.problem, timeout=30_000) as problem:
        audio.speak(QUESTION)
    assert problem.args[0] == "speech"
    monkeypatch.delenv(DRIVER_ENV)
    with (
        qtbot.waitSignal(audio.problem_cleared, timeout=30_000) as cleared,
        qtbot.waitSignal(audio.speech_started, timeout=30_000),
    ):
        audio.retry_speech()
    assert cleared.args == ["speech"]
    assert audio.player.duration > 1.0  # the question itself, read aloud


def test_skipping_the_question_stops_it_and_records_nothing(
    qtbot: QtBot, audio: AudioController, tmp_path: Path
) -> None:
    _open(qtbot, audio)
    with qtbot.waitSignal(audio.speech_started, timeout=30_000):
        audio.speak("Walk me through your CV, starting with your most recent role.")
    with qtbot.waitSignal(audio.speech_finished, timeout=5_000) as finished:
        audio.stop_speech()
    assert finished.args == ["stopped"]
    assert not audio.recording and not (tmp_path / "take.wav").exists()


def test_speak_now_waits_for_a_microphone_still_opening(qtbot: QtBot, audio: AudioController, tmp_path: Path) -> None:
    armed: list[float] = []
    audio.recording_armed.connect(armed.append)
    audio.open_microphone()  # opens in the background
    audio.record_after_cue(tmp_path / "take.wav")  # Space pressed at once
    if not audio.microphone_open:
        assert not armed and audio.player.first_sample_at is None  # no cue before recording can start
    qtbot.waitUntil(lambda: bool(armed) and audio.player.first_sample_at is not None, timeout=10_000)
    assert audio.player.first_sample_at >= armed[0]
    _stop(qtbot, audio, tmp_path / "take.flac")
