"""The speech-analysis worker process: loads Whisper, transcribes recordings, finds speech and pauses.

Speech recognition takes hundreds of megabytes and whole cores for seconds at a time, so it never
runs in the app's process: this worker (`python -m interview_coach.audio.analysis_worker`) is
started on first use, lowers its own priority so the GUI and the recorder always come first, and
is stopped by the app when idle. A plain subprocess, as for speech synthesis (see tts_worker.py).
Requests and replies are JSON lines on stdin and the original stdout:
  {"op": "analyse", "path", "model", "cache_dir"} ->
      {"ok": True, "words": [[word, start, end]], "speech": [[start, end]], "duration", "model"}
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

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        from interview_coach.audio.speech_recognition import AnalysisAudioError, Recogniser, load_audio

        if request.get("op") != "analyse":
            return {"ok": False, "kind": "crash", "error": f"unknown request {request.get('op')!r}"}
        try:
            audio = load_audio(Path(str(request["path"])))
        except AnalysisAudioError as error:
            return {"ok": False, "kind": "audio", "error": str(error)}
        name = str(request.get("model") or "")
        cache = request.get("cache_dir")
        try:
            if self._recogniser is None or self._recogniser.name != name:
                self._recogniser = None  # free the old model before loading another
                self._recogniser = Recogniser(name, Path(cache) if cache else None)
            result = self._recogniser.recognise(audio)
        except ModelError as error:
            return {"ok": False, "kind": "model", "error": str(error)}
        except Exception as error:
            return {"ok": False, "kind": "crash", "error": f"{type(error).__name__}: {error}"}
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
