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

from interview_coach.domain.journal_content import KeywordRule, ReadingRules

GAP = "..."
MAX_GAP_WORDS = 3
SHORT_WORD = 3  # pattern words this short must match a whole word (or it plus "s")
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_CLAUSE_END = re.compile(r"[.!?;:\n]")
# Words that start a new clause: "Strong examples, but too long" praises one thing and faults another.
CONTRAST = frozenset({"but", "however", "although", "though", "whereas", "unfortunately"})
NEGATION_REACH = 4  # a negation counts for a fault up to this many words before it


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
    words = tokens(text)
    return [(words[a].start, words[b - 1].end) for a, b in _find(_pattern(phrase), words)]


def _find(pattern: Sequence[str], words: Sequence[Token]) -> list[tuple[int, int]]:
    """Where `pattern` occurs, as (first, past-the-last) word indexes, without overlaps."""
    if not pattern:
        return []
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        end = _match_at(pattern, words, index)
        if end is None or end == index:
            index += 1
            continue
        spans.append((index, end))
        index = end
    return spans


class _Reader:
    """One text's words, split into clauses, with what the reading rules say about each match."""

    def __init__(self, text: str, reading: ReadingRules) -> None:
        self.words = tokens(text)
        self.reading = reading
        self.clause = self._clauses(text)
        self.ignored = self._spans(reading.ignore)
        self.negated_at = {i for i, w in enumerate(self.words) if w.text in _normalised(reading.negations)}
        criticised = {self.clause[a] for a, _ in self._spans(reading.criticism)}
        self.praise_clauses = {self.clause[a] for a, _ in self._spans(reading.praise)} - criticised
        self.faults = set(_normalised_phrases(reading.faults))

    def _clauses(self, text: str) -> list[int]:
        numbers: list[int] = []
        number = 0
        for index, word in enumerate(self.words):
            before = text[self.words[index - 1].end : word.start] if index else ""
            if _CLAUSE_END.search(before) or word.text in CONTRAST:
                number += 1
            numbers.append(number)
        return numbers

    def _spans(self, phrases: Iterable[str]) -> list[tuple[int, int]]:
        return [span for phrase in phrases for span in _find(_pattern(phrase), self.words)]

    def counts(self, phrase: str, first: int, end: int) -> bool:
        """False when the match is boilerplate, sits in praise, or is a fault the text says was absent."""
        if any(a < end and first < b for a, b in self.ignored):
            return False
        if self.clause[first] in self.praise_clauses:
            return False
        if _pattern(phrase) in self.faults:
            reach = range(max(0, first - NEGATION_REACH), first)
            return not any(i in self.negated_at and self.clause[i] == self.clause[first] for i in reach)
        return True


def _normalised(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalise(w) for w in words)


def _normalised_phrases(phrases: Iterable[str]) -> list[tuple[str, ...]]:
    return [_pattern(p) for p in phrases]


def suggest_tags(
    texts: Iterable[str],
    rules: Sequence[KeywordRule],
    *,
    known_areas: Iterable[str] | None = None,
    reading: ReadingRules | None = None,
) -> list[TagSuggestion]:
    """Areas the text points to, the most-mentioned first (then the first mentioned).

    Overlapping phrases of one area count once ("no concrete examples" is one mention, not two).
    With `reading`, praise, negated faults and rejection boilerplate suggest nothing.
    """
    known = set(known_areas) if known_areas is not None else None
    hits: dict[str, list[tuple[int, int, str]]] = {}
    for number, text in enumerate(texts):
        offset = number * 1_000_000  # later texts (reflections) rank after the feedback on ties
        reader = _Reader(text, reading or ReadingRules())
        words = reader.words
        if not words:
            continue
        for rule in rules:
            for phrase in rule.phrases:
                for first, past in _find(_pattern(phrase), words):
                    if not reader.counts(phrase, first, past):
                        continue
                    start, end = words[first].start, words[past - 1].end
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
