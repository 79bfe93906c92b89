"""The text-to-speech worker process: owns the pyttsx3 engine and only writes speech to files.

pyttsx3 is fragile when called repeatedly, from threads or inside another event loop, so it lives
alone in this process (`python -m interview_coach.audio.tts_worker`); the app plays the files itself.
A plain subprocess rather than multiprocessing: spawning re-imports the parent's main script, which
breaks any script or tool that uses the speaker without a __main__ guard.
Requests and replies are JSON lines on stdin and the original stdout:
  {"op": "synthesise", "text", "path", "voice", "rate"} -> {"ok": True}
  {"op": "voices"} -> {"ok": True, "voices": [{"id", "name", "languages"}]}
  {"op": "quit"}
A failure replies {"ok": False, "error": "..."}.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from typing import Any, TextIO

DRIVER_ENV = "INTERVIEW_COACH_TTS_DRIVER"  # e.g. "espeak", "sapi5", "nsss"; empty: pyttsx3 chooses


def main() -> None:
    # Replies go to the original stdout; everything else printed (pyttsx3 prints a line per saved
    # file, espeak may print warnings) goes nowhere.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    try:
        engine = _start_engine()
    except Exception as error:
        _send(replies, {"ok": False, "error": f"{type(error).__name__}: {error}"})
        return
    _send(replies, {"ok": True, "ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("op") == "quit":
            return
        try:
            _send(replies, {"ok": True, **_handle(engine, request)})
        except Exception as error:
            _send(replies, {"ok": False, "error": f"{type(error).__name__}: {error}"})


def _send(replies: TextIO, message: dict[str, Any]) -> None:
    replies.write(json.dumps(message) + "\n")
    replies.flush()


def _start_engine() -> Any:
    import pyttsx3

    driver = os.environ.get(DRIVER_ENV) or None
    return pyttsx3.init(driverName=driver)


def _handle(engine: Any, request: dict[str, Any]) -> dict[str, Any]:
    op = request.get("op")
    if op == "voices":
        voices = engine.getProperty("voices") or []
        return {
            "voices": [
                {"id": v.id, "name": v.name or v.id, "languages": [_language(x) for x in (v.languages or [])]}
                for v in voices
            ],
            "default": engine.getProperty("voice"),
        }
    if op == "synthesise":
        if request.get("voice"):
            engine.setProperty("voice", request["voice"])
        if request.get("rate"):
            engine.setProperty("rate", int(request["rate"]))
        path = request["path"]
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)
        # One file per runAndWait: two queued saves write only the last file.
        engine.save_to_file(request["text"], path)
        engine.runAndWait()
        if not os.path.exists(path) or os.path.getsize(path) <= 44:
            raise RuntimeError("the speech engine wrote no audio")
        return {}
    raise ValueError(f"unknown request {op!r}")


def _language(value: Any) -> str:
    if isinstance(value, bytes):  # some drivers report b"\x05en-gb"
        return value[1:].decode("ascii", "replace") if value[:1] < b" " else value.decode("ascii", "replace")
    return str(value)


if __name__ == "__main__":
    main()
