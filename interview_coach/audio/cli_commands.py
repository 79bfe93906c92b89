"""The `devices`, `say`, `record` and `play` commands: checking the set-up from a terminal."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from interview_coach.audio.devices import list_devices
from interview_coach.audio.encoding import read_audio, write_audio
from interview_coach.audio.errors import AudioError
from interview_coach.audio.player import Player
from interview_coach.audio.recorder import Recorder
from interview_coach.audio.speaker import SpeechSynthesizer
from interview_coach.domain.audio_settings import MAX_RATE, MIN_RATE, AudioSettings
from interview_coach.private_files import create_private_dirs


def show_devices() -> int:
    devices = list_devices()
    if not devices:
        raise AudioError("No audio devices were found. Check that a sound server or sound card is available.")
    print(f"{'in':>3} {'out':>3}  device")
    for d in devices:
        marks = [m for m, on in (("default input", d.is_default_input), ("default output", d.is_default_output)) if on]
        suffix = f"  [{', '.join(marks)}]" if marks else ""
        print(f"{d.inputs:>3} {d.outputs:>3}  {d.label}{suffix}")
    if not any(d.inputs for d in devices):
        print("No microphone found: answers cannot be recorded.", file=sys.stderr)
    return 0


def say(text: str, out: Path | None, settings: AudioSettings, cache_dir: Path) -> int:
    """Speaks with the configured voice and rate, or those given (`--voice`, `--rate`)."""
    if not MIN_RATE <= settings.rate <= MAX_RATE:
        raise AudioError(f"--rate must be between {MIN_RATE} and {MAX_RATE} words per minute, not {settings.rate}.")
    synthesizer = SpeechSynthesizer(cache_dir)
    try:
        if settings.voice:
            known = {voice.id for voice in synthesizer.voices()}
            if settings.voice not in known:
                examples = ", ".join(sorted(known)[:8])
                raise AudioError(f"No voice {settings.voice!r}; for example: {examples}.")
        speech = synthesizer.synthesise(text, settings.voice, settings.rate)
    finally:
        synthesizer.close()
    if out is not None:
        samples, rate = read_audio(speech)
        write_audio(out, samples, rate)
        print(f"Wrote {out}")
        return 0
    return play(speech, settings)


def play(path: Path, settings: AudioSettings) -> int:
    if not path.exists():
        raise AudioError(f"No such file: {path}")
    finished = threading.Event()
    player = Player(settings.output_device, on_finished=lambda _reason: finished.set())
    player.volume = settings.volume
    player.play(path)
    try:
        while not finished.wait(0.1):
            pass
    except KeyboardInterrupt:
        player.stop()
    return 0


def record(seconds: float, out: Path, settings: AudioSettings) -> int:
    """Records to `out` (.wav or .flac). While recording, the audio is written to a WAV as it
    arrives, so a killed process leaves a file that start-up repair can recover."""
    create_private_dirs(out.parent)
    as_flac = out.suffix.lower() == ".flac"
    wav = out.with_suffix(".wav") if as_flac else out
    recorder = Recorder(settings.input_device)
    recorder.open()
    try:
        recorder.arm(wav)
        print(f"Recording {seconds:g} s from {recorder.device_label}… (Ctrl+C stops early)", file=sys.stderr)
        deadline = time.monotonic() + seconds
        try:
            while time.monotonic() < deadline and recorder.is_recording:
                time.sleep(0.05)
        except KeyboardInterrupt:
            pass
        result = recorder.stop(out if as_flac else None)
    finally:
        recorder.close()
    if result.path is None:
        raise AudioError("Nothing was recorded: the microphone sent no sound.")
    print(f"Recorded {result.seconds:.2f} s to {result.path} ({result.overflows} input overflows)")
    if result.fault is not None:
        raise result.fault
    return 0
