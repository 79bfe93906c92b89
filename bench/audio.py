"""Audio benchmarks on the real stack (PortAudio through a private PulseAudio daemon).

- next question: "next" pressed to the first sample of speech handed to the device, with the speech
  synthesised ahead, against a cold synthesis of the same text (new engine, empty cache);
- Space to recording armed: the take starts before the "speak now" cue's first sample (pre-roll);
- long recording: overflows, resident memory growth, and how far the file on disk trails real time.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import pump, save  # noqa: E402
from tests.support.virtual_audio import VirtualAudio  # noqa: E402

QUESTION = "Tell me about a time you disagreed with your manager. What did you do, and what happened?"
NEXT_TARGET_MS = 100
ARM_TARGET_MS = 50
RSS_TARGET_MB = 5
DISK_LAG_TARGET_S = 1.0


def _wait(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    return pump(condition, timeout)


def _controller(cache: Path):  # type: ignore[no-untyped-def]
    from interview_coach.audio.speaker import SpeechSynthesizer
    from interview_coach.controllers.audio_controller import AudioController
    from interview_coach.controllers.tasks import TaskRunner
    from interview_coach.domain.audio_settings import AudioSettings

    tasks = TaskRunner()
    return tasks, AudioController(tasks, SpeechSynthesizer(cache), AudioSettings(), lambda _s: None)


def _dispose(tasks, audio) -> None:  # type: ignore[no-untyped-def]
    tasks.shutdown()
    audio.shutdown()
    # Delete the Qt objects now rather than at interpreter exit, where PySide6 can trip over them.
    audio.deleteLater()
    tasks.deleteLater()
    QApplication.processEvents()


def next_question(runs: int = 15) -> dict[str, object]:
    """Warm: synthesised ahead (the app prefetches the next question). Cold: a new engine each time."""
    warm, cold = [], []
    last_latency = 0.0
    for cold_run in [False] * runs + [True] * max(3, runs // 3):
        cache = Path(tempfile.mkdtemp(prefix="ic-bench-tts-"))
        tasks, audio = _controller(cache)
        try:
            if not cold_run:
                audio._synthesizer.synthesise(QUESTION, audio.settings.voice, audio.settings.rate)
                audio._ensure_player()
            started = time.monotonic()
            audio.speak(QUESTION)
            player = audio.player
            if not _wait(lambda p=player, t=started: (p.first_sample_at or 0.0) > t, 30):
                raise RuntimeError("speech never started")
            (cold if cold_run else warm).append(player.first_sample_at - started)
            last_latency = player.output_latency
            audio.stop_speech()
        finally:
            _dispose(tasks, audio)
    latency = last_latency
    result = {
        "warm_ms": [round(x * 1000, 1) for x in warm],
        "cold_ms": [round(x * 1000, 1) for x in cold],
        "warm_median_ms": statistics.median(warm) * 1000,
        "cold_median_ms": statistics.median(cold) * 1000,
        "device_latency_ms": latency * 1000,
    }
    result["ratio"] = result["warm_median_ms"] / result["cold_median_ms"]
    return result


def space_to_armed(runs: int = 10) -> dict[str, object]:
    """Space ("answer now") to the take being armed, and how long before the cue's first sample it was.

    The take must start before the cue (pre-roll), so the margin is positive: that is what keeps a
    slow output device from eating the first words.
    """
    takes = Path(tempfile.mkdtemp(prefix="ic-bench-takes-"))
    tasks, audio = _controller(Path(tempfile.mkdtemp(prefix="ic-bench-tts-")))
    delays: list[float] = []
    margins: list[float] = []
    armed_at: list[float] = []
    finished: list[object] = []
    audio.recording_armed.connect(armed_at.append)
    audio.recording_finished.connect(finished.append)
    try:
        audio.open_microphone()
        if not _wait(lambda: audio.microphone_open, 10):
            raise RuntimeError("the microphone did not open")
        for run in range(runs):
            pressed = time.monotonic()
            audio.record_after_cue(takes / f"take-{run}.wav")
            if not _wait(lambda n=run: len(armed_at) > n and audio.player.first_sample_at is not None, 30):
                raise RuntimeError("recording never armed, or the cue never played")
            delays.append(armed_at[-1] - pressed)
            margins.append(audio.player.first_sample_at - armed_at[-1])
            audio.stop_recording(None)
            if not _wait(lambda n=run: len(finished) > n, 10):
                raise RuntimeError("the take did not finish")
    finally:
        _dispose(tasks, audio)
    return {
        "delays_ms": [round(d * 1000, 2) for d in delays],
        "median_ms": statistics.median(delays) * 1000,
        "max_ms": max(delays) * 1000,
        "min_margin_ms": min(margins) * 1000,
    }


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def long_recording(seconds: float) -> dict[str, object]:
    from interview_coach.audio.recorder import Recorder

    folder = Path(tempfile.mkdtemp(prefix="ic-bench-long-"))
    wav = folder / "long.wav"
    recorder = Recorder()
    recorder.open()
    try:
        rss_before = _rss_mb()
        armed = recorder.arm(wav)
        worst_lag = 0.0
        rss_peak = rss_before
        while (elapsed := time.monotonic() - armed) < seconds:
            time.sleep(0.5)
            on_disk = max(0, wav.stat().st_size - 44) / (2 * recorder.samplerate) if wav.exists() else 0.0
            if elapsed > 2:  # the first flush lands after a second by design
                worst_lag = max(worst_lag, time.monotonic() - armed - on_disk)
            rss_peak = max(rss_peak, _rss_mb())
        result = recorder.stop(folder / "long.flac")
    finally:
        recorder.close()
    return {
        "seconds": result.seconds,
        "overflows": result.overflows,
        "rss_before_mb": rss_before,
        "rss_growth_mb": rss_peak - rss_before,
        "worst_disk_lag_s": worst_lag,
        "flac_mb": (folder / "long.flac").stat().st_size / 2**20,
    }


def run() -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    audio_stack = VirtualAudio.start()
    audio_stack.export()
    app = QApplication.instance() or QApplication([])
    try:
        next_q = next_question()
        armed = space_to_armed()
        seconds = float(os.environ.get("BENCH_RECORDING_SECONDS", "600"))
        long = long_recording(seconds)
    finally:
        audio_stack.stop()
    del app
    results = {"next_question": next_q, "space_to_armed": armed, "long_recording": long}
    save("audio", results)
    ok = lambda good: "ok" if good else "OVER TARGET"  # noqa: E731
    print(
        f"next question: {next_q['warm_median_ms']:.0f} ms to the first sample with speech made ahead, "
        f"against {next_q['cold_median_ms']:.0f} ms for a cold synthesis ({next_q['ratio']:.2f}x); "
        f"plus {next_q['device_latency_ms']:.0f} ms device latency (target < {NEXT_TARGET_MS} ms) "
        f"{ok(next_q['warm_median_ms'] < NEXT_TARGET_MS)}"
    )
    print(
        f"Space to recording armed: median {armed['median_ms']:.1f} ms, worst {armed['max_ms']:.1f} ms "
        f"(target < {ARM_TARGET_MS} ms); armed at least {armed['min_margin_ms']:.1f} ms before the cue's "
        f"first sample {ok(armed['max_ms'] < ARM_TARGET_MS and armed['min_margin_ms'] > 0)}"
    )
    long_ok = (
        long["overflows"] == 0
        and long["rss_growth_mb"] < RSS_TARGET_MB
        and long["worst_disk_lag_s"] < DISK_LAG_TARGET_S
    )
    print(
        f"{long['seconds']:.0f} s recording: {long['overflows']} overflows, resident memory "
        f"+{long['rss_growth_mb']:.1f} MB (from {long['rss_before_mb']:.0f} MB), file on disk at most "
        f"{long['worst_disk_lag_s']:.2f} s behind real time, FLAC {long['flac_mb']:.1f} MB {ok(long_ok)}"
    )
    return results


if __name__ == "__main__":
    run()
