"""Timed words for delivery tests that need a transcript but no audio."""

from __future__ import annotations

from interview_coach.domain.delivery import TimedWord


def timed_words(text: str, start: float = 1.0, step: float = 0.4) -> list[TimedWord]:
    """One word every `step` seconds from `start`, each 0.3 s long."""
    return [TimedWord(word, start + i * step, start + i * step + 0.3) for i, word in enumerate(text.split())]
