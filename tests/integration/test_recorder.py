"""Recording through PortAudio from the virtual microphone, fed with known speech."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import soundfile as sf

from interview_coach.audio.errors import DeviceLostError
from interview_coach.audio.recorder import BLOCK_SECONDS, Recorder
from tests.support.speech import envelope_similarity, rms
from tests.support.virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio


@pytest.fixture
def recorder(virtual_audio: VirtualAudio):
    recorder = Recorder()
    recorder.open()
    yield recorder
    recorder.close()


def test_fed_speech_is_recorded_to_flac_with_the_right_duration(
    recorder: Recorder, virtual_audio: VirtualAudio, speech_wav: Path, tmp_path: Path
) -> None:
    fed, fed_rate = sf.read(speech_wav, dtype="float32")
    wav, flac = tmp_path / "take.wav", tmp_path / "take.flac"
    armed = recorder.arm(wav)
    feeder = virtual_audio.play_into_microphone(speech_wav)
    assert feeder.wait(timeout=60) == 0
    time.sleep(0.3)
    stopped = time.monotonic()
    result = recorder.stop(flac)

    assert result.path == flac and flac.exists() and not wav.exists()
    assert result.fault is None and result.overflows == 0
    assert result.seconds == pytest.approx(stopped - armed, abs=BLOCK_SECONDS + 0.01)
    recorded, rate = sf.read(flac, dtype="float32")
    assert len(recorded) == result.frames and rate == recorder.samplerate
    assert rms(recorded) > 0.02
    assert result.seconds > len(fed) / fed_rate
    assert envelope_similarity(fed, fed_rate, recorded, rate) > 0.8


def test_nothing_is_written_before_arming(recorder: Recorder, virtual_audio: VirtualAudio, speech_wav: Path,
                                          tmp_path: Path) -> None:  # fmt: skip
    feeder = virtual_audio.play_into_microphone(speech_wav)  # "the question being read"
    assert feeder.wait(timeout=60) == 0
    time.sleep(0.3)
    recorder.arm(tmp_path / "after.wav")
    time.sleep(1.0)
    result = recorder.stop()
    recorded, _ = sf.read(result.path, dtype="float32")
    assert rms(recorded) < 0.002  # silence: the speech played before arming is not in the take


def test_the_level_follows_the_microphone(recorder: Recorder, virtual_audio: VirtualAudio, speech_wav: Path) -> None:
    time.sleep(0.3)
    quiet = [recorder.level() for _ in range(5)]
    assert max(v or 0.0 for v in quiet) < 0.01
    feeder = virtual_audio.play_into_microphone(speech_wav)
    loudest = 0.0
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline:
        loudest = max(loudest, recorder.level() or 0.0)
        time.sleep(0.05)
    feeder.terminate()
    feeder.wait()
    assert loudest > 0.1


def test_a_lost_microphone_ends_the_take_and_keeps_what_came_before(
    recorder: Recorder, virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    faults = []
    recorder.on_fault = faults.append
    recorder.arm(tmp_path / "lost.wav")
    time.sleep(1.0)
    virtual_audio.suspend_microphone(True)
    try:
        deadline = time.monotonic() + 10
        while recorder.is_recording and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not recorder.is_recording
        result = recorder.stop(tmp_path / "lost.flac")
    finally:
        virtual_audio.suspend_microphone(False)
    assert isinstance(result.fault, DeviceLostError) and faults == [result.fault]
    assert "stopped sending sound" in str(result.fault) and "kept" in str(result.fault)
    assert result.path is not None and 0.8 < result.seconds < 1.6
    assert sf.info(str(result.path)).frames == result.frames


@pytest.mark.slow
def test_no_overflows_in_a_minute_while_the_gui_thread_is_busy(qapp, virtual_audio: VirtualAudio,
                                                               tmp_path: Path) -> None:  # fmt: skip
    recorder = Recorder()
    recorder.open()
    # A plain recorder of the same microphone, beside ours: on a starved machine the virtual device
    # itself delivers less than real time, so what ours must match is what the device delivered.
    raw = tmp_path / "reference.raw"
    reference = virtual_audio.capture_microphone_raw(raw)
    try:
        deadline = time.monotonic() + 10
        while (not raw.exists() or raw.stat().st_size < 16_000) and time.monotonic() < deadline:
            time.sleep(0.02)
        armed = recorder.arm(tmp_path / "minute.wav")
        reference_start = raw.stat().st_size
        # Keep the GUI thread busy with Python work and event processing, as a heavy screen would.
        seconds = float(os.environ.get("MINUTE_TEST_SECONDS", "60"))
        deadline = armed + seconds
        while time.monotonic() < deadline:
            sum(i * i for i in range(20_000))
            qapp.processEvents()
        reference_seconds = (raw.stat().st_size - reference_start) / 2 / 16_000
        result = recorder.stop(tmp_path / "minute.flac")
    finally:
        reference.terminate()
        reference.wait(timeout=10)
        recorder.close()
    assert result.fault is None
    assert result.overflows == 0
    # Nothing lost: with too small an input buffer this test lost up to 2.6 s a minute, unflagged.
    assert result.seconds == pytest.approx(reference_seconds, abs=0.3)
