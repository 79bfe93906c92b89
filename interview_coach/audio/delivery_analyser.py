"""Delivery analysis of a recording through the worker process: transcript, pace, fillers, pauses.

The worker (`analysis_worker.py`) starts on the first request, never at start-up, and is stopped
after `idle_seconds` without work, so its few hundred megabytes are given back between sessions.
Calls block until the worker answers: call them off the GUI thread.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from interview_coach.audio.asr_model import BUNDLED_MODEL
from interview_coach.audio.errors import AudioError
from interview_coach.domain.delivery import DeliveryFigures, TimedWord, analyse_delivery

START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 900.0  # a long recording on a slow machine; a crashed worker is noticed at once
IDLE_SECONDS = 120.0


class AnalysisError(AudioError):
    """The analysis failed: `kind` is "model" (missing or damaged), "audio" (the file) or "crash"."""

    def __init__(self, message: str, kind: str = "crash") -> None:
        super().__init__(message)
        self.kind = kind


class DeliveryAnalyser:
    """Thread-safe: one request at a time goes to the worker."""

    def __init__(
        self,
        model_cache: Path | None = None,
        *,
        idle_seconds: float = IDLE_SECONDS,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        self._model_cache = model_cache
        self._idle_seconds = idle_seconds
        self._timeout = request_timeout
        self._lock = threading.RLock()
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        self._idle_timer: threading.Timer | None = None

    @property
    def worker_pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def analyse(
        self,
        path: Path,
        *,
        model: str = BUNDLED_MODEL,
        cue_end: float = 0.0,
        answer_seconds: float | None = None,
        limit_seconds: float | None = None,
        take: str = "",
    ) -> DeliveryFigures:
        """`take`: the key `follow` was given while this recording was made, so only the rest is transcribed."""
        request = {"op": "analyse", "path": str(path), "model": model, "take": take}
        if self._model_cache is not None:
            request["cache_dir"] = str(self._model_cache)
        reply = self._request(request)
        try:
            words = [TimedWord(str(w), float(s), float(e)) for w, s, e in reply["words"]]
            speech = [(float(s), float(e)) for s, e in reply["speech"]]
        except (KeyError, TypeError, ValueError) as error:
            raise AnalysisError(f"The speech analysis answered nonsense ({error}).") from error
        return analyse_delivery(
            words,
            speech,
            cue_end=cue_end,
            answer_seconds=answer_seconds,
            limit_seconds=limit_seconds,
            model=str(reply.get("model") or model),
        )

    def follow(self, take: str, growing_wav: Path, *, model: str = BUNDLED_MODEL) -> float:
        """While a take is being recorded: transcribe it up to its latest pause; returns the seconds done."""
        request = {"op": "follow", "take": take, "path": str(growing_wav), "model": model}
        if self._model_cache is not None:
            request["cache_dir"] = str(self._model_cache)
        return float(self._request(request).get("until") or 0.0)

    def abort(self) -> None:
        """Kills the worker without waiting for the lock: an analysis under way fails at once."""
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def close(self) -> None:
        with self._lock:
            self._cancel_idle_timer()
            process = self._process
            if process is not None and process.poll() is None:
                try:
                    self._write({"op": "quit"})
                    process.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._discard_worker()

    # Plumbing

    def _request(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._cancel_idle_timer()
            try:
                self._start()
                try:
                    self._write(request)
                except OSError as error:
                    self._discard_worker()
                    raise AnalysisError(f"The speech analysis stopped unexpectedly ({error}).") from error
                reply = self._receive(self._timeout)
            finally:
                self._schedule_idle_stop()
            if not reply.get("ok"):
                kind = str(reply.get("kind") or "crash")
                message = str(reply.get("error") or "unknown error")
                raise AnalysisError(message if kind != "crash" else f"The speech analysis failed: {message}", kind)
            return reply

    def _start(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._discard_worker()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "interview_coach.audio.analysis_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
            )
        except OSError as error:
            raise AnalysisError(f"The speech analysis could not be started: {error}") from error
        self._replies = queue.Queue()
        assert self._process.stdout is not None
        self._reader = threading.Thread(
            target=_read_replies, args=(self._process.stdout, self._replies), name="analysis-replies", daemon=True
        )
        self._reader.start()
        if not self._receive(START_TIMEOUT).get("ok"):
            self._discard_worker()
            raise AnalysisError("The speech analysis did not start.")

    def _write(self, request: dict[str, Any]) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()

    def _receive(self, timeout: float) -> dict[str, Any]:
        try:
            reply = self._replies.get(timeout=timeout)
        except queue.Empty:
            self._discard_worker()
            raise AnalysisError(f"The speech analysis did not answer within {timeout:.0f} s.") from None
        if reply is None:
            self._discard_worker()
            raise AnalysisError("The speech analysis stopped unexpectedly; it restarts on the next answer.")
        return reply

    def _schedule_idle_stop(self) -> None:
        if self._process is None:
            return
        self._idle_timer = threading.Timer(self._idle_seconds, self._stop_when_idle)
        self._idle_timer.name = "analysis-idle"
        self._idle_timer.daemon = True
        self._idle_timer.start()

    def _cancel_idle_timer(self) -> None:
        timer, self._idle_timer = self._idle_timer, None
        if timer is not None:
            timer.cancel()
            if timer is not threading.current_thread():
                timer.join()

    def _stop_when_idle(self) -> None:
        # A request that holds the lock has cancelled this timer; one that waits for it will restart.
        if self._lock.acquire(blocking=False):
            try:
                self._idle_timer = None
                self.close()
            finally:
                self._lock.release()

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
    try:
        for line in stdout:
            replies.put(json.loads(line))
    except (OSError, ValueError):
        pass
    replies.put(None)
