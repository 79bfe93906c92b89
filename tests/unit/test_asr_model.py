"""The bundled speech-recognition model is checked before it is loaded; a bad one is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.audio.asr_model import (
    BUNDLED_MODEL,
    BUNDLED_MODEL_FILES,
    ModelError,
    bundled_model_dir,
    check_bundled_model,
    model_source,
)


def fake_model(folder: Path, weights: bytes = b"weights") -> Path:
    for name in BUNDLED_MODEL_FILES:
        (folder / name).write_bytes(weights if name == "model.bin" else b"{}")
    return folder


def test_the_installed_bundled_model_passes_its_check() -> None:
    check_bundled_model(bundled_model_dir())
    source = model_source(BUNDLED_MODEL, None)
    assert Path(source.location) == bundled_model_dir() and source.download_root is None


def test_a_damaged_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="damaged"):
        check_bundled_model(fake_model(tmp_path))


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    fake_model(tmp_path)
    (tmp_path / "model.bin").unlink()
    with pytest.raises(ModelError, match=r"model\.bin missing"):
        check_bundled_model(tmp_path)


def test_a_matching_checksum_passes(tmp_path: Path) -> None:
    import hashlib

    check_bundled_model(fake_model(tmp_path, b"abc"), hashlib.sha256(b"abc").hexdigest())


def test_a_larger_model_is_fetched_by_name_into_the_cache(tmp_path: Path) -> None:
    source = model_source("small.en", tmp_path)
    assert (source.location, source.download_root) == ("small.en", str(tmp_path))
    with pytest.raises(ModelError, match="Unknown"):
        model_source("../../etc", tmp_path)
