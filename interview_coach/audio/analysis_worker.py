"""The speech-analysis worker process: loads Whisper, transcribes recordings, finds speech and pauses.

Speech recognition takes hundreds of megabytes and whole cores for seconds at a time, so it never
runs in the app's process: this worker (`python -m interview_coach.audio.analysis_worker`) is
started on first use, lowers its own priority so the GUI and the recorder always come first, and
is stopped by the app when idle. A plain subprocess, as for speech synthesis (see tts_worker.py).
Requests and replies are JSON lines on stdin and the original stdout:
  {"op": "follow", "take", "path", "model", "cache_dir"} -> {"ok": True, "until": seconds transcribed}
      while a take is recorded: transcribes its growing WAV up to its latest pause
  {"op": "analyse", "path", "model", "cache_dir", "take"?} ->
      {"ok": True, "words": [[word, start, end]], "speech": [[start, end]], "duration", "model"}
      with "take", only what `follow` has not transcribed yet is transcribed now
  {"op": "quit"}
A failure replies {"ok": False, "kind": "model" | "audio" | "crash", "error": "..."}.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from interview_coach.audio.asr_model import ModelError

NICENESS = 10  # well below the GUI and the recorder, still ahead of batch jobs at 19
MAX_FOLLOWED = 4  # takes followed at once: one at a time in practice; old ones are dropped


def main() -> None:
    os.umask(0o077)
    with contextlib.suppress(OSError, AttributeError):  # not on Windows
        os.nice(NICENESS)
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # libraries' chatter must not corrupt the replies
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    _send(replies, {"ok": True, "ready": True})
    worker = Worker()
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            _send(replies, {"ok": False, "kind": "crash", "error": "a request that is not JSON"})
            continue
        if request.get("op") == "quit":
            return
        _send(replies, worker.handle(request))


class Worker:
    def __init__(self) -> None:
        self._recogniser: Any = None
        self._followed: dict[str, Any] = {}  # take key -> TakeSoFar

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        op = request.get("op")
        if op not in ("analyse", "follow"):
            return {"ok": False, "kind": "crash", "error": f"unknown request {op!r}"}
        try:
            return self._follow(request) if op == "follow" else self._analyse(request)
        except ModelError as error:
            return {"ok": False, "kind": "model", "error": str(error)}
        except Exception as error:
            return {"ok": False, "kind": "crash", "error": f"{type(error).__name__}: {error}"}

    def _model(self, request: dict[str, Any]) -> Any:
        from interview_coach.audio.speech_recognition import Recogniser

        name = str(request.get("model") or "")
        cache = request.get("cache_dir")
        if self._recogniser is None or self._recogniser.name != name:
            self._recogniser = None  # free the old model before loading another
            self._followed.clear()  # words from another model are not mixed in
            self._recogniser = Recogniser(name, Path(cache) if cache else None)
        return self._recogniser

    def _follow(self, request: dict[str, Any]) -> dict[str, Any]:
        from interview_coach.audio.speech_recognition import TakeSoFar, growing_wav

        audio = growing_wav(Path(str(request["path"])))
        if audio is None:
            return {"ok": True, "until": 0.0}  # not (or no longer) a take being recorded: nothing to do
        recogniser = self._model(request)
        key = str(request["take"])
        known = self._followed.pop(key, None) or TakeSoFar()
        self._followed[key] = known  # most recently followed last
        while len(self._followed) > MAX_FOLLOWED:
            self._followed.pop(next(iter(self._followed)))
        recogniser.follow(audio, known)
        return {"ok": True, "until": known.until}

    def _analyse(self, request: dict[str, Any]) -> dict[str, Any]:
        from interview_coach.audio.speech_recognition import AnalysisAudioError, load_audio

        try:
            audio = load_audio(Path(str(request["path"])))
        except AnalysisAudioError as error:
            return {"ok": False, "kind": "audio", "error": str(error)}
        recogniser = self._model(request)
        known = self._followed.pop(str(request.get("take") or ""), None)
        result = recogniser.recognise(audio, known=known)
        return {
            "ok": True,
            "words": result.words,
            "speech": result.speech,
            "duration": result.duration,
            "model": result.model,
        }


def _send(replies: TextIO, message: dict[str, Any]) -> None:
    replies.write(json.dumps(message) + "\n")
    replies.flush()


if __name__ == "__main__":
    main()
