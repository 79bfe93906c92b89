"""Repairs a WAV file cut short by a crash: its header still says 0 frames, the samples are all there.

Pure file surgery (no audio library), so it also works when PortAudio or libsndfile are missing.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path


class NotRepairableError(ValueError):
    pass


@dataclass(frozen=True)
class WavRepair:
    path: Path
    frames: int
    samplerate: int
    changed: bool

    @property
    def seconds(self) -> float:
        return self.frames / self.samplerate if self.samplerate else 0.0


def repair_wav(path: Path) -> WavRepair:
    """Fixes the RIFF and data sizes from the file length; drops a trailing partial frame."""
    with path.open("r+b") as handle:
        header = handle.read(4096)
        if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            raise NotRepairableError(f"{path} is not a WAV file")
        file_size = handle.seek(0, 2)
        block_align, samplerate = 0, 0
        position = 12
        while position + 8 <= len(header):
            chunk_id = header[position : position + 4]
            (chunk_size,) = struct.unpack_from("<I", header, position + 4)
            if chunk_id == b"fmt ":
                samplerate = struct.unpack_from("<I", header, position + 12)[0]
                block_align = struct.unpack_from("<H", header, position + 20)[0]
            if chunk_id == b"data":
                if not block_align:
                    raise NotRepairableError(f"{path} has no format chunk before its data")
                data_start = position + 8
                data_bytes = (file_size - data_start) // block_align * block_align
                changed = chunk_size != data_bytes or file_size != data_start + data_bytes
                if changed:
                    handle.truncate(data_start + data_bytes)
                    handle.seek(position + 4)
                    handle.write(struct.pack("<I", data_bytes))
                    handle.seek(4)
                    handle.write(struct.pack("<I", data_start + data_bytes - 8))
                return WavRepair(path, data_bytes // block_align, samplerate, changed)
            position += 8 + chunk_size + (chunk_size & 1)
    raise NotRepairableError(f"{path} has no data chunk")
