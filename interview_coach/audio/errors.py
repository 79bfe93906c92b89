"""Audio failures, each worded for the user with what to do about it."""

from __future__ import annotations

PORTAUDIO_HINT = "Install PortAudio: sudo apt-get install libportaudio2 (macOS: brew install portaudio)"
ESPEAK_HINT = "Install a speech engine: sudo apt-get install espeak-ng (Windows and macOS have one built in)"


class AudioError(Exception):
    """Something the user can act on; str() is a complete one-line message."""


class AudioUnavailableError(AudioError):
    """No audio system at all (PortAudio missing): practice goes on without sound."""


class NoDeviceError(AudioError):
    """No microphone or speaker to use."""


class DeviceLostError(AudioError):
    """The device stopped delivering sound mid-stream (unplugged, suspended, taken over)."""


class SpeechUnavailableError(AudioError):
    """The text-to-speech engine is missing or failed."""
