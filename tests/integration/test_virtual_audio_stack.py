"""The test set-up's virtual devices work through PortAudio exactly as a user's sound card would."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.support.speech import envelope_similarity, make_speech, rms
from tests.support.virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio


def test_portaudio_sees_a_default_input_and_output(virtual_audio: VirtualAudio) -> None:
    import sounddevice as sd

    devices = sd.query_devices()
    default_in, default_out = sd.default.device
    assert devices[default_in]["max_input_channels"] > 0
    assert devices[default_out]["max_output_channels"] > 0


def test_speech_fed_to_the_virtual_microphone_is_recorded(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    import sounddevice as sd

    speech = make_speech(tmp_path / "speech.wav")
    fed, rate = sf.read(speech, dtype="float32")
    seconds = len(fed) / rate + 1.0
    with sd.InputStream(samplerate=rate, channels=1, dtype="float32") as stream:
        feeder = virtual_audio.play_into_microphone(speech)
        blocks = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            block, _overflowed = stream.read(1024)
            blocks.append(block.copy())
        assert feeder.wait(timeout=30) == 0
    recorded = np.concatenate(blocks)[:, 0]
    assert rms(recorded) > 0.01
    assert envelope_similarity(fed, rate, recorded, rate) > 0.8


def test_silence_is_recorded_as_silence(virtual_audio: VirtualAudio) -> None:
    import sounddevice as sd

    recording = sd.rec(8000, samplerate=16000, channels=1, dtype="float32", blocking=True)
    assert rms(recording) < 0.001


def test_the_similarity_measure_tells_different_speech_apart(tmp_path: Path) -> None:
    first, rate = sf.read(make_speech(tmp_path / "a.wav"), dtype="float32")
    other, _ = sf.read(make_speech(tmp_path / "b.wav", "Gardens in autumn turn gold, then brown, then bare."))
    assert envelope_similarity(first, rate, first, rate) > 0.99
    assert envelope_similarity(first, rate, other, rate) < 0.5
