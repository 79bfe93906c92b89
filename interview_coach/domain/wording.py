"""Counted nouns for the UI and messages: "1 session", "2 sessions", never "1 sessions" or "2 recording(s)"."""

from __future__ import annotations

IRREGULAR = {"entry": "entries", "family": "families", "copy": "copies", "is": "are", "was": "were"}


def plural(noun: str, count: int) -> str:
    """`noun` as it reads after `count`: plural(“answer”, 2) is "answers"; the last word changes."""
    if count == 1:
        return noun
    head, _, last = noun.rpartition(" ")
    if last in IRREGULAR:
        word = IRREGULAR[last]
    elif last.endswith(("s", "x", "ch", "sh")):
        word = last + "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        word = last[:-1] + "ies"
    else:
        word = last + "s"
    return f"{head} {word}" if head else word


def count_of(count: int, noun: str) -> str:
    """ "1 session", "3 sessions", "0 sessions" (thousands grouped: "20,000 answers")."""
    return f"{count:,} {plural(noun, count)}"
