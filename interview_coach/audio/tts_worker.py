"""The text-to-speech worker process: owns the pyttsx3 engine and only writes speech to files.

pyttsx3 is fragile when called repeatedly, from threads or inside another event loop, so it lives
alone in this process (`python -m interview_coach.audio.tts_worker`); the app plays the files itself.
A plain subprocess rather than multiprocessing: spawning re-imports the parent's main script, which
breaks any script or tool that uses the speaker without a __main__ guard.
Requests and replies are JSON lines on stdin and the original stdout:
  {"op": "synthesise", "text", "path", "voice", "rate"} -> {"ok": True}
  {"op": "voices"} -> {"ok": True, "voices": [{"id", "name", "languages"}], "default": id}
  {"op": "quit"}
A failure replies {"ok": False, "error": "..."}.

Why `runAndWait()` alone is not trusted (pyttsx3 2.99, espeak driver): espeak is initialised in
its asynchronous retrieval mode, so `Synth` only queues the text on espeak's own thread and the WAV
is written later, from that thread, when espeak reports the message finished. `startLoop` pumps the
queued `endLoop` before it starts the synthesis, so `runAndWait()` returns after one 10 ms tick,
usually (not always, and rarely under load) after the file was written. And `endLoop` calls
`espeak_Cancel` whenever espeak is still busy, which also drops the rate and voice changes just
queued for the next request: the next file is spoken at the old rate. So each request here sets its
properties and waits until the engine has applied them, and ends only when pyttsx3 reports the
utterance finished and the engine is idle again; that holds for every driver (SAPI5 and NSSpeech
apply properties at once and finish inside runAndWait).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TextIO

DRIVER_ENV = "INTERVIEW_COACH_TTS_DRIVER"  # e.g. "espeak", "sapi5", "nsss"; empty: pyttsx3 chooses
IDLE_TIMEOUT = 5.0  # how long a finished utterance may keep the engine busy
MIN_FINISH_TIMEOUT = 15.0  # a loaded machine can take seconds for a long question
MIN_AUDIO_BYTES = 1024  # more than any header: a file with no speech in it is a failure


def main() -> None:
    os.umask(0o077)  # the speech files are the user's: private, whatever the umask
    # Replies go to the original stdout; everything else printed (pyttsx3 prints a line per saved
    # file, espeak may print warnings) goes nowhere.
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    try:
        engine = Engine.start(os.environ.get(DRIVER_ENV) or None)
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
            if isinstance(error, SynthesisError):
                return  # an engine that failed once is not trusted again: the app starts a fresh worker


def _send(replies: TextIO, message: dict[str, Any]) -> None:
    replies.write(json.dumps(message) + "\n")
    replies.flush()


class SynthesisError(RuntimeError):
    pass


class Engine:
    """One pyttsx3 engine, used one request at a time, each request waited for to the end."""

    def __init__(self, engine: Any, is_idle: Callable[[], bool]) -> None:
        self._engine = engine
        self._is_idle = is_idle
        self._finished = threading.Event()
        self._errors: list[BaseException] = []
        engine.connect("finished-utterance", lambda **_: self._finished.set())
        engine.connect("error", lambda exception=None, **_: self._errors.append(exception or RuntimeError()))
        self.default_voice = str(engine.getProperty("voice") or "")
        self.default_rate = int(engine.getProperty("rate") or 200)

    @classmethod
    def start(cls, driver: str | None) -> Engine:
        import pyttsx3

        engine = pyttsx3.init(driverName=driver)
        # pyttsx3's driver proxy starts "busy" until its first loop, so the first request's properties
        # would be queued and applied only inside runAndWait, just before its endLoop cancels whatever
        # espeak is still doing (espeak_Cancel also restores the previous rate): the first file could
        # come out at espeak's default rate. Not busy, they are applied at once, as for later requests.
        proxy = getattr(engine, "proxy", None)
        if proxy is not None and hasattr(proxy, "setBusy"):
            proxy.setBusy(False)
        return cls(engine, _idle_check(engine))

    def voices(self) -> dict[str, Any]:
        voices = self._engine.getProperty("voices") or []
        return {
            "voices": [
                {"id": v.id, "name": v.name or v.id, "languages": [_language(x) for x in (v.languages or [])]}
                for v in voices
            ],
            "default": self.default_voice,
        }

    def synthesise(self, text: str, path: str, voice: str, rate: int) -> None:
        if not text.strip():
            raise ValueError("there is no text to read")
        self._wait_idle()
        # Every property every time: a request for the default must not inherit the last one's rate.
        self._engine.setProperty("voice", voice or self.default_voice)
        wanted = rate or self.default_rate
        self._engine.setProperty("rate", wanted)
        self._engine.setProperty("volume", 1.0)  # the app sets the volume when it plays the file
        self._wait_idle()  # espeak applies them on its thread; runAndWait would cancel them if still pending
        if int(self._engine.getProperty("rate") or 0) != wanted:
            raise SynthesisError(f"the speech engine did not take the rate {wanted}")
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)
        self._finished.clear()
        self._errors.clear()
        # One file per runAndWait: two queued saves write only the last file.
        self._engine.save_to_file(text, path)
        self._engine.runAndWait()
        if not self._finished.wait(max(MIN_FINISH_TIMEOUT, len(text) / 10)):
            raise SynthesisError("the speech engine did not finish the text")
        self._wait_idle()
        if self._errors:
            raise SynthesisError(f"the speech engine failed: {self._errors[0]}")
        if not os.path.exists(path) or os.path.getsize(path) < MIN_AUDIO_BYTES:
            raise SynthesisError("the speech engine wrote no audio")

    def _wait_idle(self) -> None:
        deadline = time.monotonic() + IDLE_TIMEOUT
        while not self._is_idle():
            if time.monotonic() > deadline:
                raise SynthesisError("the speech engine stayed busy")
            time.sleep(0.005)


def _idle_check(engine: Any) -> Callable[[], bool]:
    """espeak keeps working on its own thread after an utterance; other drivers are done when it ends."""
    module = getattr(getattr(engine, "proxy", None), "_module", None)
    if getattr(module, "__name__", "").endswith(".espeak"):
        from pyttsx3.drivers import _espeak

        return lambda: not _espeak.IsPlaying()
    return lambda: True


def _handle(engine: Engine, request: dict[str, Any]) -> dict[str, Any]:
    op = request.get("op")
    if op == "voices":
        return engine.voices()
    if op == "synthesise":
        engine.synthesise(
            str(request["text"]), str(request["path"]), str(request.get("voice") or ""), int(request.get("rate") or 0)
        )
        return {}
    raise ValueError(f"unknown request {op!r}")


def _language(value: Any) -> str:
    if isinstance(value, bytes):  # some drivers report b"\x05en-gb"
        return value[1:].decode("ascii", "replace") if value[:1] < b" " else value.decode("ascii", "replace")
    return str(value)


if __name__ == "__main__":
    main()
