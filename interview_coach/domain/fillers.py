"""Which of an answer's words are fillers and hedges: plain rules over the transcript's words.

Whisper writes punctuation onto its words (" Um,", " so.", "like,"), and that punctuation is the
best clue a transcript has to whether "like" or "you know" carries meaning or only fills time, so
the rules read it before it is stripped. The rules are heuristics: they aim to count what a
listener would hear as filler, and to leave "I'd like to", "do you know" and "so that" alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Filler kinds in the order they are reported.
FILLER_KINDS: tuple[str, ...] = ("um", "uh", "er", "like", "you know", "basically", "so")
# Sounds that are not words: they never count towards the pace.
NON_LEXICAL_KINDS = frozenset({"um", "uh", "er"})
HEDGES: tuple[str, ...] = ("I guess", "maybe", "sort of", "I think")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SOUNDS = {
    "um": "um",
    "umm": "um",
    "ummm": "um",
    "uhm": "um",
    "hmm": "um",
    "hm": "um",
    "mm": "um",
    "uh": "uh",
    "uhh": "uh",
    "uhhh": "uh",
    "ah": "uh",
    "er": "er",
    "err": "er",
    "erm": "er",
}
# "like" after these carries meaning: "I'd like", "it looks like", "something like", "don't like".
_LIKE_MEANT_AFTER = _set(
    "would i'd you'd we'd they'd he'd she'd feel feels felt look looks looked looking seem seems seemed "
    "sound sounds sounded something anything nothing things much more exactly don't didn't doesn't do "
    "does did really also always i you we they people not just"
)
# "like" after these fills: "it was like", "and like", "um like".
_LIKE_FILLS_AFTER = _set("was were is it's that's and but um uh er")
# "you know" after these is a question or a clause: "do you know", "if you know", "as you know".
_YOU_KNOW_MEANT_AFTER = _set("do did don't didn't if would as will can could what whether when")
# ... and before these it takes an object: "you know how", "you know the answer".
_YOU_KNOW_MEANT_BEFORE = _set("how what that the a an about where why who when whether if him her them it this me us")
_SENTENCE_END = (".", "?", "!")
_WORD_CHARS = re.compile(r"[^a-z0-9']+")


@dataclass(frozen=True)
class Token:
    """One transcript word: its bare lower-case form and the punctuation written around it."""

    bare: str
    comma_after: bool
    sentence_end_after: bool


def tokenise(words: Sequence[str]) -> list[Token]:
    tokens = []
    for word in words:
        text = word.strip().lower().replace("’", "'")
        bare = _WORD_CHARS.sub("", text).strip("'")
        tokens.append(Token(bare, text.endswith((",", ";", ":", "-", "—")), text.endswith(_SENTENCE_END)))
    return tokens


@dataclass(frozen=True)
class FillerHit:
    kind: str
    index: int  # the first word of the filler
    length: int  # words it spans ("you know": 2)


def find_fillers(words: Sequence[str]) -> list[FillerHit]:
    """Every filler in the answer's words, in order, none overlapping."""
    tokens = tokenise(words)
    hits: list[FillerHit] = []
    index = 0
    while index < len(tokens):
        hit = _filler_at(tokens, index)
        if hit is not None:
            hits.append(hit)
            index += hit.length
        else:
            index += 1
    return hits


def _filler_at(tokens: Sequence[Token], index: int) -> FillerHit | None:
    token = tokens[index]
    previous = _previous(tokens, index)
    if token.bare in _SOUNDS:
        return FillerHit(_SOUNDS[token.bare], index, 1)
    if token.bare == "basically":
        return FillerHit("basically", index, 1)
    if token.bare == "so" and _starts_sentence(previous):
        return FillerHit("so", index, 1)
    if token.bare == "like" and _like_fills(token, previous):
        return FillerHit("like", index, 1)
    if token.bare == "you" and index + 1 < len(tokens) and tokens[index + 1].bare == "know":
        following = tokens[index + 2] if index + 2 < len(tokens) else None
        if _you_know_fills(tokens[index + 1], previous, following):
            return FillerHit("you know", index, 2)
    return None


def _previous(tokens: Sequence[Token], index: int) -> Token | None:
    return tokens[index - 1] if index > 0 else None


def _starts_sentence(previous: Token | None) -> bool:
    return previous is None or previous.sentence_end_after


def _like_fills(token: Token, previous: Token | None) -> bool:
    if previous is None or previous.sentence_end_after or previous.comma_after or token.comma_after:
        return True  # set off by punctuation: "Like, we had to..." / "and, like, ..."
    if previous.bare in _LIKE_MEANT_AFTER:
        return False
    return previous.bare in _LIKE_FILLS_AFTER


def _you_know_fills(know: Token, previous: Token | None, following: Token | None) -> bool:
    if previous is not None and previous.bare in _YOU_KNOW_MEANT_AFTER and not previous.comma_after:
        return False
    if know.comma_after or know.sentence_end_after or following is None:
        return True
    return following.bare not in _YOU_KNOW_MEANT_BEFORE


def find_hedges(words: Sequence[str]) -> list[str]:
    """Every hedge in the answer, in order, as the phrase it matched ("I think", "maybe")."""
    bare = [token.bare for token in tokenise(words)]
    phrases = [(hedge, hedge.lower().split()) for hedge in HEDGES]
    found = []
    for index in range(len(bare)):
        for hedge, parts in phrases:
            if bare[index : index + len(parts)] == parts:
                found.append(hedge)
    return found
