"""A private PulseAudio daemon with a virtual speaker and a virtual microphone.

Tests and benchmarks run the real audio stack (PortAudio -> ALSA pulse plugin -> PulseAudio)
without touching the user's sound card:
  - `vspeaker` (null sink, the default output): capture what the app plays from `vspeaker.monitor`;
  - `vmic` (remapped monitor of the `vmic_feed` null sink, the default input): feed it with
    `paplay -d vmic_feed FILE`.
Every client finds this daemon through PULSE_SERVER, so it must be started before PortAudio
initialises (before `import sounddevice`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SPEAKER = "vspeaker"
MIC_FEED = "vmic_feed"
MIC = "vmic"


class VirtualAudioError(RuntimeError):
    pass


@dataclass
class VirtualAudio:
    runtime_dir: Path
    env: dict[str, str]
    daemon_pid: int | None = None
    keepalives: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _saved_env: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def start(cls) -> VirtualAudio:
        if not shutil.which("pulseaudio") or not shutil.which("pactl"):
            raise VirtualAudioError("pulseaudio and pactl are needed (run `make test`, which installs them)")
        runtime = Path(tempfile.mkdtemp(prefix="ic-pulse-"))
        socket = runtime / "native"
        env = {
            "XDG_RUNTIME_DIR": str(runtime),
            "PULSE_RUNTIME_PATH": str(runtime),
            "PULSE_STATE_PATH": str(runtime / "state"),
            "PULSE_SERVER": f"unix:{socket}",
            "PULSE_COOKIE": str(runtime / "cookie"),
            "HOME": os.environ.get("HOME", str(runtime)),
        }
        audio = cls(runtime, env)
        audio._launch(socket)
        return audio

    def _launch(self, socket: Path) -> None:
        pid_file = self.runtime_dir / "pid"
        config = self.runtime_dir / "default.pa"
        config.write_text(
            f"load-module module-native-protocol-unix socket={socket} auth-anonymous=1\n"
            f"load-module module-null-sink sink_name={SPEAKER} sink_properties=device.description=Virtual-speaker\n"
            f"load-module module-null-sink sink_name={MIC_FEED} sink_properties=device.description=Mic-feed\n"
            f"load-module module-remap-source master={MIC_FEED}.monitor source_name={MIC} "
            f"source_properties=device.description=Virtual-microphone\n"
            f"set-default-sink {SPEAKER}\n"
            f"set-default-source {MIC}\n"
        )
        env = {**os.environ, **self.env}
        command = [
            "pulseaudio", "--daemonize=yes", "-n", f"--file={config}", "--exit-idle-time=-1",
            "--disallow-exit", "--use-pid-file=yes", "--disable-shm=yes", "--log-target=stderr",
        ]  # fmt: skip
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise VirtualAudioError(f"pulseaudio did not start: {result.stderr.strip()[-500:]}")
        pid_path = self.runtime_dir / "pulse" / "pid"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._pactl("info").returncode == 0:
                break
            time.sleep(0.05)
        else:
            raise VirtualAudioError("pulseaudio started but does not answer")
        for candidate in (pid_path, pid_file):
            if candidate.exists():
                self.daemon_pid = int(candidate.read_text().strip())
                break
        # An idle null sink runs at ~2 s latency: its monitor delivers in bursts and streams played
        # into it end seconds late. A silent low-latency stream into each sink makes both behave like
        # a sound card in real time.
        self.keepalives = [self._keepalive(sink) for sink in (MIC_FEED, SPEAKER)]

    def _keepalive(self, sink: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["pacat", "--playback", "-d", sink, "--latency-msec=20", "--raw", "/dev/zero"],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    @contextlib.contextmanager
    def slow_speaker(self) -> Iterator[None]:
        """The speaker as a slow output device (Bluetooth, an idle sound server): ~2 s behind."""
        keepalive = self.keepalives.pop()  # the speaker's, started last
        keepalive.terminate()
        keepalive.wait(timeout=10)
        time.sleep(1.0)  # let the idle sink settle into its long latency
        try:
            yield
        finally:
            self.keepalives.append(self._keepalive(SPEAKER))

    def _pactl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pactl", *args], env={**os.environ, **self.env}, capture_output=True, text=True, timeout=10
        )

    def export(self) -> None:
        """Points this process (and its children) at the private daemon."""
        for key, value in self.env.items():
            self._saved_env.setdefault(key, os.environ.get(key))
            os.environ[key] = value

    def suspend_microphone(self, suspended: bool) -> None:
        """Stops (or restarts) the microphone delivering sound, as an unplugged device would."""
        result = self._pactl("suspend-source", MIC, "1" if suspended else "0")
        if result.returncode != 0:
            raise VirtualAudioError(f"pactl suspend-source failed: {result.stderr}")
        if not suspended:
            # Wait until the source runs again, so the next test does not meet a half-woken microphone.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                sources = self._pactl("list", "short", "sources").stdout.splitlines()
                state = next((line.split("\t")[-1] for line in sources if f"\t{MIC}\t" in line), "")
                if state and state != "SUSPENDED":
                    break
                time.sleep(0.05)
            time.sleep(0.5)

    def play_into_microphone(self, wav: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            ["paplay", "-d", MIC_FEED, str(wav)],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def capture_microphone_raw(self, out: Path, rate: int = 16000) -> subprocess.Popen[bytes]:
        """A second, plain recorder of the microphone (16-bit mono raw), as a reference in the same run."""
        return subprocess.Popen(
            ["parec", "-d", MIC, "--raw", "--format=s16le", f"--rate={rate}", "--channels=1",
             "--latency-msec=100", str(out)],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def capture_speaker(self, out: Path) -> subprocess.Popen[bytes]:
        """Records what the app plays to the virtual speaker until the process is terminated."""
        return subprocess.Popen(
            [
                "parec",
                "-d",
                f"{SPEAKER}.monitor",
                "--file-format=wav",
                "--rate=22050",
                "--channels=1",
                str(out),
            ],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        for keepalive in self.keepalives:
            keepalive.terminate()
            keepalive.wait(timeout=10)
        self.keepalives = []
        if self.daemon_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.daemon_pid, 15)
            # A killed daemon may linger as a zombie where PID 1 does not reap; its pid file going
            # away is the reliable sign that it has shut down.
            pid_path = self.runtime_dir / "pulse" / "pid"
            deadline = time.monotonic() + 10
            while pid_path.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            self.daemon_pid = None
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(self.runtime_dir, ignore_errors=True)
