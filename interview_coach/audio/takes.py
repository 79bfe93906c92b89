"""A take read back from disk: when the words began after the cue, and a take cut short by a crash.

File work only (no database): callers run it off the GUI thread and save what it returns.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from interview_coach.audio.encoding import read_audio
from interview_coach.audio.signal_levels import onset_after_cue
from interview_coach.audio.wav_repair import NotRepairableError, repair_wav
from interview_coach.domain.records import AnswerRecord, AnswerTimings
from interview_coach.stored_paths import stored_file

log = logging.getLogger(__name__)


def speech_onset_in(path: Path, cue_end: float) -> float | None:
    """Seconds from the end of the cue to the first words (0 when they began during the cue)."""
    try:
        samples, rate = read_audio(path)
    except Exception as error:  # a damaged file costs only this one figure
        log.warning("cannot measure speech onset in %s: %s", path, error)
        return None
    onset = onset_after_cue(samples, rate, cue_end)
    return round(onset, 2) if onset is not None else None


@dataclass(frozen=True)
class RecoveredTake:
    recording_path: str  # relative to the data folder
    timings: AnswerTimings


def recover_take(root: Path, answer: AnswerRecord) -> RecoveredTake | None:
    """A take interrupted by a crash: its WAV repaired (if the start-up sweep has not) and measured, or
    its FLAC if the conversion finished. None when nothing can be kept: the file is gone, cannot be
    repaired, or its path leads out of the data folder (a file elsewhere is never repaired)."""
    relative = answer.recording_path
    path = stored_file(root, relative)
    flac = stored_file(root, relative[: -len(".wav")] + ".flac") if relative and relative.endswith(".wav") else None
    if flac is not None:
        path = flac
    if path is None:
        return None
    seconds = answer.timings.answer_seconds
    if path.suffix == ".wav":
        try:
            seconds = repair_wav(path).seconds
        except (NotRepairableError, OSError):
            return None
    timings = replace(
        answer.timings,
        answer_seconds=round(seconds or 0.0, 2),
        speech_onset_seconds=speech_onset_in(path, answer.timings.cue_end_seconds or 0.0),
    )
    timings = replace(
        timings, over_limit=bool(timings.answer_limit_seconds and (seconds or 0) > timings.answer_limit_seconds)
    )
    return RecoveredTake(path.relative_to(root).as_posix(), timings)
