#!/usr/bin/env bash
# Benchmark: the desk's first pull of a ~50,000-document day from pouchdb-server, against
# PouchDB (Node) replicating the same database and a plain _all_docs?include_docs=true
# download, in the same run. Prints figures and ratios; never fails on time.
set -euo pipefail

cli=${ACCUEIL_CLI:?ACCUEIL_CLI must name accueil-cli}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pidfile="$work/server.pid"
trap '"$here/stop-server.sh" "$pidfile" >/dev/null 2>&1; rm -rf "$work"' EXIT

base=$("$here/start-server.sh" "$pidfile" | head -n 1)
db="$base/esf-bench-2026-12-26"
enrollments=${ACCUEIL_BENCH_ENROLLMENTS:-21000}

"$cli" demo --db "$work/seed.db" --enrollments "$enrollments" --seed 5 --date 2026-12-26 >/dev/null
"$cli" publish --db "$work/seed.db" --url "$db" >/dev/null
docs=$(curl -s "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["doc_count"])')

# Bash's own clock: starting a process to read the time would add its start-up to Accueil's
# figure, while the Node side times itself from inside. Its decimal separator follows the
# locale; microseconds always have six digits.
ms () { local now=$EPOCHREALTIME; now=${now//[^0-9]/}; echo $(( 10#$now / 1000 )); }
median () { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

# Each side runs $rounds times, in turns, so that the server's state (its garbage collector
# after the publish, say) weighs on all three alike; the medians are compared.
rounds=${ACCUEIL_BENCH_ROUNDS:-3}
accueil_runs=() pouch_runs=() plain_runs=()
for ((round = 1; round <= rounds; round++)); do
  rm -f "$work"/desk.db*
  start=$(ms)
  "$cli" sync --db "$work/desk.db" --url "$db" --once >/dev/null
  accueil_runs+=($(( $(ms) - start )))
  pouch_runs+=("$(node "$here/replicate-pouchdb.js" "$db" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["ms"]))')")
  plain_runs+=("$(node "$here/replicate-pouchdb.js" --all-docs "$db" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["ms"]))')")
done
accueil=$(median "${accueil_runs[@]}")
pouch=$(median "${pouch_runs[@]}")
plain=$(median "${plain_runs[@]}")

echo "First pull of a day of $docs documents from pouchdb-server (median of $rounds rounds)"
printf '  %-46s %8d ms   (%s)\n' "accueil-cli sync (pull, stored, derived)" "$accueil" "${accueil_runs[*]}"
printf '  %-46s %8d ms   (%s)\n' "PouchDB (Node) replicate into memory" "$pouch" "${pouch_runs[*]}"
printf '  %-46s %8d ms   (%s)\n' "_all_docs?include_docs=true download, parsed" "$plain" "${plain_runs[*]}"
python3 -c "print('  PouchDB / Accueil: %.2f (target >= 4)' % ($pouch / $accueil)); print('  Accueil / _all_docs: %.2f (target <= 2)' % ($accueil / $plain))"
