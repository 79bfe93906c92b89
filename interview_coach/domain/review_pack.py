"""Review packs and scores files as plain data: what a friend who is not in the room reviews and sends back.

A review pack holds one session's answers (question, what a strong answer shows, the criteria it is scored
on, timings, the recording's name inside the pack). The friend scores and notes the answers in a draft and
sends back a scores file. Both files come from someone else's computer, so every parser here is strict:
types, lengths, ids and ranges are checked and a problem is reported as one sentence for the user.
Formats: docs/DATA_FORMATS.md, "Review packs and scores files".
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from interview_coach.domain.delivery import DeliveryDataError, DeliveryFigures, figures_from_json
from interview_coach.domain.records import AnswerTimings
from interview_coach.domain.rubric import SCORE_MAX, SCORE_MIN, Criterion
from interview_coach.domain.snapshots import LEVELS, is_criterion_id
from interview_coach.domain.validation import is_int, moment_problem

PACK_FORMAT = "interview-coach-review-pack"
PACK_VERSION = 1
SCORES_FORMAT = "interview-coach-review-scores"
SCORES_VERSION = 1
MANIFEST_NAME = "manifest.json"
RECORDINGS_FOLDER = "recordings"
AUDIO_SUFFIXES = (".flac", ".wav")

# Caps on what a pack or scores file may hold: generous for anything the app writes, small enough that a
# hostile file cannot make the app hold or draw megabytes of text.
MAX_ANSWERS = 200
MAX_POSITION = 999
MAX_QUESTION_CHARS = 2_000
MAX_GUIDE_CHARS = 4_000  # what a strong answer shows, how to handle a red flag
MAX_FOLLOW_UPS = 20
MAX_FOLLOW_UP_CHARS = 500
MAX_CATEGORY_CHARS = 64
MAX_CRITERIA = 20
MAX_NAME_CHARS = 80  # candidate, reviewer and criterion names
MAX_SUMMARY_CHARS = 1_000
MAX_NOTE_CHARS = 10_000
MAX_STAMP_CHARS = 64
MAX_SECONDS = 24 * 3600.0

PACK_ID = re.compile(r"^[0-9a-f]{32}$")
ANSWER_KEY = re.compile(r"^[0-9]{2,3}$")

AnswerStatus = Literal["scored", "partly scored", "not scored"]


class PackFormatError(ValueError):
    """A pack, scores file or draft that does not have the documented shape; the message is for the user."""


@dataclass(frozen=True)
class PackAnswer:
    key: str  # the answer's position with two digits, e.g. "03": scores files refer to answers by it
    position: int
    attempt: int
    question_text: str
    category: str
    strong_answer: str
    handling: str  # advice for red-flag prompts, else empty
    follow_ups: tuple[str, ...]
    criteria: tuple[Criterion, ...]  # what the answer was scored on (from its rubric snapshot)
    timings: AnswerTimings
    recording: str | None  # the entry name inside the pack, e.g. "recordings/03.flac"
    improper: str = ""  # a question an interviewer should not ask: why, and how to answer it (newer packs)
    delivery: DeliveryFigures | None = None  # the measured delivery and transcript, when it was analysed

    @property
    def audible_criteria(self) -> tuple[Criterion, ...]:
        """What a friend who only hears the answer can judge: not eye contact or posture."""
        return tuple(c for c in self.criteria if not c.in_person)


@dataclass(frozen=True)
class ReviewPack:
    pack_id: str
    created_at: str
    app_version: str
    candidate_name: str
    session_started_at: str
    answers: tuple[PackAnswer, ...]
    folder: Path | None = None  # where the friend's copy unpacked it (set by storage; no I/O here)

    def answer(self, key: str) -> PackAnswer | None:
        return next((a for a in self.answers if a.key == key), None)

    def unheard_criteria(self) -> list[str]:
        """Names of the points a listener cannot judge (eye contact, posture), each once, in rubric order."""
        names = (c.name for a in self.answers for c in a.criteria if c.in_person)
        return list(dict.fromkeys(names))


@dataclass
class AnswerReview:
    scores: dict[str, int] = field(default_factory=dict)
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.scores and not self.note.strip()


@dataclass
class ReviewDraft:
    """The friend's scores and notes so far; saved after every change so closing the app loses nothing."""

    reviewer_name: str = ""
    answers: dict[str, AnswerReview] = field(default_factory=dict)

    def review(self, key: str) -> AnswerReview:
        return self.answers.get(key) or AnswerReview()

    def set_score(self, key: str, criterion_id: str, value: int) -> None:
        if not SCORE_MIN <= value <= SCORE_MAX:
            raise ValueError(f"a score is {SCORE_MIN}-{SCORE_MAX}, not {value}")
        self.answers.setdefault(key, AnswerReview()).scores[criterion_id] = value

    def set_note(self, key: str, text: str) -> None:
        self.answers.setdefault(key, AnswerReview()).note = text


@dataclass(frozen=True)
class ScoresFile:
    """A parsed scores file; whether it matches a pack sent from this data folder is checked by storage."""

    pack_id: str
    reviewer_name: str
    created_at: str
    answers: dict[str, AnswerReview]


# Status and progress


def answer_status(answer: PackAnswer, review: AnswerReview) -> AnswerStatus:
    """Scored once every criterion the friend can judge has a score (or, with none to judge, a note)."""
    wanted = [c.id for c in answer.audible_criteria]
    given = [c for c in wanted if c in review.scores]
    if not wanted:
        return "scored" if review.note.strip() else "not scored"
    if len(given) == len(wanted):
        return "scored"
    return "partly scored" if given or review.note.strip() else "not scored"


def scored_count(pack: ReviewPack, draft: ReviewDraft) -> int:
    return sum(answer_status(a, draft.review(a.key)) == "scored" for a in pack.answers)


# Manifest


def manifest_to_json(pack: ReviewPack) -> dict[str, Any]:
    return {
        "format": PACK_FORMAT,
        "version": PACK_VERSION,
        "pack_id": pack.pack_id,
        "created_at": pack.created_at,
        "app_version": pack.app_version,
        "candidate_name": pack.candidate_name,
        "session_started_at": pack.session_started_at,
        "answers": [_answer_to_json(a) for a in pack.answers],
    }


def _answer_to_json(answer: PackAnswer) -> dict[str, Any]:
    t = answer.timings
    return {
        "key": answer.key,
        "position": answer.position,
        "attempt": answer.attempt,
        "question": {
            "text": answer.question_text,
            "category": answer.category,
            "strong_answer": answer.strong_answer,
            "handling": answer.handling,
            "follow_ups": list(answer.follow_ups),
            **({"improper": answer.improper} if answer.improper else {}),  # only when set: older packs unchanged
        },
        "criteria": [
            {"id": c.id, "name": c.name, "summary": c.summary, "levels": list(c.levels), "in_person": c.in_person}
            for c in answer.criteria
        ],
        "timings": {
            "think_limit_seconds": t.think_limit_seconds,
            "answer_limit_seconds": t.answer_limit_seconds,
            "think_seconds": t.think_seconds,
            "answer_seconds": t.answer_seconds,
            "speech_onset_seconds": t.speech_onset_seconds,
            "over_limit": t.over_limit,
        },
        "recording": answer.recording,
        **({"delivery": answer.delivery.to_json()} if answer.delivery is not None else {}),
    }


def answer_key(position: int) -> str:
    return f"{position:02d}"


def recording_name(key: str, suffix: str) -> str:
    return f"{RECORDINGS_FOLDER}/{key}{suffix}"


def parse_manifest(data: Any) -> ReviewPack:
    """A review pack's manifest, checked field by field. Raises PackFormatError naming the first problem."""
    if not isinstance(data, dict):
        raise PackFormatError("its manifest is not a JSON object")
    if data.get("format") != PACK_FORMAT:
        raise PackFormatError(f"it is not an Interview Coach review pack (its format is {_shown(data.get('format'))})")
    version = data.get("version")
    if not is_int(version) or version < 1:
        raise PackFormatError("its manifest has no valid format version")
    app_version = _text(data, "app_version", MAX_STAMP_CHARS, "manifest", required=False) or "?"
    if version > PACK_VERSION:
        raise PackFormatError(
            f"it was made by a newer version of Interview Coach ({app_version}, review pack format {version}; "
            f"this version reads format {PACK_VERSION}). Update the app to open it"
        )
    pack_id = data.get("pack_id")
    if not isinstance(pack_id, str) or not PACK_ID.fullmatch(pack_id):
        raise PackFormatError("its manifest has no valid pack_id (32 hexadecimal digits)")
    raw_answers = data.get("answers")
    if not isinstance(raw_answers, list) or not raw_answers:
        raise PackFormatError("its manifest lists no answers")
    if len(raw_answers) > MAX_ANSWERS:
        raise PackFormatError(f"its manifest lists {len(raw_answers)} answers; the limit is {MAX_ANSWERS}")
    answers = tuple(_parse_answer(item, number) for number, item in enumerate(raw_answers, start=1))
    keys = [a.key for a in answers]
    if len(set(keys)) != len(keys):
        raise PackFormatError("its manifest lists an answer key more than once")
    return ReviewPack(
        pack_id=pack_id,
        created_at=_moment(data, "created_at", "its manifest"),
        app_version=app_version,
        candidate_name=_name(data, "candidate_name", "manifest", required=False),
        session_started_at=_moment(data, "session_started_at", "its manifest"),
        answers=answers,
    )


def _parse_answer(data: Any, number: int) -> PackAnswer:
    where = f"answer {number}"
    if not isinstance(data, dict):
        raise PackFormatError(f"{where} in its manifest is not an object")
    position, attempt = data.get("position"), data.get("attempt")
    if not is_int(position) or not 1 <= position <= MAX_POSITION:
        raise PackFormatError(f"{where} has no valid position")
    if not is_int(attempt) or not 1 <= attempt <= MAX_POSITION:
        raise PackFormatError(f"{where} has no valid attempt number")
    key = data.get("key")
    if key != answer_key(position):
        raise PackFormatError(f"{where} has the key {key!r}; it should be {answer_key(position)!r}")
    question = data.get("question")
    if not isinstance(question, dict):
        raise PackFormatError(f"{where} has no question")
    text = _text(question, "text", MAX_QUESTION_CHARS, where)
    if not text.strip():
        raise PackFormatError(f"{where}: its question text is empty")
    raw_criteria = data.get("criteria")
    if not isinstance(raw_criteria, list) or len(raw_criteria) > MAX_CRITERIA:
        raise PackFormatError(f"{where} needs a list of at most {MAX_CRITERIA} criteria")
    criteria = tuple(_parse_criterion(c, where) for c in raw_criteria)
    if len({c.id for c in criteria}) != len(criteria):
        raise PackFormatError(f"{where} lists a criterion more than once")
    recording = data.get("recording")
    if recording is not None and (
        not isinstance(recording, str) or recording not in {recording_name(key, s) for s in AUDIO_SUFFIXES}
    ):
        raise PackFormatError(
            f"{where} names the recording {str(recording)[:80]!r}; it should be "
            f"{recording_name(key, AUDIO_SUFFIXES[0])!r} (or .wav)"
        )
    return PackAnswer(
        key=key,
        position=position,
        attempt=attempt,
        question_text=text,
        category=_text(question, "category", MAX_CATEGORY_CHARS, where, required=False),
        strong_answer=_text(question, "strong_answer", MAX_GUIDE_CHARS, where, required=False),
        handling=_text(question, "handling", MAX_GUIDE_CHARS, where, required=False),
        follow_ups=_follow_ups(question.get("follow_ups", []), where),
        criteria=criteria,
        timings=_timings(data.get("timings", {}), where),
        recording=recording,
        improper=_text(question, "improper", MAX_GUIDE_CHARS, where, required=False),
        delivery=_delivery(data.get("delivery"), where),
    )


def _delivery(value: Any, where: str) -> DeliveryFigures | None:
    if value is None:
        return None
    try:
        return figures_from_json(value)
    except DeliveryDataError as error:
        raise PackFormatError(f"{where}: its delivery analysis is not valid ({error})") from None


def _parse_criterion(data: Any, where: str) -> Criterion:
    if not isinstance(data, dict):
        raise PackFormatError(f"{where} has a criterion that is not an object")
    criterion_id = data.get("id")
    if not isinstance(criterion_id, str) or not is_criterion_id(criterion_id):
        raise PackFormatError(f"{where} has a criterion without a valid id")
    inner = f"{where}, criterion {criterion_id!r}"
    levels = data.get("levels")
    if not isinstance(levels, list) or len(levels) != LEVELS:
        raise PackFormatError(f"{inner} needs {LEVELS} level descriptions")
    for level in levels:
        if not isinstance(level, str) or len(level) > MAX_SUMMARY_CHARS:
            raise PackFormatError(f"{inner} has a level description that is not text of at most {MAX_SUMMARY_CHARS}")
    in_person = data.get("in_person", False)
    if not isinstance(in_person, bool):
        raise PackFormatError(f"{inner}: in_person must be true or false")
    return Criterion(
        id=criterion_id,
        name=_name(data, "name", inner),
        summary=_text(data, "summary", MAX_SUMMARY_CHARS, inner, required=False),
        levels=tuple(levels),
        in_person=in_person,
    )


def _follow_ups(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_FOLLOW_UPS:
        raise PackFormatError(f"{where}: follow_ups must be a list of at most {MAX_FOLLOW_UPS}")
    for item in value:
        if not isinstance(item, str) or len(item) > MAX_FOLLOW_UP_CHARS:
            raise PackFormatError(f"{where}: each follow-up must be text of at most {MAX_FOLLOW_UP_CHARS} characters")
    return tuple(value)


def _timings(value: Any, where: str) -> AnswerTimings:
    if not isinstance(value, dict):
        raise PackFormatError(f"{where}: timings must be an object")
    numbers: dict[str, float | None] = {}
    for name in ("think_limit_seconds", "answer_limit_seconds", "think_seconds", "answer_seconds"):
        numbers[name] = _seconds(value.get(name), f"{where}: {name}")
    numbers["speech_onset_seconds"] = _seconds(value.get("speech_onset_seconds"), f"{where}: speech_onset_seconds")
    over = value.get("over_limit", False)
    if not isinstance(over, bool):
        raise PackFormatError(f"{where}: over_limit must be true or false")
    return AnswerTimings(**numbers, over_limit=over)


def _seconds(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PackFormatError(f"{where} must be a number of seconds")
    if not 0 <= value <= MAX_SECONDS:
        raise PackFormatError(f"{where} is out of range")
    return float(value)


# Draft


def draft_to_json(draft: ReviewDraft) -> dict[str, Any]:
    return {
        "reviewer_name": draft.reviewer_name,
        "answers": {
            key: {"scores": dict(review.scores), "note": review.note}
            for key, review in sorted(draft.answers.items())
            if not review.is_empty
        },
    }


def draft_from_json(data: Any, pack: ReviewPack) -> ReviewDraft:
    """The friend's own saved draft, leniently: anything that no longer fits the pack is dropped."""
    draft = ReviewDraft()
    if not isinstance(data, dict):
        return draft
    name = data.get("reviewer_name")
    if isinstance(name, str):
        draft.reviewer_name = name[:MAX_NAME_CHARS]
    answers = data.get("answers")
    for key, raw in (answers if isinstance(answers, dict) else {}).items():
        answer = pack.answer(key) if isinstance(key, str) else None
        if answer is None or not isinstance(raw, dict):
            continue
        allowed = {c.id for c in answer.audible_criteria}
        scores = raw.get("scores")
        for criterion, value in (scores if isinstance(scores, dict) else {}).items():
            if criterion in allowed and is_int(value) and SCORE_MIN <= value <= SCORE_MAX:
                draft.set_score(key, criterion, value)
        note = raw.get("note")
        if isinstance(note, str) and note:
            draft.set_note(key, note[:MAX_NOTE_CHARS])
    return draft


# Scores file


def clean_reviewer_name(name: str) -> str:
    """The name as it will be stored; raises PackFormatError when it cannot be used."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise PackFormatError("type your name first, so the candidate knows whose scores these are")
    if len(cleaned) > MAX_NAME_CHARS:
        raise PackFormatError(f"the reviewer's name is longer than {MAX_NAME_CHARS} characters")
    return cleaned


def scores_document(pack: ReviewPack, draft: ReviewDraft, created_at: str) -> dict[str, Any]:
    """What the friend sends back: their scores and notes per answer, nothing else from the pack."""
    reviewer = clean_reviewer_name(draft.reviewer_name)
    answers: dict[str, Any] = {}
    for answer in pack.answers:
        review = draft.review(answer.key)
        scores = {c.id: review.scores[c.id] for c in answer.audible_criteria if c.id in review.scores}
        note = review.note.strip()[:MAX_NOTE_CHARS]
        if scores or note:
            answers[answer.key] = {"scores": scores, "note": note}
    if not answers:
        raise PackFormatError("score at least one answer (or write a note) first")
    return {
        "format": SCORES_FORMAT,
        "version": SCORES_VERSION,
        "pack_id": pack.pack_id,
        "reviewer_name": reviewer,
        "created_at": created_at,
        "answers": answers,
    }


def parse_scores(data: Any) -> ScoresFile:
    """A scores file's own shape. Whether its pack, answers and criteria exist is for the importer to check."""
    if not isinstance(data, dict):
        raise PackFormatError("it is not a JSON object")
    if data.get("format") != SCORES_FORMAT:
        raise PackFormatError(f"it is not an Interview Coach scores file (its format is {_shown(data.get('format'))})")
    version = data.get("version")
    if not is_int(version) or version < 1:
        raise PackFormatError("it has no valid format version")
    if version > SCORES_VERSION:
        raise PackFormatError(
            f"it was made by a newer version of Interview Coach (scores file format {version}; "
            f"this version reads format {SCORES_VERSION}). Update the app to import it"
        )
    pack_id = data.get("pack_id")
    if not isinstance(pack_id, str) or not PACK_ID.fullmatch(pack_id):
        raise PackFormatError("it has no valid pack_id (32 hexadecimal digits)")
    raw_name = data.get("reviewer_name")
    if not isinstance(raw_name, str) or not raw_name.strip():
        raise PackFormatError("it does not say who scored (reviewer_name)")
    if any(ord(c) < 32 or ord(c) == 127 for c in raw_name):
        raise PackFormatError("the reviewer's name contains control characters")
    reviewer = clean_reviewer_name(raw_name)
    raw_answers = data.get("answers")
    if not isinstance(raw_answers, dict) or not raw_answers:
        raise PackFormatError("it holds no answers")
    if len(raw_answers) > MAX_ANSWERS:
        raise PackFormatError(f"it holds {len(raw_answers)} answers; the limit is {MAX_ANSWERS}")
    answers = {key: _parse_review(key, raw) for key, raw in raw_answers.items()}
    return ScoresFile(pack_id, reviewer, _text(data, "created_at", MAX_STAMP_CHARS, "it", required=False), answers)


def _parse_review(key: Any, data: Any) -> AnswerReview:
    if not isinstance(key, str) or not ANSWER_KEY.fullmatch(key):
        raise PackFormatError(f"it has an answer key {str(key)[:20]!r} that no review pack uses")
    where = f"answer {key}"
    if not isinstance(data, dict):
        raise PackFormatError(f"{where} is not an object")
    scores = data.get("scores", {})
    if not isinstance(scores, dict) or len(scores) > MAX_CRITERIA:
        raise PackFormatError(f"{where}: scores must be an object of at most {MAX_CRITERIA} criteria")
    review = AnswerReview()
    for criterion, value in scores.items():
        if not isinstance(criterion, str) or not is_criterion_id(criterion):
            raise PackFormatError(f"{where} has a score for {str(criterion)[:40]!r}, which is not a criterion id")
        if not is_int(value) or not SCORE_MIN <= value <= SCORE_MAX:
            raise PackFormatError(
                f"{where}: the score for {criterion!r} must be a whole number from {SCORE_MIN} to {SCORE_MAX}, "
                f"not {str(value)[:20]}"
            )
        review.scores[criterion] = value
    note = data.get("note", "")
    if not isinstance(note, str):
        raise PackFormatError(f"{where}: the note must be text")
    if len(note) > MAX_NOTE_CHARS:
        raise PackFormatError(f"{where}: the note is longer than {MAX_NOTE_CHARS} characters")
    review.note = note.strip()
    return review


# Field helpers


def _shown(value: object) -> str:
    """A value from the file as one short, escaped line for a message."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _text(data: Mapping[str, Any], key: str, limit: int, where: str, *, required: bool = True) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise PackFormatError(f"{where}: {key} must be text")
    if len(value) > limit:
        raise PackFormatError(f"{where}: {key} is longer than {limit} characters")
    return value


def _moment(data: Mapping[str, Any], key: str, where: str) -> str:
    """A date and time with its time zone (ISO 8601), as the app writes them, within years 1970-9998."""
    value = _text(data, key, MAX_STAMP_CHARS, where)
    if moment_problem(value):
        raise PackFormatError(f"{where}: {key} is not a date and time")
    return value


def _name(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = _text(data, key, MAX_NAME_CHARS, where, required=required)
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise PackFormatError(f"{where}: {key} contains control characters")
    if required and not value.strip():
        raise PackFormatError(f"{where}: {key} is empty")
    return value.strip()
