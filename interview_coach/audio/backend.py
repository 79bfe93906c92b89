"""Imports sounddevice on demand, turning a missing PortAudio into a clear AudioUnavailableError."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from types import ModuleType

from interview_coach.audio.errors import PORTAUDIO_HINT, AudioUnavailableError

_module: ModuleType | None = None


def sounddevice() -> ModuleType:
    """The sounddevice module. PortAudio lists devices once, when this is first called."""
    global _module
    if _module is None:
        try:
            import sounddevice as sd
        except OSError as error:  # raised by sounddevice when libportaudio cannot be loaded
            raise AudioUnavailableError(f"Sound is unavailable: {error}. {PORTAUDIO_HINT}") from error
        _quiet_alsa()
        _module = sd
    return _module


_ALSA_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p)
_alsa_handler: object = None  # kept alive for as long as ALSA may call it


def _quiet_alsa() -> None:
    """ALSA prints lines such as "underrun occurred" to the terminal as it recovers by itself; they
    mean nothing to a user. A no-op error handler keeps them out of the CLI's output."""
    global _alsa_handler
    if not sys.platform.startswith("linux") or _alsa_handler is not None:
        return
    name = ctypes.util.find_library("asound") or "libasound.so.2"
    try:
        asound = ctypes.CDLL(name)
    except OSError:
        return
    _alsa_handler = _ALSA_HANDLER(lambda *_args: None)
    asound.snd_lib_error_set_handler(_alsa_handler)


def portaudio_error() -> type[Exception]:
    return sounddevice().PortAudioError  # type: ignore[no-any-return]
