"""`devices`, `say`, `record` and `play` run as a user would run them, including when things are missing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import soundfile as sf

from interview_coach.audio.recovery import recover_recordings
from tests.support.speech import rms
from tests.support.virtual_audio import VirtualAudio

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.audio


def cli(data_dir: Path, *args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "interview_coach", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def run(data_dir: Path, *args: str, env: dict[str, str] | None = None, **kwargs) -> tuple[int, str, str]:
    process = cli(data_dir, *args, env=env, **kwargs)
    out, err = process.communicate(timeout=120)
    return process.returncode, out, _without_alsa_noise(err)


def _without_alsa_noise(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("ALSA lib"))


def test_devices_lists_the_virtual_devices_and_marks_defaults(virtual_audio: VirtualAudio, data_dir: Path) -> None:
    code, out, _ = run(data_dir, "devices")
    assert code == 0
    assert "[default input, default output]" in out


def test_say_writes_speech_to_a_file(virtual_audio: VirtualAudio, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "question.flac"
    code, _stdout, err = run(data_dir, "say", "Why should we hire you?", "--out", str(out))
    assert code == 0, err
    samples, rate = sf.read(out, dtype="float32")
    assert rms(samples) > 0.03 and 0.5 < len(samples) / rate < 4


def test_say_takes_a_rate_and_a_voice(virtual_audio: VirtualAudio, data_dir: Path, tmp_path: Path) -> None:
    lengths = {}
    for rate in ("120", "240"):
        out = tmp_path / f"rate-{rate}.wav"
        code, _stdout, err = run(data_dir, "say", "Why should we hire you?", "--rate", rate, "--voice", "gmw/en-us",
                                 "--out", str(out))  # fmt: skip
        assert code == 0, err
        lengths[rate] = sf.info(str(out)).duration
    assert lengths["120"] >= 1.6 * lengths["240"]
    code, _stdout, err = run(data_dir, "say", "Hello", "--voice", "no-such-voice", "--out", str(tmp_path / "x.wav"))
    assert code == 1 and "No voice 'no-such-voice'" in err and "Traceback" not in err
    code, _stdout, err = run(data_dir, "say", "Hello", "--rate", "5000", "--out", str(tmp_path / "x.wav"))
    assert code == 1 and "--rate must be between" in err and not (tmp_path / "x.wav").exists()


def test_record_then_play(virtual_audio: VirtualAudio, data_dir: Path, speech_wav: Path, tmp_path: Path) -> None:
    out = tmp_path / "answer.flac"
    feeder = virtual_audio.play_into_microphone(speech_wav)
    code, stdout, err = run(data_dir, "record", "--seconds", "3", "--out", str(out))
    feeder.terminate()
    feeder.wait()
    assert code == 0, err
    assert "Recorded 3.0" in stdout or "Recorded 2.9" in stdout
    samples, rate = sf.read(out, dtype="float32")
    assert len(samples) / rate == pytest.approx(3.0, abs=0.06) and rms(samples) > 0.02
    assert not out.with_suffix(".wav").exists()
    started = time.monotonic()
    code, _, err = run(data_dir, "play", str(out))
    assert code == 0, err
    assert time.monotonic() - started > 3.0  # it played the whole answer


def test_without_portaudio_each_command_says_so_in_one_line(data_dir: Path, tmp_path: Path) -> None:
    # The exact error sounddevice raises when libportaudio is not installed.
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    env = {"PYTHONPATH": str(fake)}
    clip = tmp_path / "clip.wav"
    sf.write(clip, [0.0] * 1600, 16000)
    for args in (["devices"], ["record", "--seconds", "1", "--out", str(tmp_path / "x.wav")], ["play", str(clip)]):
        code, _out, err = run(data_dir, *args, env=env)
        assert code == 1
        assert err.strip().splitlines() == [
            "interview-coach: Sound is unavailable: PortAudio library not found. "
            "Install PortAudio: sudo apt-get install libportaudio2 (macOS: brew install portaudio)"
        ]


def test_without_a_microphone_record_fails_clearly(data_dir: Path, tmp_path: Path) -> None:
    env = {"PULSE_SERVER": f"unix:{tmp_path}/no-sound-server"}
    code, _, err = run(data_dir, "record", "--seconds", "1", "--out", str(tmp_path / "x.wav"), env=env)
    assert code == 1
    assert err.strip().endswith("No microphone (input device) was found. Connect one, or check the system's sound "
                                "settings.")  # fmt: skip


def test_a_missing_speech_engine_is_reported_with_the_install_hint(data_dir: Path, tmp_path: Path) -> None:
    code, _, err = run(data_dir, "say", "Hello", "--out", str(tmp_path / "x.wav"),
                       env={"INTERVIEW_COACH_TTS_DRIVER": "missing-engine"})  # fmt: skip
    assert code == 1 and "sudo apt-get install espeak-ng" in err


def test_a_full_disk_stops_the_recording_and_keeps_what_was_written(
    virtual_audio: VirtualAudio, data_dir: Path, speech_wav: Path, tmp_path: Path
) -> None:
    if not shutil.which("unshare"):
        pytest.fail("util-linux's unshare is needed to make a small disk")
    run(data_dir, "devices")  # the data folder itself lives on the normal disk
    disk, kept = tmp_path / "small-disk", tmp_path / "kept.wav"
    disk.mkdir()
    # A private 64 KiB disk (a tmpfs in a private mount namespace): 16 kHz 16-bit mono fills it in ~2 s.
    script = (
        'mount -t tmpfs -o size=64k tmpfs "$1" || exit 99; shift; "$@"; code=$?; '
        'cp "$0/full.wav" "$KEPT" 2>/dev/null; exit $code'
    )
    command = [
        "unshare", "-rm", "sh", "-c", script, str(disk), str(disk),
        sys.executable, "-m", "interview_coach", "--data-dir", str(data_dir),
        "record", "--seconds", "6", "--out", str(disk / "full.wav"),
    ]  # fmt: skip
    feeder = virtual_audio.play_into_microphone(speech_wav)
    result = subprocess.run(
        command, cwd=ROOT, env={**os.environ, "KEPT": str(kept)}, capture_output=True, text=True, timeout=120
    )
    feeder.terminate()
    feeder.wait()
    assert result.returncode == 1, result.stderr
    assert "interview-coach: The disk is full: recording stopped at" in result.stderr
    assert "The answer up to then is kept." in result.stderr
    samples, rate = sf.read(kept, dtype="float32")
    assert 1.0 < len(samples) / rate < 2.1 and rms(samples) > 0.02


def test_a_recording_killed_mid_answer_is_recovered_at_the_next_start(
    virtual_audio: VirtualAudio, data_dir: Path, speech_wav: Path
) -> None:
    take = data_dir / "recordings" / "session-1" / "answer-1.flac"
    feeder = virtual_audio.play_into_microphone(speech_wav)
    process = cli(data_dir, "record", "--seconds", "60", "--out", str(take))
    partial = take.with_suffix(".wav")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (not partial.exists() or partial.stat().st_size < 16000 * 2 * 4):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)  # no chance to finish the file
    process.communicate(timeout=30)
    feeder.terminate()
    feeder.wait()
    written = partial.stat().st_size

    recovered = recover_recordings(data_dir / "recordings")

    assert [r.path for r in recovered] == [partial]
    assert recovered[0].seconds == pytest.approx((written - 44) / 32000, abs=0.05)
    assert recovered[0].seconds > 3.0
    samples, _rate = sf.read(partial, dtype="float32")
    assert len(samples) == recovered[0].frames and rms(samples) > 0.02
