"""Suggesting tags from what the feedback says: "no concrete examples" points to a specific story.

Only suggestions: the user confirms each one. The phrases live in resources/journal/feedback_keywords.toml,
which also explains how a phrase matches (ignoring case, accents and punctuation; word starts; "..."
for a few words in between).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from interview_coach.domain.journal_content import KeywordRule

GAP = "..."
MAX_GAP_WORDS = 3
SHORT_WORD = 3  # pattern words this short must match a whole word (or it plus "s")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


@dataclass(frozen=True)
class Token:
    text: str  # normalised
    start: int  # in the original text
    end: int


@dataclass(frozen=True)
class TagSuggestion:
    area: str
    quotes: tuple[str, ...]  # the words of the feedback that point to it, as written
    first_at: int  # where in the text the first of them starts

    @property
    def strength(self) -> int:
        return len(self.quotes)


def normalise(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("'", "").replace("\u2019", "")


def tokens(text: str) -> list[Token]:
    """The words of `text`, normalised, with where each sits (hyphens split words: "long-winded")."""
    found: list[Token] = []
    for match in _WORD.finditer(text):
        found.append(Token(normalise(match.group(0)), match.start(), match.end()))
    return found


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> tuple[str, ...]:
    parts: list[str] = []
    for piece in phrase.replace(GAP, f" {GAP} ").split():
        if piece == GAP:
            parts.append(GAP)
        else:
            parts.extend(t.text for t in tokens(piece))
    while parts and parts[0] == GAP:
        parts.pop(0)
    while parts and parts[-1] == GAP:
        parts.pop()
    return tuple(parts)


def _word_matches(pattern: str, word: str) -> bool:
    if len(pattern) <= SHORT_WORD:
        return word in (pattern, pattern + "s")
    return word.startswith(pattern)


def _match_at(pattern: Sequence[str], words: Sequence[Token], start: int) -> int | None:
    """The index just past the match of `pattern` starting at words[start], or None."""
    if not pattern:
        return start
    head, rest = pattern[0], pattern[1:]
    if head == GAP:
        next_word, after = rest[0], rest[1:]
        for skip in range(MAX_GAP_WORDS + 1):
            index = start + skip
            if index < len(words) and _word_matches(next_word, words[index].text):
                end = _match_at(after, words, index + 1)
                if end is not None:
                    return end
        return None
    if start < len(words) and _word_matches(head, words[start].text):
        return _match_at(rest, words, start + 1)
    return None


def find_phrase(phrase: str, text: str) -> list[tuple[int, int]]:
    """Where `phrase` occurs in `text`, as (start, end) character spans, without overlaps."""
    return _find(_pattern(phrase), tokens(text))


def _find(pattern: Sequence[str], words: Sequence[Token]) -> list[tuple[int, int]]:
    if not pattern:
        return []
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        end = _match_at(pattern, words, index)
        if end is None or end == index:
            index += 1
            continue
        spans.append((words[index].start, words[end - 1].end))
        index = end
    return spans


def suggest_tags(
    texts: Iterable[str], rules: Sequence[KeywordRule], *, known_areas: Iterable[str] | None = None
) -> list[TagSuggestion]:
    """Areas the text points to, the most-mentioned first (then the first mentioned).

    Overlapping phrases of one area count once ("no concrete examples" is one mention, not two).
    """
    known = set(known_areas) if known_areas is not None else None
    hits: dict[str, list[tuple[int, int, str]]] = {}
    for number, text in enumerate(texts):
        offset = number * 1_000_000  # later texts (reflections) rank after the feedback on ties
        words = tokens(text)
        if not words:
            continue
        for rule in rules:
            for phrase in rule.phrases:
                for start, end in _find(_pattern(phrase), words):
                    for area in rule.areas:
                        if known is None or area in known:
                            hits.setdefault(area, []).append((offset + start, offset + end, text[start:end]))
    suggestions = []
    for area, found in hits.items():
        found.sort()
        merged: list[tuple[int, int, str]] = []
        for start, end, quote in found:
            if merged and start < merged[-1][1]:  # overlaps the last mention: keep the longer of the two
                last = merged[-1]
                if end - start > last[1] - last[0]:
                    merged[-1] = (start, end, quote)
                continue
            merged.append((start, end, quote))
        quotes = tuple(dict.fromkeys(q for _, _, q in merged))
        suggestions.append(TagSuggestion(area, quotes, merged[0][0]))
    suggestions.sort(key=lambda s: (-len(s.quotes), s.first_at))
    return suggestions


def new_suggestions(suggestions: Sequence[TagSuggestion], confirmed: Iterable[str]) -> list[TagSuggestion]:
    """Suggestions the user has not confirmed yet."""
    taken = set(confirmed)
    return [s for s in suggestions if s.area not in taken]
