"""Playback speed through the real stack: faster playback ends sooner, at the same pitch, and the
position, duration and seeking stay in the recording's own time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_coach.audio.player import Player
from interview_coach.audio.time_stretch import time_stretch
from tests.support.speech import envelope_similarity, make_speech
from tests.support.virtual_audio import VirtualAudio
from tests.unit.test_time_stretch import dominant_frequency

pytestmark = pytest.mark.audio

LONG_ANSWER = (
    "The situation was a release that had slipped twice. I took over the plan, split the work into weekly "
    "milestones and met the customer every Friday. We shipped on the new date, and the customer renewed "
    "for two more years. What I learned is to make progress visible early, before anyone has to ask."
)


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def rate_of_position(player: Player, wall_seconds: float) -> float:
    """How many seconds of the recording play per second of wall time, measured over `wall_seconds`."""
    start_wall, start_position = time.monotonic(), player.position
    wait_until(lambda: time.monotonic() - start_wall >= wall_seconds, wall_seconds + 1)
    return (player.position - start_position) / (time.monotonic() - start_wall)


@pytest.fixture(scope="module")
def long_speech(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_speech(tmp_path_factory.mktemp("speed") / "long.wav", LONG_ANSWER)


def test_speech_at_one_and_a_half_times_ends_sooner_at_the_same_pitch(
    virtual_audio: VirtualAudio, speech_wav: Path, tmp_path: Path
) -> None:
    fed, rate = sf.read(speech_wav, dtype="float32", always_2d=True)
    heard_path = tmp_path / "heard.wav"
    capture = virtual_audio.capture_speaker(heard_path)
    assert wait_until(lambda: heard_path.exists() and heard_path.stat().st_size > 4096, 5)
    ended = threading.Event()
    reasons: list[str] = []
    player = Player(on_finished=lambda reason: (reasons.append(reason), ended.set()))
    started = time.monotonic()
    player.play(speech_wav, speed=1.5)
    try:
        assert player.speed == 1.5
        assert player.duration == pytest.approx(len(fed) / rate)  # original time, whatever the speed
        assert ended.wait(timeout=30)
    finally:
        player.stop()
    elapsed = time.monotonic() - started
    time.sleep(0.3)  # the last buffer's sound reaches the capture
    capture.terminate()
    capture.wait(timeout=10)
    assert reasons == ["ended"]
    expected = player.duration / 1.5
    assert expected - 0.05 < elapsed < expected + 0.6, (elapsed, player.duration)
    assert player.position == pytest.approx(player.duration, abs=0.05)  # at the end, in original time
    heard, heard_rate = sf.read(heard_path, dtype="float32", always_2d=True)
    assert envelope_similarity(time_stretch(fed, 1.5, rate), rate, heard, heard_rate) > 0.8
    assert dominant_frequency(heard, heard_rate) == pytest.approx(dominant_frequency(fed, rate), rel=0.05)


def test_position_and_seeking_stay_in_the_recordings_time_when_the_speed_changes(
    virtual_audio: VirtualAudio, long_speech: Path
) -> None:
    ended = threading.Event()
    reasons: list[str] = []
    player = Player(on_finished=lambda reason: (reasons.append(reason), ended.set()))
    player.play(long_speech)
    try:
        duration = player.duration
        assert duration > 12
        assert wait_until(lambda: player.position >= 1.0, 10)
        assert rate_of_position(player, 1.0) == pytest.approx(1.0, abs=0.2)

        # Faster mid-way: playback carries on from the same point in the answer.
        asked, before = time.monotonic(), player.position
        player.set_speed(2.0)
        spent = time.monotonic() - asked  # 1x goes on while the stretch is made, then 2x
        assert player.speed == 2.0 and player.duration == duration
        assert -0.05 < player.position - before < 2 * spent + 0.1
        assert rate_of_position(player, 1.0) == pytest.approx(2.0, abs=0.3)

        # Seeking counts in the recording's seconds at any speed.
        player.seek(6.0)
        assert player.position == pytest.approx(6.0, abs=0.02)
        assert rate_of_position(player, 0.8) == pytest.approx(2.0, abs=0.35)

        # Paused, the position holds; back at normal speed the original samples play again.
        player.pause()
        held = player.position
        player.set_speed(1.0)
        assert player.position == pytest.approx(held, abs=0.01)
        player.resume()
        assert rate_of_position(player, 0.8) == pytest.approx(1.0, abs=0.2)

        # Slower than normal, to the end: the rest of the answer takes 1 / 0.75 as long.
        player.pause()
        player.seek(duration - 2.0)
        player.set_speed(0.75)
        assert player.position == pytest.approx(duration - 2.0, abs=0.02)
        started = time.monotonic()
        player.resume()
        assert ended.wait(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        player.stop()
    assert reasons == ["ended"]
    assert 2.0 / 0.75 - 0.05 < elapsed < 2.0 / 0.75 + 0.6
    assert player.position == pytest.approx(duration, abs=0.05)


def test_a_bad_speed_is_refused_and_playback_goes_on(virtual_audio: VirtualAudio, speech_wav: Path) -> None:
    player = Player()
    player.play(speech_wav)
    try:
        for speed in (0.0, -1.0, 10.0, float("nan")):
            with pytest.raises(ValueError, match="speed"):
                player.set_speed(speed)
        assert player.speed == 1.0 and player.state == "playing"
        with pytest.raises(ValueError, match="speed"):
            player.play(speech_wav, speed=0.0)
        assert player.state == "playing"
    finally:
        player.stop()
    assert np.isfinite(player.position)
