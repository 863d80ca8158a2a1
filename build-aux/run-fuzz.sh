#!/usr/bin/env bash
# Builds the fuzz targets of tests/fuzz with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs each for a bounded time, two at a time.
#
#   build-aux/run-fuzz.sh [TARGET…]
#
# TARGET is a name of tests/fuzz/meson.build's list (changes, document, …); all of them
# without one. Each target starts from a copy of tests/fuzz/corpus/<target>/: the repository's
# corpus is never written. Fails when a target crashes, leaks, hangs (10 s on one input) or runs
# out of memory (2 GB), and prints the input that did it and how to replay it.
#
# Environment:
#   ACCUEIL_FUZZ_SECONDS          seconds per target (default 60)
#   ACCUEIL_FUZZ_BUILD_DIR        the build folder (default _build-fuzz)
#   ACCUEIL_FUZZ_KEEP             1 keeps the work folder (new inputs, logs) after a clean run
#   ACCUEIL_FUZZ_SKIP_DEPS        1 skips build-aux/install-deps.sh (run-tests.sh has run it)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

seconds=${ACCUEIL_FUZZ_SECONDS:-60}
build=${ACCUEIL_FUZZ_BUILD_DIR:-_build-fuzz}
parallel=2

case "$seconds" in '' | *[!0-9]* | 0)
  echo "run-fuzz.sh: ACCUEIL_FUZZ_SECONDS must be a positive whole number" >&2
  exit 2
  ;;
esac

if [ "${ACCUEIL_FUZZ_SKIP_DEPS:-0}" != 1 ]; then
  bash build-aux/install-deps.sh
fi

# libFuzzer comes with clang only. The GTK application is not fuzzed.
options=(--werror -Dfuzzing=true '-Db_sanitize=address,undefined' -Db_lundef=false -Dui=false)
if [ -d "$build" ]; then
  meson setup --reconfigure "$build" "${options[@]}" >/dev/null
else
  CC=clang meson setup "$build" "${options[@]}"
fi

# The targets meson knows, in the order of their list.
mapfile -t known < <(meson introspect "$build" --targets | python3 -c '
import json, sys
for target in json.load(sys.stdin):
    name = target["name"]
    if target["type"] == "executable" and name.startswith("fuzz-"):
        print(name[len("fuzz-"):])')

if [ $# -gt 0 ]; then
  targets=("$@")
  for t in "${targets[@]}"; do
    if ! printf '%s\n' "${known[@]}" | grep -qx -- "$t"; then
      echo "run-fuzz.sh: no fuzz target named $t (there are: ${known[*]})" >&2
      exit 2
    fi
  done
else
  targets=("${known[@]}")
fi

meson compile -C "$build" "${targets[@]/#/fuzz-}"

# Inputs longer than the largest answer a target reads take time without finding more: the
# pages and batches of the corpus are a few kilobytes, documents a few hundred bytes.
max_len() {
  case "$1" in
    document) echo 4096 ;;
    *) echo 16384 ;;
  esac
}

work=$(mktemp -d "${TMPDIR:-/tmp}/accueil-fuzz.XXXXXX")
echo "run-fuzz.sh: ${#targets[@]} target(s), $seconds s each, $parallel at a time; crashes and logs go to $work"

# GLib's slice allocator would hide use-after-free from AddressSanitizer. Leaks in libraries
# that Accueil cannot free are suppressed as in the other sanitizer runs.
export G_SLICE=always-malloc
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1
export LSAN_OPTIONS="suppressions=$here/build-aux/lsan.supp:print_suppressions=0"

# Runs one target; its exit status goes to $work/<target>.status.
fuzz_one() {
  local name=$1
  local exe=$build/tests/fuzz/fuzz-$name
  local seeds=$work/$name/seeds
  local found=$work/$name/found
  local status=0

  mkdir -p "$seeds" "$found" "$work/$name/artifacts"
  if [ -d "tests/fuzz/corpus/$name" ]; then
    cp -R "tests/fuzz/corpus/$name/." "$seeds/"
  fi
  # The first folder receives what libFuzzer finds; the seeds are only read.
  "$exe" "$found" "$seeds" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$name")" \
    -print_final_stats=1 -artifact_prefix="$work/$name/artifacts/" \
    >"$work/$name.log" 2>&1 || status=$?
  echo "$status" >"$work/$name.status"
}

running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  echo "run-fuzz.sh: fuzzing $t"
  fuzz_one "$t" &
  running=$((running + 1))
done
wait

failed=0
echo
echo "Fuzzing, $seconds s per target:"
for t in "${targets[@]}"; do
  log=$work/$t.log
  status=$(cat "$work/$t.status" 2>/dev/null || echo 1)
  units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  new=$(find "$work/$t/found" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    printf '  %-10s ok      %10s executions (%s/s), %d new inputs\n' "$t" "${units:-?}" "${rate:-?}" "$new"
    continue
  fi

  failed=1
  printf '  %-10s FAILED  %10s executions (%s/s), exit status %s\n' "$t" "${units:-?}" "${rate:-?}" "$status"
  grep -E '^(==[0-9]+==ERROR|SUMMARY:)|property does not hold|CRITICAL|WARNING|runtime error' "$log" |
    sed 's/^/      /' | head -n 8 || true
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
  if [ -n "$artifact" ]; then
    echo "      reproducer: $artifact"
    echo "      replay it:  $build/tests/fuzz/fuzz-$t $artifact"
    case "$(basename "$artifact")" in
      leak-*)
        # Libraries built without frame pointers cut the fast stacks short.
        echo "                  (with ASAN_OPTIONS=fast_unwind_on_malloc=0 for the leak's whole stack)"
        ;;
    esac
    echo "                  (a target that keeps state, as batch keeps its store, may need the"
    echo "                  inputs before it: a crash that does not come back alone is still one)"
    echo "      keep it:    minimise it (add -minimize_crash=1 -runs=10000), then save it as"
    echo "                  tests/fuzz/corpus/$t/crash-<what it does>"
  fi
  echo "      log: $log"
done

if [ "$failed" -eq 0 ] && [ "${ACCUEIL_FUZZ_KEEP:-0}" != 1 ]; then
  rm -rf "$work"
else
  echo "run-fuzz.sh: the work folder stays: $work"
fi
exit $failed
