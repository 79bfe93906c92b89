"""Speech synthesis through the worker process, with a file cache keyed by text, voice and rate."""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from interview_coach.audio.errors import ESPEAK_HINT, SpeechUnavailableError
from interview_coach.private_files import make_private_dir, make_private_file

log = logging.getLogger(__name__)

START_TIMEOUT = 30.0
REQUEST_TIMEOUT = 30.0


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.name} ({', '.join(self.languages)})" if self.languages else self.name


class SpeechSynthesizer:
    """Thread-safe; each call blocks until the worker answers, so call it off the GUI thread."""

    def __init__(self, cache_dir: Path, *, request_timeout: float = REQUEST_TIMEOUT) -> None:
        self.cache_dir = cache_dir
        self._timeout = request_timeout
        self._lock = threading.RLock()
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        self.default_voice = ""

    # Worker lifecycle

    def start(self) -> None:
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return
            self._discard_worker()
            try:
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "interview_coach.audio.tts_worker"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    text=True,
                    encoding="utf-8",
                )
            except OSError as error:
                raise SpeechUnavailableError(f"The speech engine could not be started: {error}") from error
            self._replies = queue.Queue()
            stdout = self._process.stdout
            assert stdout is not None
            self._reader = threading.Thread(
                target=_read_replies, args=(stdout, self._replies), name="tts-replies", daemon=True
            )
            self._reader.start()
            reply = self._receive(START_TIMEOUT)
            if not reply.get("ok"):
                self._discard_worker()
                raise SpeechUnavailableError(
                    f"Questions cannot be read aloud: the speech engine did not start ({reply.get('error')}). "
                    f"{ESPEAK_HINT}"
                )

    def close(self) -> None:
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                try:
                    self._write({"op": "quit"})
                    self._process.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._discard_worker()

    @property
    def worker_pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    # Requests

    def voices(self) -> list[Voice]:
        reply = self._request({"op": "voices"})
        self.default_voice = str(reply.get("default") or "")
        return [Voice(v["id"], v["name"], tuple(v["languages"])) for v in reply["voices"]]

    def cached_path(self, text: str, voice: str = "", rate: int = 0) -> Path:
        key = hashlib.sha256(f"{voice}\0{rate}\0{text}".encode()).hexdigest()[:40]
        return self.cache_dir / f"{key}.wav"

    def synthesise(self, text: str, voice: str = "", rate: int = 0) -> Path:
        """The speech for `text` as a WAV file, from the cache when it was made before."""
        path = self.cached_path(text, voice, rate)
        if path.exists():
            return path
        make_private_dir(self.cache_dir)
        partial = path.with_name(f"{path.stem}.partial.wav")
        request = {"op": "synthesise", "text": text, "voice": voice, "rate": rate, "path": str(partial)}
        try:
            self._request(request)
        except SpeechUnavailableError as first:
            # Once more in a fresh worker: an engine that failed is not trusted with the retry.
            log.warning("speech failed, retrying in a fresh worker: %s", first)
            with self._lock:
                self._discard_worker()
            self._request(request)
        make_private_file(partial)
        partial.replace(path)
        return path

    # Plumbing

    def _request(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self.start()
            try:
                self._write(request)
            except OSError as error:
                self._discard_worker()
                raise SpeechUnavailableError(f"The speech engine stopped unexpectedly ({error}).") from error
            reply = self._receive(self._timeout)
            if not reply.get("ok"):
                raise SpeechUnavailableError(f"The speech engine failed: {reply.get('error')}")
            return reply

    def _write(self, request: dict[str, Any]) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()

    def _receive(self, timeout: float) -> dict[str, Any]:
        try:
            reply = self._replies.get(timeout=timeout)
        except queue.Empty:
            self._discard_worker()
            raise SpeechUnavailableError(f"The speech engine did not answer within {timeout:.0f} s.") from None
        if reply is None:
            # The worker crashed; the next request starts a fresh one.
            self._discard_worker()
            raise SpeechUnavailableError("The speech engine stopped unexpectedly; it restarts on next use.")
        return reply

    def _discard_worker(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=5)
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    stream.close()
        if self._reader is not None:
            self._reader.join(timeout=5)
            self._reader = None


def _read_replies(stdout: IO[str], replies: queue.Queue[dict[str, Any] | None]) -> None:
    """Reader thread: one JSON reply per line; None when the worker is gone."""
    try:
        for line in stdout:
            replies.put(json.loads(line))
    except (OSError, ValueError):
        pass
    replies.put(None)
