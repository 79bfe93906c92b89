"""Everything the app writes is private to the user (0700 folders, 0600 files), whatever the umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from interview_coach.audio.recorder import Recorder
from interview_coach.audio.speaker import SpeechSynthesizer
from interview_coach.storage.locations import DataLayout
from tests.support.virtual_audio import VirtualAudio

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter")
ROOT = Path(__file__).resolve().parent.parent.parent
UMASKS = [0o022, 0o000]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private_tree(root: Path) -> None:
    """Every folder 0700 and every file 0600 below (and including) `root`."""
    wide = [
        f"{path.relative_to(root.parent)} is {oct(mode(path))}"
        for path in [root, *root.rglob("*")]
        if mode(path) != (0o700 if path.is_dir() else 0o600)
    ]
    assert wide == []


@pytest.fixture(params=UMASKS, ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


@pytest.mark.audio
def test_a_take_and_its_session_folder_are_private(umask: int, virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    layout = DataLayout(tmp_path / "data")
    layout.ensure()
    recorder = Recorder()
    recorder.open()
    try:
        recorder.arm(layout.recordings / "7" / "01-take.wav")
        while recorder.recorded_seconds < 0.3:
            recorder.wait_ready(0.05)
        wav_while_recording = mode(layout.recordings / "7" / "01-take.wav")
        result = recorder.stop(layout.recordings / "7" / "01-take.flac")
    finally:
        recorder.close()
    assert result.path is not None and result.path.suffix == ".flac"
    assert wav_while_recording == 0o600  # a crash mid-answer leaves a private WAV too
    assert_private_tree(layout.root)


def test_cached_speech_is_private(umask: int, tmp_path: Path) -> None:
    layout = DataLayout(tmp_path / "data")
    layout.ensure()
    synthesizer = SpeechSynthesizer(layout.speech_cache)
    try:
        synthesizer.synthesise("Why do you want this job?")
    finally:
        synthesizer.close()
    assert list(layout.speech_cache.glob("*.wav"))
    assert_private_tree(layout.root)


def _cli(umask: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interview_coach", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.umask(umask),  # the user's umask, for the child only
    )


@pytest.mark.audio
@pytest.mark.parametrize("child_umask", UMASKS, ids=["umask-022", "umask-000"])
def test_files_the_command_line_writes_are_private(
    child_umask: int, virtual_audio: VirtualAudio, speech_wav: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    inside = data / "my-takes"
    recorded = _cli(child_umask, "--data-dir", str(data), "record", "--seconds", "1", "--out", str(inside / "a.flac"))
    assert recorded.returncode == 0, recorded.stderr
    said = _cli(child_umask, "--data-dir", str(data), "say", "Hello there.", "--out", str(data / "hello.wav"))
    assert said.returncode == 0, said.stderr
    for command in (["export", "--format", "json", "--out", str(data / "all.json")], ["backup", str(data / "b.zip")]):
        done = _cli(child_umask, "--data-dir", str(data), *command)
        assert done.returncode == 0, done.stderr
    assert_private_tree(data)


def test_a_folder_of_the_users_own_keeps_its_mode(tmp_path: Path) -> None:
    from interview_coach.private_files import create_private_dirs

    own = tmp_path / "Desktop"
    own.mkdir()
    own.chmod(0o755)
    create_private_dirs(own / "answers" / "today")
    assert mode(own) == 0o755  # not ours to change
    assert mode(own / "answers") == 0o700 and mode(own / "answers" / "today") == 0o700
