"""Audio logic that needs no device: settings, speech onset, the cue, resampling."""

from __future__ import annotations

import numpy as np
import pytest

from interview_coach.audio.cue import cue_tone
from interview_coach.audio.player import _resample
from interview_coach.audio.signal_levels import speech_onset
from interview_coach.domain.audio_settings import MAX_RATE, AudioSettings, DeviceSetting


def test_settings_round_trip_and_tolerate_bad_values() -> None:
    settings = AudioSettings(voice="gmw/en", rate=160, volume=0.5, input_device=DeviceSetting("USB mic", "ALSA"))
    assert AudioSettings.from_dict(settings.to_dict()) == settings
    damaged = AudioSettings.from_dict({"rate": 9999, "volume": "loud", "input_device": "x", "extra": 1})
    assert damaged.rate == MAX_RATE and damaged.volume == 1.0 and damaged.input_device == DeviceSetting()
    assert AudioSettings.from_dict(None) == AudioSettings()


def test_speech_onset_finds_the_first_sustained_sound() -> None:
    rate = 16000
    silence = np.zeros(int(1.5 * rate))
    click = np.zeros(int(0.5 * rate))
    click[100:140] = 0.9  # a 2.5 ms click is not speech
    voice = 0.2 * np.sin(np.arange(rate) * 2 * np.pi * 220 / rate)
    samples = np.concatenate([silence, click, voice])
    assert speech_onset(samples, rate) == pytest.approx(2.0, abs=0.02)
    assert speech_onset(np.zeros(rate), rate) is None


def test_the_cue_is_short_audible_and_starts_and_ends_softly() -> None:
    rate = 22050
    cue = cue_tone(rate)
    assert cue.shape[1] == 1 and 0.2 < len(cue) / rate < 0.35
    assert np.abs(cue).max() > 0.1
    assert abs(cue[0, 0]) < 0.01 and abs(cue[-1, 0]) < 0.01  # no click at either end


def test_resampling_keeps_duration_and_shape() -> None:
    tone = np.sin(np.arange(22050) / 5).astype(np.float32).reshape(-1, 1)
    converted = _resample(tone, 22050, 48000)
    assert converted.shape == (48000, 1)
    assert converted.dtype == np.float32
