"""Imports sounddevice on demand, turning a missing PortAudio into a clear AudioUnavailableError."""

from __future__ import annotations

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
        _module = sd
    return _module


def portaudio_error() -> type[Exception]:
    return sounddevice().PortAudioError  # type: ignore[no-any-return]
