"""Delivery figures for one spoken answer: pace, fillers, pauses, time to first word, hedges, length.

Inputs are what the analyser measured, in seconds on the recording's own clock: the transcript's
words with their timings, and the stretches a voice-activity detector heard as speech. The answer
starts where the "speak now" cue ended (`cue_end`). Nothing here reads audio: the figures are pure
arithmetic, so every rule is tested on its own.

- Speaking time runs from the first speech to the last, less the long pauses: natural short pauses
  belong to the pace (the 130-160 wpm norm is measured that way), a 5 s silence does not.
- Pace counts words, not "um"/"uh"/"er" sounds.
- Pauses are the silences between speech stretches inside the answer; the ones over
  `LONG_PAUSE_SECONDS` are reported as long.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from interview_coach.domain.fillers import FILLER_KINDS, HEDGES, NON_LEXICAL_KINDS, find_fillers, find_hedges

ANALYSIS_VERSION = 1  # bump when a rule changes what a stored analysis would say
LONG_PAUSE_SECONDS = 2.0
MIN_PAUSE_SECONDS = 0.3  # shorter gaps are breaths between words, not pauses
MIN_RATE_SECONDS = 1.0  # a rate over less speech than this says nothing (and could be absurdly large)


@dataclass(frozen=True)
class TimedWord:
    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Pause:
    start: float
    duration: float

    @property
    def end(self) -> float:
        return round(self.start + self.duration, 3)  # both are whole milliseconds: no float residue


@dataclass(frozen=True)
class DeliveryMeasure:
    """One analysed answer's headline figures, as History and Progress keep them for every answer."""

    wpm: float
    fillers_per_minute: float
    long_pauses: int
    time_to_first_word: float | None


@dataclass(frozen=True)
class DeliveryFigures:
    """What one answer's delivery measured; `to_json()` is the stored and exported form."""

    transcript: str
    words: tuple[TimedWord, ...]
    speaking_seconds: float
    time_to_first_word: float | None
    wpm: float
    fillers: Mapping[str, int]
    filler_count: int
    fillers_per_minute: float
    pauses: tuple[Pause, ...]
    long_pauses: tuple[Pause, ...]
    hedges: tuple[str, ...]
    filler_words: tuple[int, ...] = ()  # indexes into `words` of every word that is (part of) a filler
    answer_seconds: float | None = None
    limit_seconds: float | None = None
    model: str = ""
    version: int = ANALYSIS_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "transcript": self.transcript,
            "words": [{"word": w.word, "start": w.start, "end": w.end} for w in self.words],
            "speaking_seconds": self.speaking_seconds,
            "time_to_first_word": self.time_to_first_word,
            "wpm": self.wpm,
            "fillers": dict(self.fillers),
            "filler_count": self.filler_count,
            "fillers_per_minute": self.fillers_per_minute,
            "long_pauses": [{"start": p.start, "duration": p.duration} for p in self.long_pauses],
            "pauses": [{"start": p.start, "duration": p.duration} for p in self.pauses],
            "hedges": list(self.hedges),
            "filler_words": list(self.filler_words),
            "answer_seconds": self.answer_seconds,
            "limit_seconds": self.limit_seconds,
            "model": self.model,
            "version": self.version,
        }


def analyse_delivery(
    words: Sequence[TimedWord],
    speech: Sequence[tuple[float, float]],
    *,
    cue_end: float = 0.0,
    answer_seconds: float | None = None,
    limit_seconds: float | None = None,
    model: str = "",
) -> DeliveryFigures:
    """The figures for one answer from its timed words and its speech stretches (start, end)."""
    words = tuple(w for w in words if w.word.strip())
    spans = _speech_spans(speech, words, cue_end)
    pauses = tuple(_pauses(spans))
    long_pauses = tuple(p for p in pauses if p.duration > LONG_PAUSE_SECONDS)
    speaking = 0.0
    if spans:
        speaking = max(0.0, spans[-1][1] - spans[0][0] - sum(p.duration for p in long_pauses))
    text = [w.word for w in words]
    hits = find_fillers(text)
    counts = {kind: 0 for kind in FILLER_KINDS}
    filler_words: list[int] = []
    for hit in hits:
        counts[hit.kind] += 1
        filler_words.extend(range(hit.index, hit.index + hit.length))
    sounds = sum(counts[kind] for kind in NON_LEXICAL_KINDS)
    minutes = speaking / 60.0 if speaking >= MIN_RATE_SECONDS else 0.0
    return DeliveryFigures(
        transcript=" ".join(w.strip() for w in text),
        words=words,
        speaking_seconds=round(speaking, 3),
        time_to_first_word=round(max(0.0, spans[0][0] - cue_end), 3) if spans else None,
        wpm=round((len(words) - sounds) / minutes, 1) if minutes > 0 else 0.0,
        fillers={kind: n for kind, n in counts.items() if n},
        filler_count=len(hits),
        fillers_per_minute=round(len(hits) / minutes, 2) if minutes > 0 else 0.0,
        pauses=pauses,
        long_pauses=long_pauses,
        hedges=tuple(find_hedges(text)),
        filler_words=tuple(filler_words),
        answer_seconds=answer_seconds,
        limit_seconds=limit_seconds,
        model=model,
    )


def _speech_spans(
    speech: Sequence[tuple[float, float]], words: Sequence[TimedWord], cue_end: float
) -> list[tuple[float, float]]:
    """Speech after the cue, sorted and merged; the words' own timings when the detector heard none."""
    spans = [(max(s, cue_end), e) for s, e in speech if e > cue_end and e > s]
    if not spans:
        spans = [(max(w.start, cue_end), w.end) for w in words if w.end > cue_end and w.end >= w.start]
    spans.sort()
    merged: list[tuple[float, float]] = []
    for start, end in spans:
        if merged and start - merged[-1][1] < MIN_PAUSE_SECONDS:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _pauses(spans: Sequence[tuple[float, float]]) -> list[Pause]:
    """The gaps between spans, their ends rounded to the millisecond before the duration is taken: a
    pause then ends exactly where the next span starts, and the next pause cannot start before it."""
    pauses = []
    for (_, prev_end), (start, _) in pairwise(spans):
        begins, ends = round(prev_end, 3), round(start, 3)
        pauses.append(Pause(begins, round(ends - begins, 3)))
    return pauses


class DeliveryDataError(ValueError):
    """A stored or imported analysis that does not have the shape `DeliveryFigures.to_json()` writes."""


def figures_from_json(data: object) -> DeliveryFigures:
    """Read back what `to_json()` wrote; anything else (a damaged row, a hostile pack) is refused."""
    if not isinstance(data, dict):
        raise DeliveryDataError("the analysis is not an object")
    words = tuple(TimedWord(_text(w, "word"), _seconds(w, "start"), _seconds(w, "end")) for w in _list(data, "words"))
    fillers = data.get("fillers", {})
    if not isinstance(fillers, dict) or any(k not in FILLER_KINDS or not _count(v) for k, v in fillers.items()):
        raise DeliveryDataError("the filler counts are not kind: count")
    filler_words = _list(data, "filler_words")
    if not all(_count(i) and i < len(words) for i in filler_words):
        raise DeliveryDataError("a filler points at no word")
    hedges = _list(data, "hedges")
    if not all(h in HEDGES for h in hedges):
        raise DeliveryDataError("an unknown hedge")
    return DeliveryFigures(
        transcript=_text(data, "transcript"),
        words=words,
        speaking_seconds=_seconds(data, "speaking_seconds"),
        time_to_first_word=_seconds(data, "time_to_first_word", optional=True),
        wpm=_seconds(data, "wpm"),
        fillers=dict(fillers),
        filler_count=_integer(data, "filler_count"),
        fillers_per_minute=_seconds(data, "fillers_per_minute"),
        pauses=tuple(_pause(p) for p in _list(data, "pauses")),
        long_pauses=tuple(_pause(p) for p in _list(data, "long_pauses")),
        hedges=tuple(hedges),
        filler_words=tuple(filler_words),
        answer_seconds=_seconds(data, "answer_seconds", optional=True),
        limit_seconds=_seconds(data, "limit_seconds", optional=True),
        model=_text(data, "model"),
        version=_integer(data, "version"),
    )


MAX_SECONDS = 24 * 3600.0  # no answer is a day long; a bigger figure is damage


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise DeliveryDataError(f"{key} is not a list")
    return value


def _text(data: object, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, str):
        raise DeliveryDataError(f"{key} is not text")
    return value


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1_000_000


def _integer(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not _count(value):
        raise DeliveryDataError(f"{key} is not a count")
    assert isinstance(value, int)
    return value


def _seconds(data: object, key: str, *, optional: bool = False) -> Any:
    value = data.get(key) if isinstance(data, dict) else None
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_SECONDS:
        raise DeliveryDataError(f"{key} is not a number of seconds")
    return float(value)


def _pause(data: object) -> Pause:
    return Pause(_seconds(data, "start"), _seconds(data, "duration"))
