#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and runs every test of Accueil: a normal build (warnings
# are errors) with every suite, then a second build with AddressSanitizer and
# UndefinedBehaviorSanitizer that runs the unit and sync suites again, then the fuzz targets
# for a bounded time (build-aux/run-fuzz.sh).
#
# This is the test command of README.md, and .ci/run runs exactly it.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

bash build-aux/install-deps.sh

build=${ACCUEIL_BUILD_DIR:-_build}
asan=${ACCUEIL_ASAN_BUILD_DIR:-_build-asan}

if [ -d "$build" ]; then
  meson setup --reconfigure "$build" --werror -Dprofile=development >/dev/null
else
  meson setup "$build" --werror -Dprofile=development
fi
meson compile -C "$build"

if [ -d "$asan" ]; then
  meson setup --reconfigure "$asan" --werror -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
else
  meson setup "$asan" --werror -Db_sanitize=address,undefined -Db_lundef=false
fi
meson compile -C "$asan"

status=0
# UI tests need a display: every suite runs under a virtual one.
xvfb-run -a -s '-screen 0 1280x1024x24' meson test -C "$build" --print-errorlogs || status=1

# The sanitizers must stay quiet on everything that runs without a display.
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS="suppressions=$here/build-aux/lsan.supp:print_suppressions=0"
suites=(--suite unit)
if meson test -C "$asan" --list 2>/dev/null | grep -q '^accueil:sync'; then
  suites+=(--suite sync)
fi
meson test -C "$asan" "${suites[@]}" --print-errorlogs || status=1

# Every fuzz target for a bounded time (ACCUEIL_FUZZ_SECONDS, 60 s by default), in a third build
# with clang and libFuzzer.
ACCUEIL_FUZZ_SKIP_DEPS=1 bash build-aux/run-fuzz.sh || status=1

python3 build-aux/summarize-tests.py "$build/meson-logs/testlog.json" \
  "$asan/meson-logs/testlog.json"
exit $status
