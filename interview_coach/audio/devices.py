"""Audio devices, chosen by name and host API (indexes shift when devices come and go)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from interview_coach.audio.backend import sounddevice
from interview_coach.audio.errors import NoDeviceError
from interview_coach.domain.audio_settings import DeviceSetting

Direction = Literal["input", "output"]


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    hostapi: str
    inputs: int
    outputs: int
    default_samplerate: float
    is_default_input: bool
    is_default_output: bool

    @property
    def choice(self) -> DeviceSetting:
        return DeviceSetting(self.name, self.hostapi)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.hostapi})"

    def supports(self, direction: Direction) -> bool:
        return (self.inputs if direction == "input" else self.outputs) > 0


def list_devices() -> list[DeviceInfo]:
    sd = sounddevice()
    hostapis = sd.query_hostapis()
    default_in, default_out = _defaults(sd)
    devices = []
    for raw in sd.query_devices():
        devices.append(
            DeviceInfo(
                index=raw["index"],
                name=raw["name"],
                hostapi=hostapis[raw["hostapi"]]["name"],
                inputs=raw["max_input_channels"],
                outputs=raw["max_output_channels"],
                default_samplerate=float(raw["default_samplerate"]),
                is_default_input=raw["index"] == default_in,
                is_default_output=raw["index"] == default_out,
            )
        )
    return devices


def _defaults(sd: Any) -> tuple[int, int]:
    default_in, default_out = sd.default.device
    return int(default_in), int(default_out)


def resolve(choice: DeviceSetting, direction: Direction) -> DeviceInfo:
    """The device to open for a saved choice; the system default when the choice is gone."""
    devices = [d for d in list_devices() if d.supports(direction)]
    if not devices:
        kind = "microphone (input device)" if direction == "input" else "speaker (output device)"
        raise NoDeviceError(f"No {kind} was found. Connect one, or check the system's sound settings.")
    if choice.name:
        for device in devices:
            if device.name == choice.name and (not choice.hostapi or device.hostapi == choice.hostapi):
                return device
    flag = "is_default_input" if direction == "input" else "is_default_output"
    return next((d for d in devices if getattr(d, flag)), devices[0])
