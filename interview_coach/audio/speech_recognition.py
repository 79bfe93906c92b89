"""Transcription and speech detection for one recording (runs inside the analysis worker only).

Whisper leaves out "um" and "uh" unless its prompt is full of them; such a prompt also makes it
invent words over silence, so the transcription always runs with faster-whisper's VAD filter.
Pauses and the time to the first word come from a separate pass of the same Silero VAD with
settings for pause analysis: faster-whisper's defaults (2 s minimum silence, 400 ms padding) are
made for cutting audio into chunks and would hide every pause under 2 s and blur each edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from interview_coach.audio.asr_model import ModelError, model_source
from interview_coach.audio.errors import AudioError

SAMPLE_RATE = 16_000
# Whisper copies the style of its prompt: with fillers in it, it writes the fillers it hears.
FILLER_PROMPT = (
    "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking. "
    "Uh, so, you know, er, basically I, um, did it."
)
PAUSE_MIN_SILENCE_MS = 250  # shorter silences are breaths between words
PAUSE_SPEECH_PAD_MS = 30  # a little padding keeps word edges; more would shorten every pause
PAUSE_MIN_SPEECH_MS = 100  # a click or a breath is not speech
MAX_SECONDS = 4 * 3600  # a longer file is not an answer; refuse it rather than fill the memory

Audio = npt.NDArray[np.float32]


class AnalysisAudioError(AudioError):
    """The file is missing, unreadable or not audio."""


@dataclass(frozen=True)
class Recognised:
    words: list[tuple[str, float, float]]
    speech: list[tuple[float, float]]
    duration: float
    model: str


def load_audio(path: Path) -> Audio:
    """Mono float32 at 16 kHz from any file soundfile reads (WAV, FLAC, Ogg), else through FFmpeg."""
    if not path.is_file():
        raise AnalysisAudioError(f"No such file: {path}")
    import soundfile

    try:
        info = soundfile.info(str(path))
        if info.frames > MAX_SECONDS * info.samplerate:
            raise AnalysisAudioError(f"{path} is longer than {MAX_SECONDS // 3600} hours: not an answer")
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
        return _resample(data.mean(axis=1), rate)
    except (RuntimeError, soundfile.LibsndfileError):
        pass  # not a format libsndfile knows: try FFmpeg's decoders (MP3, M4A, ...)
    except OSError as error:
        raise AnalysisAudioError(f"{path} cannot be read: {error.strerror or error}") from error
    try:
        from faster_whisper.audio import decode_audio

        audio = np.asarray(decode_audio(str(path), sampling_rate=SAMPLE_RATE), dtype=np.float32)
    except Exception as error:
        raise AnalysisAudioError(f"{path} is not an audio file this app can read") from error
    if len(audio) > MAX_SECONDS * SAMPLE_RATE:
        raise AnalysisAudioError(f"{path} is longer than {MAX_SECONDS // 3600} hours: not an answer")
    return audio


def _resample(mono: Audio, rate: int) -> Audio:
    if rate == SAMPLE_RATE or len(mono) == 0:
        return np.ascontiguousarray(mono, dtype=np.float32)
    count = round(len(mono) * SAMPLE_RATE / rate)
    positions = np.arange(count, dtype=np.float64) * (rate / SAMPLE_RATE)
    return np.interp(positions, np.arange(len(mono)), mono).astype(np.float32)


def speech_stretches(audio: Audio) -> list[tuple[float, float]]:
    """Where someone speaks (seconds), with short silences kept apart so pauses can be measured."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(
        min_silence_duration_ms=PAUSE_MIN_SILENCE_MS,
        speech_pad_ms=PAUSE_SPEECH_PAD_MS,
        min_speech_duration_ms=PAUSE_MIN_SPEECH_MS,
    )
    if len(audio) < SAMPLE_RATE // 10:
        return []
    stamps = get_speech_timestamps(audio, options, sampling_rate=SAMPLE_RATE)
    return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in stamps]


class Recogniser:
    """One loaded model; loading takes about a second, so the worker keeps it between answers."""

    def __init__(self, name: str, cache_dir: Path | None) -> None:
        source = model_source(name, cache_dir)
        try:
            from faster_whisper import WhisperModel

            self._model: Any = WhisperModel(
                source.location, device="cpu", compute_type="int8", download_root=source.download_root
            )
        except Exception as error:
            raise ModelError(f"The speech-recognition model {name} could not be loaded: {error}") from error
        self.name = name

    def recognise(self, audio: Audio) -> Recognised:
        words: list[tuple[str, float, float]] = []
        if len(audio) >= SAMPLE_RATE // 10:
            segments, _ = self._model.transcribe(
                audio,
                language="en",
                word_timestamps=True,
                vad_filter=True,
                initial_prompt=FILLER_PROMPT,
                condition_on_previous_text=False,
            )
            for segment in segments:
                words.extend((w.word, round(float(w.start), 3), round(float(w.end), 3)) for w in segment.words or [])
        return Recognised(words, speech_stretches(audio), len(audio) / SAMPLE_RATE, self.name)
