"""Playback speed that keeps the voice's pitch: length, pitch, loudness, channels and edge cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_coach.audio.player import _resample
from interview_coach.audio.time_stretch import FRAME_SECONDS, time_stretch
from tests.support.speech import envelope_similarity, make_speech

SPEEDS = (0.75, 1.25, 1.5, 2.0)


def dominant_frequency(samples: np.ndarray, rate: int, low: float = 60.0, high: float = 1000.0) -> float:
    """The strongest frequency in the averaged spectrum (Welch, 8192-sample Hann windows)."""
    mono = samples.reshape(len(samples), -1).mean(axis=1)
    size = 8192
    window = np.hanning(size)
    segments = [mono[i : i + size] * window for i in range(0, len(mono) - size, size // 2)]
    power = np.mean([np.abs(np.fft.rfft(s)) ** 2 for s in segments], axis=0)
    freqs = np.fft.rfftfreq(size, 1 / rate)
    band = (freqs >= low) & (freqs <= high)
    return float(freqs[band][np.argmax(power[band])])


def sine(frequency: float, seconds: float, rate: int, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * frequency * t)).astype(np.float32).reshape(-1, 1)


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, int]:
    path = make_speech(tmp_path_factory.mktemp("stretch") / "speech.wav")
    samples, rate = sf.read(path, dtype="float32", always_2d=True)
    return samples, int(rate)


@pytest.mark.parametrize("speed", SPEEDS)
def test_the_length_is_the_original_divided_by_the_speed(speed: float) -> None:
    rate = 16000
    tone = sine(440, 3.0, rate)
    stretched = time_stretch(tone, speed, rate)
    assert stretched.dtype == np.float32 and stretched.shape[1] == 1
    assert abs(len(stretched) - len(tone) / speed) <= FRAME_SECONDS * rate


@pytest.mark.parametrize("speed", SPEEDS)
def test_a_tone_keeps_its_pitch_and_loudness(speed: float) -> None:
    rate = 16000
    stretched = time_stretch(sine(440, 4.0, rate), speed, rate)
    assert dominant_frequency(stretched, rate) == pytest.approx(440, rel=0.01)
    # No dips or bumps where frames join: the 10 ms loudness stays that of the tone (0.5 / sqrt 2).
    body = stretched[rate // 10 : -rate // 10, 0]
    usable = len(body) // 160 * 160
    loudness = np.sqrt(np.mean(np.square(body[:usable].reshape(-1, 160)), axis=1))
    assert loudness.min() > 0.34 and loudness.max() < 0.365


@pytest.mark.parametrize("speed", SPEEDS)
def test_speech_keeps_its_pitch(speech: tuple[np.ndarray, int], speed: float) -> None:
    samples, rate = speech
    original = dominant_frequency(samples, rate)
    stretched = time_stretch(samples, speed, rate)
    assert dominant_frequency(stretched, rate) == pytest.approx(original, rel=0.05)
    # The measure does catch the chipmunk effect: plain resampling moves the pitch by the speed.
    chipmunk = _resample(samples, rate, round(rate / speed))
    assert abs(dominant_frequency(chipmunk, rate) / original - 1) > 0.15


@pytest.mark.parametrize("speed", SPEEDS)
def test_speech_sounds_the_same_apart_from_its_pace(speech: tuple[np.ndarray, int], speed: float) -> None:
    samples, rate = speech
    stretched = time_stretch(samples, speed, rate)
    # Read at rate / speed, the stretched speech lines up in time with the original: the loudness
    # envelopes (syllables, pauses) match. Unrelated speech scores about 0.2-0.3.
    assert envelope_similarity(samples, rate, stretched, round(rate / speed)) > 0.8


def test_speed_one_returns_the_input_unchanged() -> None:
    tone = sine(440, 1.0, 16000)
    assert time_stretch(tone, 1.0, 16000) is tone


def test_stereo_channels_stay_in_step() -> None:
    rate = 22050
    left = sine(300, 2.0, rate)
    stereo = np.concatenate([left, 0.5 * left], axis=1)
    stretched = time_stretch(stereo, 1.5, rate)
    assert stretched.shape == (round(len(stereo) / 1.5), 2)
    assert np.allclose(stretched[:, 1], 0.5 * stretched[:, 0], atol=1e-6)
    assert dominant_frequency(stretched, rate) == pytest.approx(300, rel=0.01)


@pytest.mark.parametrize("frames", [0, 1, 7, 100, 500])
@pytest.mark.parametrize("speed", [0.75, 2.0])
def test_empty_and_very_short_input(frames: int, speed: float) -> None:
    samples = np.full((frames, 2), 0.25, dtype=np.float32)
    stretched = time_stretch(samples, speed, 16000)
    assert stretched.shape == (round(frames / speed), 2)
    assert np.isfinite(stretched).all() and np.abs(stretched).max(initial=0) <= 0.25 + 1e-6


def test_bad_arguments_are_refused() -> None:
    tone = sine(440, 0.5, 16000)
    for speed in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="rate"):
            time_stretch(tone, speed, 16000)
    with pytest.raises(ValueError, match="frames, channels"):
        time_stretch(tone[:, 0], 1.5, 16000)


def test_a_recording_read_from_disk_stretches(tmp_path: Path) -> None:
    path = tmp_path / "take.flac"
    sf.write(path, sine(220, 2.0, 16000), 16000, format="FLAC", subtype="PCM_16")
    samples, rate = sf.read(path, dtype="float32", always_2d=True)
    stretched = time_stretch(samples, 2.0, rate)
    assert len(stretched) == len(samples) // 2
    assert dominant_frequency(stretched, rate) == pytest.approx(220, rel=0.02)
