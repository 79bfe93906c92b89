"""The user's audio choices, stored as JSON in the settings table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DEFAULT_RATE = 175  # words per minute: a calm interviewer's pace
MIN_RATE, MAX_RATE = 90, 300


@dataclass(frozen=True)
class DeviceSetting:
    """A device by name and host API; empty name means the system default."""

    name: str = ""
    hostapi: str = ""


@dataclass(frozen=True)
class AudioSettings:
    voice: str = ""  # engine voice id; empty: the engine's default
    rate: int = DEFAULT_RATE
    volume: float = 1.0
    read_aloud: bool = True
    input_device: DeviceSetting = field(default_factory=DeviceSetting)
    output_device: DeviceSetting = field(default_factory=DeviceSetting)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> AudioSettings:
        """Tolerant: unknown keys are ignored and bad values fall back to defaults."""
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        rate = data.get("rate", defaults.rate)
        volume = data.get("volume", defaults.volume)
        return cls(
            voice=str(data.get("voice") or ""),
            rate=min(max(int(rate), MIN_RATE), MAX_RATE) if isinstance(rate, (int, float)) else defaults.rate,
            volume=min(max(float(volume), 0.0), 1.0) if isinstance(volume, (int, float)) else defaults.volume,
            read_aloud=bool(data.get("read_aloud", defaults.read_aloud)),
            input_device=_device(data.get("input_device")),
            output_device=_device(data.get("output_device")),
        )


def _device(data: Any) -> DeviceSetting:
    if not isinstance(data, dict):
        return DeviceSetting()
    return DeviceSetting(str(data.get("name") or ""), str(data.get("hostapi") or ""))
