"""Faster or slower playback that keeps the voice's pitch: WSOLA (waveform-similarity overlap-add).

The output is built from short Hann-windowed frames of the input, one every half frame. Frame k is taken
near input position k * rate * hop; within +-10 ms of that point, the start chosen is the one whose
waveform best continues the frame placed before it (normalised cross-correlation), so the overlapping
halves add up in phase: no phasiness, no clicks, no chipmunk effect. Frames are copied unchanged, so
the pitch stays; only how often they are taken changes, which sets the speed.

The frames must be chosen in turn (each search starts from the last choice), so the loop is per frame;
each search is one `np.correlate` over the +-10 ms window (a few microseconds), which is why a 2-minute
answer stretches in a fraction of a second.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

FRAME_SECONDS = 0.025
TOLERANCE_SECONDS = 0.010
_CHUNK_FRAMES = 2048  # even: chunks keep the parity of frame numbers


def time_stretch(samples: np.ndarray, rate: float, samplerate: int) -> np.ndarray:
    """Samples shaped (frames, channels) played `rate` times as fast, at the same pitch.

    The result has round(len(samples) / rate) frames and the input's channels, as float32; rate 1.0
    returns `samples` itself. Channels share one alignment (chosen on their mix), so stereo stays in step.
    """
    _check_arguments(samples, rate, samplerate)
    if rate == 1.0:
        return samples
    data = np.asarray(samples, dtype=np.float32)
    length, channels = data.shape
    target = round(length / rate)
    if target == 0 or length == 0:
        return np.zeros((target, channels), dtype=np.float32)

    frame = max(8, 2 * round(FRAME_SECONDS * samplerate / 2))  # even, so the half-frame hop is exact
    hop_out = frame // 2
    tolerance = max(1, round(TOLERANCE_SECONDS * samplerate))
    hop_in = hop_out * rate

    # Frame k covers output [k * hop_out, k * hop_out + frame). The first frame's rising half lands on
    # leading padding (a periodic Hann window overlapped by half sums to exactly 1 everywhere after it),
    # so the input is padded by half a frame in front and trimmed by as much at the end.
    count = math.ceil((target + hop_out) / hop_out) + 1
    last_start = math.ceil((count - 1) * hop_in) + tolerance
    tail = max(0, last_start + 2 * frame + tolerance - (hop_out + length))
    padded = np.concatenate(
        [np.zeros((hop_out, channels), np.float32), data, np.zeros((tail, channels), np.float32)], axis=0
    )
    mix = padded[:, 0].copy() if channels == 1 else padded.mean(axis=1, dtype=np.float32)
    starts = _frame_starts(mix, count, frame, hop_in, tolerance)
    out = _overlap_add(padded, starts, frame)
    result = out[hop_out : hop_out + target]
    if len(result) < target:  # never expected; keeps the promised length whatever the rounding
        result = np.concatenate([result, np.zeros((target - len(result), channels), np.float32)], axis=0)
    return result


def _check_arguments(samples: np.ndarray, rate: float, samplerate: int) -> None:
    if not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"the playback rate must be a positive number, not {rate}")
    if samplerate <= 0:
        raise ValueError(f"the sample rate must be positive, not {samplerate}")
    if samples.ndim != 2:
        raise ValueError(f"samples must be shaped (frames, channels), not {samples.shape}")


def _frame_starts(mix: np.ndarray, count: int, frame: int, hop_in: float, tolerance: int) -> np.ndarray:
    """Where in the (padded) input each of the `count` frames starts: the best continuation of the one before."""
    hop_out = frame // 2
    # Energy of any window from a running sum, so each candidate's correlation can be normalised.
    energy = np.concatenate([[0.0], np.cumsum(np.square(mix, dtype=np.float64))])
    starts = np.empty(count, dtype=np.int64)
    starts[0] = 0
    previous = 0
    for k in range(1, count):
        nominal = round(k * hop_in)
        low = max(0, nominal - tolerance)
        high = nominal + tolerance  # the padding at the end keeps every window inside `mix`
        template = mix[previous + hop_out : previous + hop_out + frame]
        region = mix[low : high + frame]
        correlation = np.correlate(region, template, mode="valid")
        window_energy = energy[low + frame : high + frame + 1] - energy[low : high + 1]
        score = correlation / np.sqrt(window_energy + 1e-9)
        previous = low + int(np.argmax(score))
        starts[k] = previous
    return starts


def _overlap_add(padded: np.ndarray, starts: np.ndarray, frame: int) -> np.ndarray:
    """The Hann-windowed frames at `starts`, one every half frame; the first half frame is padding."""
    count = len(starts)
    channels = padded.shape[1]
    hop_out = frame // 2
    window = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(frame) / frame)).astype(np.float32)
    out = np.zeros(((count + 1) * hop_out, channels), dtype=np.float32)
    view = sliding_window_view(padded, frame, axis=0)  # (positions, channels, frame), no copy
    # Even frames tile the output end to end, and so do odd ones: each kind adds in one step per chunk
    # (chunked so a long answer never needs a copy of every frame at once).
    for first in range(0, count, _CHUNK_FRAMES):
        for parity in (0, 1):
            chosen = np.arange(first + parity, min(first + _CHUNK_FRAMES, count), 2)
            if not len(chosen):
                continue
            frames = view[starts[chosen]] * window
            span = frames.transpose(0, 2, 1).reshape(-1, channels)
            begin = int(chosen[0]) * hop_out
            out[begin : begin + len(span)] += span
    return out
