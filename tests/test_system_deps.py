"""`scripts/system-deps.sh`: installs only what is missing, as root or through sudo, else says how."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-deps.sh"


def fake_bin(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def run(
    tmp_path: Path, *, uid: int, libraries: str, sudo: bool = False
) -> tuple[subprocess.CompletedProcess[str], str]:
    fakes = tmp_path / "bin"
    fakes.mkdir(exist_ok=True)
    log = tmp_path / "apt.log"
    fake_bin(fakes, "ldconfig", f"printf '%s' '{libraries}'")
    fake_bin(fakes, "id", f"echo {uid}")
    fake_bin(fakes, "apt-get", f'echo "$@" >> {log}')
    if sudo:
        fake_bin(fakes, "sudo", f'echo sudo "$@" >> {log}; [ "$1" = "-n" ] && exit 0; "$@"')
    grep = fakes / "grep"
    if not grep.exists():
        grep.symlink_to(shutil.which("grep") or "/bin/grep")
    # Only the fakes on PATH: the real sudo and apt-get must never run from a test.
    env = {**os.environ, "PATH": str(fakes), "PYTHON": sys.executable}
    bash = shutil.which("bash") or "/bin/bash"
    result = subprocess.run([bash, str(SCRIPT), "run"], env=env, capture_output=True, text=True, timeout=60)
    return result, log.read_text() if log.exists() else ""


def all_present() -> str:
    script = SCRIPT.read_text()
    sonames = [line.split('"')[1].split("|")[0] for line in script.splitlines() if line.strip().startswith('"lib')]
    return "".join(f"\t{name} (libc6,x86-64) => /usr/lib/{name}\n" for name in sonames)


def test_nothing_is_installed_when_everything_is_there(tmp_path: Path) -> None:
    result, apt = run(tmp_path, uid=0, libraries=all_present())
    assert result.returncode == 0 and apt == "" and result.stdout == ""


def test_as_root_the_missing_packages_are_installed(tmp_path: Path) -> None:
    present = all_present().replace("libportaudio.so.2", "libportaudio-gone.so")
    result, apt = run(tmp_path, uid=0, libraries=present)
    assert result.returncode == 0
    assert apt.splitlines() == ["update -qq", "install -y --no-install-recommends libportaudio2"]


def test_with_sudo_it_installs_through_sudo(tmp_path: Path) -> None:
    present = all_present().replace("libespeak-ng.so.1", "gone")
    result, apt = run(tmp_path, uid=1000, libraries=present, sudo=True)
    assert result.returncode == 0
    assert "sudo apt-get install -y --no-install-recommends libespeak-ng1" in apt


def test_without_root_or_sudo_it_prints_the_one_command_to_run(tmp_path: Path) -> None:
    present = all_present().replace("libportaudio.so.2", "gone").replace("libpulse.so.0", "gone")
    result, apt = run(tmp_path, uid=1000, libraries=present)
    assert result.returncode == 1 and apt == ""
    assert (
        "sudo apt-get update && sudo apt-get install -y --no-install-recommends libportaudio2 libpulse0"
        in result.stderr
    )
