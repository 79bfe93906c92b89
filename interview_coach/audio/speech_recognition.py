"""Transcription and speech detection for one recording (runs inside the analysis worker only).

Whisper leaves out "um" and "uh" unless its prompt is full of them; such a prompt also makes it
invent words over silence, so the transcription always runs with faster-whisper's VAD filter.
Pauses and the time to the first word come from a separate pass of the same Silero VAD with
settings for pause analysis: faster-whisper's defaults (2 s minimum silence, 400 ms padding) are
made for cutting audio into chunks and would hide every pause under 2 s and blur each edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
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

    def recognise(self, audio: Audio, *, known: TakeSoFar | None = None) -> Recognised:
        """The whole recording's words and speech; `known` words (transcribed while it was being
        recorded) are kept and only the audio after them is transcribed."""
        if known is not None and known.until * SAMPLE_RATE > len(audio):
            known = None  # not this recording after all
        start = known.until if known is not None else 0.0
        words = list(known.words) if known is not None else []
        speech = speech_stretches(audio)
        duration = len(audio) / SAMPLE_RATE
        # Whisper keeps its prompt (which makes it write the fillers) only for its first 30 s window, so
        # a long answer is transcribed in pieces cut in its pauses, each with the prompt.
        edges = [start, *chunk_cuts(speech, start, duration), duration]
        for begin, end in pairwise(edges):
            words += self.transcribe(audio[int(begin * SAMPLE_RATE) : int(end * SAMPLE_RATE)], offset=begin)
        return Recognised(words, speech, duration, self.name)

    def transcribe(self, audio: Audio, *, offset: float = 0.0) -> list[tuple[str, float, float]]:
        words: list[tuple[str, float, float]] = []
        if len(audio) < SAMPLE_RATE // 10:
            return words
        segments, _ = self._model.transcribe(
            audio,
            language="en",
            word_timestamps=True,
            vad_filter=True,
            initial_prompt=FILLER_PROMPT,
            condition_on_previous_text=False,
        )
        for segment in segments:
            words.extend(
                (w.word, round(float(w.start) + offset, 3), round(float(w.end) + offset, 3))
                for w in segment.words or []
            )
        return words

    def follow(self, audio: Audio, known: TakeSoFar) -> None:
        """While a take is being recorded: transcribes its speech up to the latest pause, so that after
        Stop only the rest is left to do. Cuts only in silence, so no word is split."""
        cut = pause_to_cut_at(audio, known.until)
        if cut is not None:
            known.words += self.transcribe(
                audio[int(known.until * SAMPLE_RATE) : int(cut * SAMPLE_RATE)], offset=known.until
            )
            known.until = cut


@dataclass
class TakeSoFar:
    """What is already transcribed of a take being recorded: its words up to `until` seconds."""

    until: float = 0.0
    words: list[tuple[str, float, float]] = field(default_factory=list)


MIN_CHUNK_SECONDS = 8.0  # shorter pieces lose Whisper too much context (WER 32 % at 3 s, 16 % at 8 s)
TAIL_SILENCE_SECONDS = 0.8  # silence at the end of what is recorded so far that ends a chunk


# Inside Whisper's 30 s window, where its prompt still holds; as long as that allows, because the
# tiny model transcribes a short piece worse (less context): an answer this short is never cut.
LONGEST_CHUNK_SECONDS = 28.0


def chunk_cuts(
    speech: list[tuple[float, float]], start: float, end: float, longest: float = LONGEST_CHUNK_SECONDS
) -> list[float]:
    """Where to cut [start, end] so that each piece is at most `longest` seconds where pauses allow:
    the middles of pauses, as few as possible."""
    middles = [(e + s) / 2 for (_, e), (s, _) in pairwise(speech) if start < (e + s) / 2 < end]
    cuts: list[float] = []
    chunk_start, previous = start, None
    for middle in [*middles, end]:
        if middle - chunk_start > longest and previous is not None and previous > chunk_start:
            cuts.append(previous)
            chunk_start = previous
        previous = middle
    return cuts


def pause_to_cut_at(audio: Audio, since: float) -> float | None:
    """The middle of the latest pause after `since` that leaves at least MIN_CHUNK_SECONDS before it."""
    recorded = len(audio) / SAMPLE_RATE
    stretches = [(s + since, e + since) for s, e in speech_stretches(audio[int(since * SAMPLE_RATE) :])]
    if not stretches:
        return None
    gaps = [(end, start) for (_, end), (start, _) in pairwise(stretches)]
    if recorded - stretches[-1][1] >= TAIL_SILENCE_SECONDS:
        gaps.append((stretches[-1][1], recorded))
    for end, start in reversed(gaps):
        middle = (end + start) / 2
        if middle - since >= MIN_CHUNK_SECONDS:
            return middle
    return None


def growing_wav(path: Path) -> Audio | None:
    """The samples written so far to a 16 kHz mono 16-bit WAV still being recorded (its header says 0
    frames until the take is closed), or None for any other file."""
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
            at = head.find(b"data")
            if head[:4] != b"RIFF" or head[8:12] != b"WAVE" or at < 0 or not _is_answer_format(head):
                return None
            stream.seek(at + 8)
            data = stream.read()
    except OSError:
        return None
    samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
    return (samples.astype(np.float32) / 32768.0).astype(np.float32)


def _is_answer_format(head: bytes) -> bool:
    at = head.find(b"fmt ")
    if at < 0 or len(head) < at + 24:
        return False
    fmt = head[at + 8 : at + 24]
    channels = int.from_bytes(fmt[2:4], "little")
    rate = int.from_bytes(fmt[4:8], "little")
    bits = int.from_bytes(fmt[14:16], "little")
    return int.from_bytes(fmt[0:2], "little") == 1 and channels == 1 and rate == SAMPLE_RATE and bits == 16
