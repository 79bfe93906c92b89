#!/usr/bin/env bash
# Installs the system libraries Interview Coach needs on Debian/Ubuntu, only those missing.
#   scripts/system-deps.sh run    what the app needs (audio, speech, Qt's X11 libraries)
#   scripts/system-deps.sh test   plus the virtual audio devices and tools the tests use
# Checks by library file and command, not package name, so it works across releases and is a
# no-op (no apt, no sudo) once everything is there.
set -euo pipefail
profile="${1:-run}"

# "check|package": a check is a shared library soname, a command (cmd:NAME), a file (file:GLOB)
# or a Python module of the interpreter that builds the venv (py:MODULE).
run_needs=(
  "libportaudio.so.2|libportaudio2"
  "libespeak-ng.so.1|libespeak-ng1"
  "libpulse.so.0|libpulse0"
  "libxcb-cursor.so.0|libxcb-cursor0"
  "libxkbcommon-x11.so.0|libxkbcommon-x11-0"
  "libxcb-icccm.so.4|libxcb-icccm4"
  "libxcb-keysyms.so.1|libxcb-keysyms1"
  "libxcb-image.so.0|libxcb-image0"
  "libxcb-render-util.so.0|libxcb-render-util0"
  "libxcb-randr.so.0|libxcb-randr0"
  "libxcb-shape.so.0|libxcb-shape0"
  "libEGL.so.1|libegl1"
  "libGL.so.1|libgl1"
  "libfontconfig.so.1|libfontconfig1"
  "libdbus-1.so.3|libdbus-1-3"
  "libglib-2.0.so.0|libglib2.0-0"
  "file:/usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so|libasound2-plugins"
  "py:ensurepip|python3-venv"
)
test_needs=(
  "cmd:pulseaudio|pulseaudio"
  "cmd:pactl|pulseaudio-utils"
  "cmd:espeak-ng|espeak-ng"
  "cmd:Xvfb|xvfb"
  "cmd:xauth|xauth"
  # read human speech with its transcripts, for the speech-recognition accuracy test
  "file:/usr/share/pocketsphinx/test/data/librivox/transcription|pocketsphinx-testdata"
)

needs=("${run_needs[@]}")
[ "$profile" = "test" ] && needs+=("${test_needs[@]}")

ldcache="$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null) || true)"
python="${PYTHON:-python3}"
have() {
  local check="$1"
  case "$check" in
    cmd:*) command -v "${check#cmd:}" >/dev/null 2>&1 ;;
    file:*) compgen -G "${check#file:}" >/dev/null ;;
    py:*) "$python" -c "import ${check#py:}" >/dev/null 2>&1 ;;
    *) grep -qF "$check " <<<"$ldcache" ;;
  esac
}

missing=()
for item in "${needs[@]}"; do
  have "${item%%|*}" || missing+=("${item##*|}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Interview Coach: could not find these system libraries: ${missing[*]}" >&2
  echo "This is not a Debian/Ubuntu system; install the equivalents with your package manager." >&2
  exit 0
fi

install=(apt-get install -y --no-install-recommends "${missing[@]}")
echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
  sudo=(sudo)
else
  echo "Interview Coach needs these system packages. Run this once, then try again:" >&2
  echo "  sudo apt-get update && sudo ${install[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" "${install[@]}"
