"""Spoken answers with known fillers and silences at known places, for the delivery analysis tests.

Each phrase is spoken by espeak-ng, trimmed to where it is audible, and joined to the others with
silences of chosen lengths (numpy), so the answer's true pauses and first word are known exactly.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 16_000
AUDIBLE = 0.01  # trimming threshold: espeak's output is silent to the sample outside its speech


@dataclass(frozen=True)
class KnownAnswer:
    path: Path
    first_word: float  # seconds from the start of the file
    silences: list[tuple[float, float]]  # (start, duration) of every silence between phrases
    fillers: dict[str, int]  # "um"/"uh" spoken
    text: str


def speak(text: str, words_per_minute: int = 160) -> np.ndarray:
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        raise RuntimeError("espeak-ng is needed to make test speech (make test installs it)")
    wav = subprocess.run(
        [espeak, "-v", "en-us", "-s", str(words_per_minute), "--stdout", text], capture_output=True, check=True
    ).stdout
    data, rate = sf.read(io.BytesIO(wav), dtype="float32")
    count = int(len(data) * RATE / rate)
    audio = np.interp(np.arange(count) * rate / RATE, np.arange(len(data)), data).astype(np.float32)
    audible = np.flatnonzero(np.abs(audio) > AUDIBLE)
    return audio[audible[0] : audible[-1] + 1]


def make_answer(path: Path, parts: list[str | float], *, seed: int = 0) -> KnownAnswer:
    """`parts` alternate phrases (str) and silences (seconds); a little noise keeps it realistic."""
    noise = np.random.default_rng(seed)
    pieces: list[np.ndarray] = []
    silences: list[tuple[float, float]] = []
    first_word: float | None = None
    at = 0.0
    spoken = []
    for part in parts:
        if isinstance(part, str):
            audio = speak(part)
            first_word = at if first_word is None else first_word
            spoken.append(part)
        else:
            audio = np.zeros(int(part * RATE), dtype=np.float32)
            if first_word is not None:
                silences.append((at, part))
        pieces.append(audio)
        at += len(audio) / RATE
    if silences and silences[-1][0] + silences[-1][1] >= at - 1e-6:
        silences.pop()  # the silence after the last phrase is not a pause inside the answer
    signal = np.concatenate(pieces)
    signal += noise.normal(0, 0.0005, len(signal)).astype(np.float32)
    sf.write(path, signal, RATE, subtype="PCM_16")
    text = " ".join(spoken)
    bare = [w.strip(",.").lower() for w in text.split()]
    assert first_word is not None
    return KnownAnswer(path, first_word, silences, {"um": bare.count("um"), "uh": bare.count("uh")}, text)


ANSWERS: list[list[str | float]] = [
    [
        1.2,
        "Um, in my last role I led a team of five engineers.",
        1.5,
        "Uh, we had to ship a billing migration in two weeks.",
        2.5,
        "So, um, I split the work into three stages.",
        0.6,
        "And we finished, uh, two days early.",
        1.1,
        "Um, the customers never noticed an outage.",
        0.8,
    ],
    [
        0.7,
        "Well, uh, the hardest part was the old data.",
        3.0,
        "Um, I wrote a checker that compared every invoice.",
        1.3,
        "It found, uh, about forty mistakes before launch.",
        0.4,
        "Um, and I learned to test the data, not only the code.",
        1.8,
        "Uh, now I do that on every project.",
        0.5,
    ],
    [
        2.0,
        "Uh, I disagreed with my manager once about a deadline.",
        1.4,
        "Um, I showed her the risks with real numbers.",
        1.0,
        "And, uh, we agreed to move one feature to the next release.",
        2.2,
        "Um, the release went out on time, uh, and it was stable.",
        0.7,
    ],
]
