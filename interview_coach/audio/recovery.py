"""Start-up sweep for recordings cut short by a crash or kill: repair them so they can be offered back."""

from __future__ import annotations

import logging
from pathlib import Path

import soundfile as sf

from interview_coach.audio.wav_repair import NotRepairableError, WavRepair, repair_wav
from interview_coach.stored_paths import regular_files

log = logging.getLogger(__name__)


def recover_recordings(folder: Path) -> list[WavRepair]:
    """Every WAV left under `folder` (the data folder's recordings/) is a take that never reached its clean
    stop (finished takes are FLAC). A WAV whose FLAC exists was already converted: only the deletion was
    interrupted. Links are never followed, nor a `folder` that leads out of its data folder: the sweep
    rewrites and deletes files, and only the app's own takes may be touched."""
    recovered = []
    for wav in sorted(p for p in regular_files(folder, inside=folder.parent) if p.suffix == ".wav"):
        flac = wav.with_suffix(".flac")
        if flac.exists() and _readable(flac):
            wav.unlink(missing_ok=True)
            continue
        try:
            repair = repair_wav(wav)
        except (NotRepairableError, OSError) as error:
            log.warning("cannot repair %s: %s", wav, error)
            continue
        if repair.frames == 0:
            wav.unlink(missing_ok=True)  # killed before the first block: nothing to offer
            continue
        recovered.append(repair)
    return recovered


def _readable(path: Path) -> bool:
    try:
        return bool(sf.info(str(path)).frames > 0)
    except (sf.LibsndfileError, RuntimeError, OSError):
        return False
