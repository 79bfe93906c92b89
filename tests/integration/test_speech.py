"""Text to speech in its worker process, and playback through PortAudio to the virtual speaker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_coach.audio.errors import SpeechUnavailableError
from interview_coach.audio.player import Player
from interview_coach.audio.signal_levels import speech_onset
from interview_coach.audio.speaker import SpeechSynthesizer
from interview_coach.audio.tts_worker import DRIVER_ENV
from tests.support.speech import envelope_similarity, rms
from tests.support.virtual_audio import VirtualAudio

QUESTION = "Tell me about a time you had to deliver difficult news to a customer."


@pytest.fixture
def synthesizer(tmp_path: Path):
    synthesizer = SpeechSynthesizer(tmp_path / "speech-cache")
    yield synthesizer
    synthesizer.close()


def test_speech_is_real_speech_of_a_plausible_length(synthesizer: SpeechSynthesizer) -> None:
    path = synthesizer.synthesise(QUESTION, rate=175)
    samples, rate = sf.read(path, dtype="float32")
    seconds = len(samples) / rate
    words = len(QUESTION.split())
    assert 0.5 * words / 175 * 60 < seconds < 2.0 * words / 175 * 60
    assert rms(samples) > 0.03
    assert speech_onset(samples, rate) is not None and speech_onset(samples, rate) < 0.5


def test_a_slower_rate_gives_longer_speech_and_a_separate_cache_entry(synthesizer: SpeechSynthesizer) -> None:
    fast = synthesizer.synthesise(QUESTION, rate=240)
    slow = synthesizer.synthesise(QUESTION, rate=120)
    assert fast != slow
    assert sf.info(str(slow)).duration >= 1.6 * sf.info(str(fast)).duration


@pytest.fixture
def both_cores_busy() -> Iterator[None]:
    """A CPU-burning process per core, as on a user's busy machine (where speech used to fail)."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(max(2, os.cpu_count() or 2))]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


@pytest.mark.slow
def test_300_syntheses_with_varying_rate_and_voice_on_a_busy_machine_all_succeed_at_their_rate(
    synthesizer: SpeechSynthesizer, both_cores_busy: None
) -> None:
    english = [v.id for v in synthesizer.voices() if any(lang.startswith("en") for lang in v.languages)]
    voices = ["", *english[:3]]
    durations: dict[tuple[int, str, int], float] = {}
    for request in range(300):
        rate = (120, 240, 175, 0)[request % 4]
        voice = voices[(request // 4) % len(voices)]
        text = f"Question {request // 4}: {QUESTION}"
        path = synthesizer.synthesise(text, voice, rate)  # raises on any failure
        samples, samplerate = sf.read(path, dtype="float32")
        assert rms(samples) > 0.03, f"request {request} is silent"
        durations[request // 4, voice, rate] = len(samples) / samplerate
    ratios = [durations[key, voice, 120] / durations[key, voice, 240] for key, voice, rate in durations if rate == 120]
    assert len(ratios) == 75
    assert min(ratios) >= 1.6  # every slow request was slow: no rate was lost


def test_a_hung_worker_is_replaced_and_the_request_retried(tmp_path: Path) -> None:
    synthesizer = SpeechSynthesizer(tmp_path / "cache", request_timeout=3)
    try:
        synthesizer.synthesise("Warm up.")
        hung = synthesizer.worker_pid
        assert hung is not None
        os.kill(hung, signal.SIGSTOP)  # the engine stops answering mid-session
        path = synthesizer.synthesise("Why do you want this job?")
        assert rms(sf.read(path, dtype="float32")[0]) > 0.03
        assert synthesizer.worker_pid not in (None, hung)
    finally:
        synthesizer.close()


def test_a_request_for_the_default_rate_does_not_inherit_the_last_rate(synthesizer: SpeechSynthesizer) -> None:
    text = "Describe a project you are proud of."
    default_first = sf.info(str(synthesizer.synthesise(text))).duration
    synthesizer.synthesise("Something slow.", rate=90)
    synthesizer.cache_dir.joinpath(synthesizer.cached_path(text).name).unlink()
    default_again = sf.info(str(synthesizer.synthesise(text))).duration
    assert default_again == pytest.approx(default_first, rel=0.05)


def test_cached_speech_is_reused_without_the_engine(synthesizer: SpeechSynthesizer) -> None:
    first = synthesizer.synthesise(QUESTION)
    stamp = first.stat().st_mtime_ns
    synthesizer.close()
    again = synthesizer.synthesise(QUESTION)
    assert again == first and again.stat().st_mtime_ns == stamp
    assert synthesizer.worker_pid is None  # answered from the cache: no worker was started


def test_the_voice_list_comes_from_the_engine(synthesizer: SpeechSynthesizer) -> None:
    voices = synthesizer.voices()
    assert len(voices) > 1
    assert synthesizer.default_voice in {v.id for v in voices}
    english = next(v for v in voices if any(lang.startswith("en") for lang in v.languages))
    other = synthesizer.synthesise("Hello, welcome to the interview.", voice=english.id)
    assert rms(sf.read(other, dtype="float32")[0]) > 0.03


def test_a_crashed_worker_is_restarted_on_next_use(synthesizer: SpeechSynthesizer) -> None:
    synthesizer.synthesise("Warm up.")
    first_pid = synthesizer.worker_pid
    assert first_pid is not None
    os.kill(first_pid, 9)
    time.sleep(0.2)
    path = synthesizer.synthesise("Why do you want this job?")
    assert path.exists() and synthesizer.worker_pid not in (None, first_pid)


def test_a_missing_engine_gives_the_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DRIVER_ENV, "no-such-driver")
    synthesizer = SpeechSynthesizer(tmp_path)
    with pytest.raises(SpeechUnavailableError, match="espeak-ng"):
        synthesizer.synthesise("Hello")
    synthesizer.close()


@pytest.mark.audio
def test_played_speech_reaches_the_speaker_and_ends_on_time(
    synthesizer: SpeechSynthesizer, virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    speech = synthesizer.synthesise(QUESTION)
    fed, rate = sf.read(speech, dtype="float32")
    capture = virtual_audio.capture_speaker(tmp_path / "heard.wav")
    time.sleep(0.5)
    ended = threading.Event()
    reasons = []
    player = Player(on_finished=lambda reason: (reasons.append(reason), ended.set()))
    started = time.monotonic()
    player.play(speech)
    assert ended.wait(timeout=30)
    elapsed = time.monotonic() - started
    time.sleep(0.3)
    capture.terminate()
    capture.wait(timeout=10)
    heard, heard_rate = sf.read(tmp_path / "heard.wav", dtype="float32")
    assert reasons == ["ended"]
    assert player.duration == pytest.approx(len(fed) / rate)
    assert player.duration - 0.05 < elapsed < player.duration + 0.6  # ends when the audio does
    assert envelope_similarity(fed, rate, heard, heard_rate) > 0.8


@pytest.mark.audio
def test_pause_seek_resume_and_stop(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    tone = (0.2 * np.sin(np.arange(22050 * 4) * 2 * np.pi * 330 / 22050)).astype(np.float32)
    path = tmp_path / "tone.wav"
    sf.write(path, tone, 22050)
    reasons: list[str] = []
    player = Player(on_finished=reasons.append)
    player.play(path)
    time.sleep(0.3)
    player.pause()
    paused_at = player.position
    time.sleep(0.3)
    assert player.state == "paused" and player.position == pytest.approx(paused_at, abs=0.1)
    player.seek(3.0)
    player.resume()
    time.sleep(0.2)
    assert player.state == "playing" and 3.0 < player.position < 3.6
    player.stop()
    assert player.state == "stopped" and reasons == ["stopped"]


@pytest.mark.audio
def test_starting_another_file_or_deleting_the_file_stops_playback(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    tone = (0.2 * np.sin(np.arange(22050 * 5) / 10)).astype(np.float32)
    first, second = tmp_path / "first.wav", tmp_path / "second.wav"
    sf.write(first, tone, 22050)
    sf.write(second, tone, 22050)
    reasons: list[str] = []
    player = Player(on_finished=reasons.append)
    player.play(first)
    time.sleep(0.2)
    player.play(second)
    assert reasons == ["stopped"] and player.source == second and player.state == "playing"
    second.unlink()
    assert player.stop_if_source_gone()
    assert player.state == "stopped" and reasons == ["stopped", "stopped"]


def test_the_first_request_of_a_fresh_worker_is_spoken_at_its_rate(tmp_path: Path) -> None:
    """A fresh worker's first file came out at espeak's default rate now and then: pyttsx3 applied its
    properties only inside runAndWait, just before cancelling what espeak was still doing. (In a process
    of its own, as the worker runs: espeak is initialised once per process and keeps threads.)"""
    script = f"""
import os, sys
from interview_coach.audio.tts_worker import DRIVER_ENV, Engine
engine = Engine.start(os.environ.get(DRIVER_ENV) or None)
busy = engine._engine.proxy.isBusy()  # properties must be applied when set, not in the loop
engine.synthesise({QUESTION!r}, {str(tmp_path / "slow.wav")!r}, "", 120)
engine.synthesise({QUESTION!r}, {str(tmp_path / "fast.wav")!r}, "", 240)
sys.stderr.write("busy" if busy else "ready")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr.endswith("ready"), done.stderr
    assert sf.info(str(tmp_path / "slow.wav")).duration >= 1.6 * sf.info(str(tmp_path / "fast.wav")).duration


def test_a_rate_the_engine_did_not_take_is_refused_not_spoken_at_another() -> None:
    from interview_coach.audio.tts_worker import Engine, SynthesisError

    class Deaf:
        """An engine that keeps its rate whatever it is told."""

        def connect(self, *_: object) -> None:
            pass

        def getProperty(self, name: str) -> object:
            return {"voice": "v", "rate": 200}.get(name)

        def setProperty(self, name: str, value: object) -> None:
            pass

    with pytest.raises(SynthesisError, match="did not take the rate 120"):
        Engine(Deaf(), lambda: True).synthesise("Hello", "/nonexistent/x.wav", "", 120)
