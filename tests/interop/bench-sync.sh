#!/usr/bin/env bash
# Benchmark: the desk's first pull of a ~50,000-document day from pouchdb-server, against
# PouchDB (Node) replicating the same database and a plain _all_docs?include_docs=true
# download, in the same run: over loopback, and through links of 50 and 100 ms round trip
# (latency-proxy.py before the same server). Prints figures and ratios; never fails on time.
#
# Environment:
#   ACCUEIL_BENCH_ROUNDS        rounds of each measurement; medians are compared (default 3)
#   ACCUEIL_BENCH_ENROLLMENTS   enrollments of the day (default 21000, ~48,000 documents)
#   ACCUEIL_BENCH_POUCHDB_RTTS  the round trips (ms) through which PouchDB replicates (default
#                               "0"; "0 50 100" for all: a link of 50 ms costs it ~45 s a round)
set -euo pipefail

cli=${ACCUEIL_CLI:?ACCUEIL_CLI must name accueil-cli}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pidfile="$work/server.pid"
proxies=()
cleanup() {
  for pid in "${proxies[@]}"; do kill "$pid" 2>/dev/null || true; done
  "$here/stop-server.sh" "$pidfile" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

base=$("$here/start-server.sh" "$pidfile" | head -n 1)
name=esf-bench-2026-12-26
enrollments=${ACCUEIL_BENCH_ENROLLMENTS:-21000}
rtts=(0 50 100)
pouch_rtts=" ${ACCUEIL_BENCH_POUCHDB_RTTS:-0} "

"$cli" demo --db "$work/seed.db" --enrollments "$enrollments" --seed 5 --date 2026-12-26 >/dev/null
"$cli" publish --db "$work/seed.db" --url "$base/$name" >/dev/null
docs=$(curl -s "$base/$name" | python3 -c 'import json,sys; print(json.load(sys.stdin)["doc_count"])')

# The database as seen through a link of each round trip: loopback itself at 0 ms, else a
# proxy that delays each direction by half of it.
declare -A url
for rtt in "${rtts[@]}"; do
  if [ "$rtt" -eq 0 ]; then
    url[$rtt]="$base/$name"
    continue
  fi
  python3 "$here/latency-proxy.py" --rtt-ms "$rtt" --target "${base#http://}" >"$work/proxy-$rtt" &
  proxies+=($!)
  for _ in $(seq 100); do
    [ -s "$work/proxy-$rtt" ] && break
    sleep 0.05
  done
  [ -s "$work/proxy-$rtt" ] || { echo "bench-sync.sh: latency-proxy.py did not start" >&2; exit 1; }
  url[$rtt]="$(head -n 1 "$work/proxy-$rtt")/$name"
done

# Bash's own clock: starting a process to read the time would add its start-up to Accueil's
# figure, while the Node side times itself from inside. Its decimal separator follows the
# locale; microseconds always have six digits.
ms () { local now=$EPOCHREALTIME; now=${now//[^0-9]/}; echo $(( 10#$now / 1000 )); }
median () { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
node_ms () { node "$here/replicate-pouchdb.js" "$@" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["ms"]))'; }

# Each side runs $rounds times through each link, in turns, so that the server's state (its
# garbage collector after the publish, say) and the machine's load weigh on all alike; the
# medians are compared.
rounds=${ACCUEIL_BENCH_ROUNDS:-3}
declare -A runs
for ((round = 1; round <= rounds; round++)); do
  for rtt in "${rtts[@]}"; do
    rm -f "$work"/desk.db*
    start=$(ms)
    "$cli" sync --db "$work/desk.db" --url "${url[$rtt]}" --once >/dev/null
    runs[accueil-$rtt]+="$(( $(ms) - start )) "
    runs[plain-$rtt]+="$(node_ms --all-docs "${url[$rtt]}") "
    if [[ "$pouch_rtts" == *" $rtt "* ]]; then
      runs[pouch-$rtt]+="$(node_ms "${url[$rtt]}") "
    fi
  done
done

echo "First pull of a day of $docs documents from pouchdb-server (median of $rounds rounds, ms)"
printf '  %-18s %10s %12s %17s %10s %17s\n' "link (round trip)" "Accueil" "_all_docs" "Accueil/_all_docs" \
  "PouchDB" "PouchDB/Accueil"
for rtt in "${rtts[@]}"; do
  # shellcheck disable=SC2086
  accueil=$(median ${runs[accueil-$rtt]})
  # shellcheck disable=SC2086
  plain=$(median ${runs[plain-$rtt]})
  pouch=-
  # shellcheck disable=SC2086
  [ -n "${runs[pouch-$rtt]:-}" ] && pouch=$(median ${runs[pouch-$rtt]})
  if [ "$rtt" -eq 0 ]; then link="loopback"; target="<= 2"; else link="$rtt ms"; target="<= 1.5"; fi
  python3 -c '
import sys
link, accueil, plain, pouch, target = sys.argv[1:]
ratio = "%.2f (%s)" % (int(accueil) / int(plain), target)
versus = "%.1f (>= 4)" % (int(pouch) / int(accueil)) if pouch != "-" else "-"
print("  %-18s %10s %12s %17s %10s %17s" % (link, accueil, plain, ratio, pouch, versus))
' "$link" "$accueil" "$plain" "$pouch" "$target"
done
echo "  Rounds:"
for rtt in "${rtts[@]}"; do
  printf '    %3d ms  Accueil: %s  _all_docs: %s' "$rtt" "${runs[accueil-$rtt]% }" "${runs[plain-$rtt]% }"
  [ -n "${runs[pouch-$rtt]:-}" ] && printf '  PouchDB: %s' "${runs[pouch-$rtt]% }"
  echo
done
echo "  Accueil: accueil-cli sync --once into an empty file (pulled, stored, derived); _all_docs:"
echo "  a plain GET _all_docs?include_docs=true, parsed (Node); PouchDB: PouchDB (Node) replicating"
echo "  into memory. Links of 50 and 100 ms go through tests/interop/latency-proxy.py."
