#!/usr/bin/env bash
# Three desks and no cloud: each serves its replica (accueil-cli serve) and replicates with the
# two others by address (accueil-cli sync, over HTTPS with the school's pairing secret and the
# pins of first contact). They check in different families and two move one child to different
# groups; then they agree. A desk that comes back with another key is refused by name. A cloud (pouchdb-server) that appears afterwards receives every fact
# once, and a fourth desk pulled from it holds the same day. Prints TAP.
set -uo pipefail

cli=${ACCUEIL_CLI:?ACCUEIL_CLI must name accueil-cli}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/interop/tap.sh
. "$here/tap.sh"
work=$(mktemp -d)
pidfile="$work/cloud.pid"
servers=()

cleanup () {
  for pid in "${servers[@]}"; do kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  "$here/stop-server.sh" "$pidfile" >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] && echo "# kept $work" || rm -rf "$work"
}
trap cleanup EXIT

# Each desk has its own folders: identity, pins and kept secret, as on its own computer.
desk_env () {
  export XDG_CONFIG_HOME="$work/config-$1" ACCUEIL_CREDENTIALS_FILE="$work/credentials-$1.ini"
}
desk () { (desk_env "$1"; shift; exec "$cli" "$@"); }
# A desk serving in the background, as the process whose PID it leaves in $!.
serve_bg () {
  local i=$1
  shift
  (desk_env "$i"; exec "$cli" serve --db "$(db "$i")" --bind 127.0.0.1 --name "$name" "$@") \
    > "$work/serve-$i.out" 2> "$work/serve-$i.err" &
}
db () { echo "$work/desk-$1.db"; }
name=esf-desks-2026-12-26
secret="the school's pairing secret"

for i in 1 2 3 4; do echo "$secret" | desk "$i" pair >/dev/null; done

# Desk 1 holds the day; desks 2 and 3 take it from desk 1.
desk 1 demo --db "$(db 1)" --enrollments 300 --seed 11 --date 2026-12-26 >/dev/null
declare -A url
serve () {
  local i=$1
  serve_bg "$i" --port 0
  servers+=($!)
  for _ in $(seq 100); do [ -s "$work/serve-$i.out" ] && break; sleep 0.1; done
  url[$i]=$(head -n 1 "$work/serve-$i.out")
  if [ -z "${url[$i]}" ]; then
    echo "Bail out! desk $i does not serve: $(cat "$work/serve-$i.err")"
    exit 1
  fi
}
serve 1
echo "1..11"
for i in 2 3; do desk "$i" sync --db "$(db "$i")" --url "${url[1]}" --once >/dev/null; done
serve 2
serve 3
export_of () { desk "$1" export --db "$(db "$1")" --format json; }
check "desks 2 and 3 took the day from desk 1" \
  '[ -n "$(export_of 1)" ] && [ "$(export_of 1)" = "$(export_of 2)" ] && [ "$(export_of 1)" = "$(export_of 3)" ]'
school_of () { desk "$1" status --db "$(db "$1")" --json | json 'd["school_id"]'; }
check "a day taken from a desk knows its school's id from its name" \
  '[ "$(school_of 2)" = esf-desks ] && [ "$(school_of 3)" = esf-desks ]'

# Offline from the cloud, each desk checks in a family of its own, and desks 1 and 2 move the
# same child to two different groups.
export_of 1 > "$work/day.json"
read -r -a refs < <(json '" ".join(sorted({e["booking_reference"] for e in d["enrollments"] if e["status"] == "booked"})[:3])' < "$work/day.json")
for i in 1 2 3; do desk "$i" checkin --db "$(db "$i")" "${refs[$((i - 1))]}" >/dev/null; done
read -r enrollment g1 g2 < <(json '" ".join([e["id"]] + [g["id"] for g in d["groups"] if g["session_id"] == e["session_id"]][:2]) if (e := next(x for x in d["enrollments"] if x["status"] == "booked" and sum(1 for g in d["groups"] if g["session_id"] == x["session_id"]) > 1)) else ""' < "$work/day.json")
desk 1 assign --db "$(db 1)" "$enrollment" "$g1" --reason "desk 1" >/dev/null
desk 2 assign --db "$(db 2)" "$enrollment" "$g2" --reason "desk 2" >/dev/null
want=0
for i in 1 2 3; do want=$((want + $(desk "$i" status --db "$(db "$i")" --json | json 'd["checked_in"]'))); done

# They find each other by address: each replicates with the two others, twice round.
for round in 1 2; do
  for i in 1 2 3; do
    for j in 1 2 3; do
      [ "$i" = "$j" ] && continue
      desk "$i" sync --db "$(db "$i")" --url "${url[$j]}" --once >/dev/null 2>>"$work/sync.err" ||
        echo "# desk $i with desk $j: $(tail -n 1 "$work/sync.err")"
    done
  done
done
check "the three desks' exports are byte-identical" \
  '[ "$(export_of 1)" = "$(export_of 2)" ] && [ "$(export_of 1)" = "$(export_of 3)" ]'
check "every desk shows the $want check-ins" \
  'for i in 1 2 3; do [ "$(desk "$i" status --db "$(db "$i")" --json | json "d[\"checked_in\"]")" = "$want" ] || exit 1; done'
check "the group conflict is listed on all three desks" \
  'for i in 1 2 3; do [ "$(desk "$i" status --db "$(db "$i")" --json | json "d[\"conflicts\"]")" -ge 1 ] || exit 1; done'
check "each desk lists the two others it exchanged with" \
  'for i in 1 2 3; do [ "$(desk "$i" status --db "$(db "$i")" --json | json "sum(1 for p in d[\"peers\"] if p[\"last_exchange\"])")" = 2 ] || exit 1; done'

# Desk 3 is reinstalled: a new key answers at its address, and desk 1 refuses it, naming it.
port3=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlsplit(sys.argv[1]).port)' "${url[3]}")
kill -TERM "${servers[2]}"; wait "${servers[2]}" 2>/dev/null
rm -f "$work/config-3/accueil/desk-key.pem" "$work/config-3/accueil/desk-certificate.pem"
serve_bg 3 --port "$port3"
servers[2]=$!
for _ in $(seq 100); do [ -s "$work/serve-3.out" ] && break; sleep 0.1; done
desk3_name=$(desk 3 identity | head -n 1)
refusal=$(desk 1 sync --db "$(db 1)" --url "${url[3]}" --once 2>&1 >/dev/null)
check "a desk whose certificate changed is refused, by name ($desk3_name)" \
  '[ -s "$work/serve-3.out" ] && [[ "$refusal" == *"“$desk3_name”"*"different certificate"* ]]'

# The cloud comes back, empty (its datacentre burnt): desk 1 re-seeds it, the others send what
# waits.
if ! base=$("$here/start-server.sh" "$pidfile" | head -n 1) || [ -z "$base" ]; then
  echo "Bail out! pouchdb-server did not start (run build-aux/install-npm-deps.sh)"
  exit 1
fi
cloud="$base/$name"
desk 1 publish --db "$(db 1)" --url "$cloud" >/dev/null
for i in 2 3 1; do desk "$i" sync --db "$(db "$i")" --url "$cloud" --once >/dev/null; done
facts=$(curl -s "$cloud/_all_docs?include_docs=true" | json 'sum(1 for r in d["rows"] if r["doc"].get("type") == "fact")')
held=$(curl -s -u "desk:$secret" --insecure "${url[1]}/_all_docs?include_docs=true" | json 'sum(1 for r in d["rows"] if r["doc"].get("type") == "fact")')
check "the cloud holds each fact once ($facts of the $held the desks hold)" '[ "$facts" = "$held" ] && [ "$facts" -gt 3 ]'
check "no document reached the cloud twice as a new revision" \
  '[ "$(curl -s "$cloud/_changes?style=all_docs" | json "max(len(r[\"changes\"]) for r in d[\"results\"])")" = 1 ]'
check "nothing waits on any desk once the cloud has it all" \
  'for i in 1 2 3; do [ "$(desk "$i" status --db "$(db "$i")" --json | json "d[\"pending\"]")" = 0 ] || exit 1; done'

desk 4 sync --db "$(db 4)" --url "$cloud" --once >/dev/null
check "a fourth desk pulled from the cloud holds the same day" '[ "$(export_of 4)" = "$(export_of 1)" ]'

[ "$failed" = 0 ]
