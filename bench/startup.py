"""Start-up: process start to main window shown, against a bare PySide6 window in the same run.

Target: the app's median under 1.5x the bare window's. Runs alternate app and baseline so that
machine noise hits both alike; the ratio of medians is the figure to read, not the absolute times.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import save, summary, virtual_display

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5


def _time_to_shown(command: list[str], env: dict[str, str]) -> float:
    started = time.time()
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    marker = [line for line in result.stdout.splitlines() if line.startswith("window-shown ")]
    if result.returncode != 0 or not marker:
        raise RuntimeError(f"{command} failed: {result.stderr[-800:]}")
    return float(marker[-1].split()[1]) - started


def measure(platform: str, display: str | None, runs: int) -> dict[str, object]:
    data_dir = tempfile.mkdtemp(prefix="ic-bench-")
    env = {**os.environ, "QT_QPA_PLATFORM": platform, "INTERVIEW_COACH_REPORT_SHOWN": "1"}
    env["INTERVIEW_COACH_DATA_DIR"] = data_dir
    # A user's Python keeps compiled modules; a shell that forbids writing them would make every launch
    # compile the app's sources again (~20 ms) and the figure would not be the user's.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if display:
        env["DISPLAY"] = display
    app = [sys.executable, "-m", "interview_coach"]
    bare = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
    _time_to_shown(app, env)  # first run creates the database and byte-compiles; not counted
    _time_to_shown(bare, env)
    app_times, bare_times = [], []
    for _ in range(runs):
        app_times.append(_time_to_shown(app, env))
        bare_times.append(_time_to_shown(bare, env))
    app_stats, bare_stats = summary(app_times), summary(bare_times)
    ratio = app_stats["median"] / bare_stats["median"]
    # The fastest run of each is the least disturbed by other load: a second, steadier view.
    best_ratio = app_stats["min"] / bare_stats["min"]
    return {
        "platform": platform,
        "app": app_stats,
        "bare": bare_stats,
        "ratio": ratio,
        "best_ratio": best_ratio,
        "target": TARGET_RATIO,
    }


def run(runs: int = 25) -> list[dict[str, object]]:
    results = [measure("offscreen", None, runs)]
    with virtual_display() as display:
        if display:
            results.append(measure("xcb", display, runs))
    save("startup", {"results": results})
    for r in results:
        app, bare = r["app"], r["bare"]
        assert isinstance(app, dict) and isinstance(bare, dict)
        verdict = "ok" if float(r["ratio"]) < TARGET_RATIO else "OVER TARGET"  # type: ignore[arg-type]
        print(
            f"start-up ({r['platform']}): app {app['median'] * 1000:.0f} ms, bare window "
            f"{bare['median'] * 1000:.0f} ms (medians of {app['runs']}), ratio {r['ratio']:.2f}x; "
            f"fastest runs {app['min'] * 1000:.0f} vs {bare['min'] * 1000:.0f} ms, ratio {r['best_ratio']:.2f}x "
            f"(target < {TARGET_RATIO}x) {verdict}"
        )
    return results


if __name__ == "__main__":
    run()
