#!/usr/bin/env bash
# Interop tests: desks (accueil-cli) replicating through a real pouchdb-server, started in
# memory on a loopback port. Prints TAP.
set -uo pipefail

cli=${ACCUEIL_CLI:?ACCUEIL_CLI must name accueil-cli}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/interop/tap.sh
. "$here/tap.sh"
work=$(mktemp -d)
pidfile="$work/server.pid"

cleanup () {
  "$here/stop-server.sh" "$pidfile" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! base=$("$here/start-server.sh" "$pidfile" | head -n 1) || [ -z "$base" ]; then
  echo "Bail out! pouchdb-server did not start (run build-aux/install-npm-deps.sh)"
  exit 1
fi
db="$base/esf-demo-2026-12-26"
echo "1..9"
echo "# server at $base"

a="$work/a.db"; b="$work/b.db"; c="$work/c.db"
sync () { "$cli" sync --db "$1" --url "$db" --once >/dev/null; }
export_of () { "$cli" export --db "$1" --format json; }

# 1. A generated day published by one desk is pulled complete by a second.
"$cli" demo --db "$a" --enrollments 400 --seed 3 --date 2026-12-26 >/dev/null
"$cli" publish --db "$a" --url "$db" >/dev/null
sync "$b"
check "a published day is pulled complete by a second desk" \
  '[ "$(export_of "$a")" = "$(export_of "$b")" ] && [ -n "$(export_of "$b" | json "len(d[\"enrollments\"])")" ]'

# 2. Check-ins on two desks while both are offline reach each other, exactly once.
ref_a=$("$cli" find --db "$a" --json martin | json 'd[0]["booking_reference"]')
ref_b=$("$cli" find --db "$b" --json dubois | json 'd[0]["booking_reference"]')
"$cli" checkin --db "$a" "$ref_a" >/dev/null
"$cli" checkin --db "$b" "$ref_b" >/dev/null
want=$(( $("$cli" status --db "$a" --json | json 'd["checked_in"]') + $("$cli" status --db "$b" --json | json 'd["checked_in"]') ))
for round in 1 2; do sync "$a"; sync "$b"; done
check "offline check-ins reach the other desk" \
  '[ "$("$cli" status --db "$a" --json | json "d[\"checked_in\"]")" = "$want" ] && [ "$("$cli" status --db "$b" --json | json "d[\"checked_in\"]")" = "$want" ]'
facts=$(curl -s "$db/_all_docs?include_docs=true" | json 'sum(1 for r in d["rows"] if r["doc"].get("type") == "fact")')
check "each check-in is on the server exactly once ($facts facts for $want check-ins)" '[ "$facts" = "$want" ]'
check "nothing is left waiting on either desk" \
  '[ "$("$cli" status --db "$a" --json | json "d[\"pending\"]")" = 0 ] && [ "$("$cli" status --db "$b" --json | json "d[\"pending\"]")" = 0 ]'

# 3. Conflicting group assignments made offline on two desks end in the same state, listed on
# both.
read -r enrollment g1 g2 < <(export_of "$a" | json '" ".join([e["id"]] + [g["id"] for g in d["groups"] if g["session_id"] == e["session_id"]][:2]) if (e := next(x for x in d["enrollments"] if x["status"] == "booked")) else ""')
"$cli" assign --db "$a" "$enrollment" "$g1" --reason "desk a" >/dev/null
"$cli" assign --db "$b" "$enrollment" "$g2" --reason "desk b" >/dev/null
for round in 1 2; do sync "$a"; sync "$b"; done
check "conflicting moves end in the same state on both desks" '[ "$(export_of "$a")" = "$(export_of "$b")" ]'
check "the conflict is listed on both desks" \
  '[ "$("$cli" status --db "$a" --json | json "d[\"conflicts\"]")" = 1 ] && [ "$("$cli" status --db "$b" --json | json "d[\"conflicts\"]")" = 1 ]'

# 4. A document edited on the server (a new revision of a booking) reaches the desks.
booking_id=$("$cli" find --db "$a" --json "$ref_a" | json 'd[0]["booking_id"]')
curl -s "$db/$booking_id" | json 'json.dumps(dict(d, reference="ZZZ999"))' > "$work/booking.json"
curl -s -X PUT -H 'Content-Type: application/json' --data-binary @"$work/booking.json" "$db/$booking_id" >/dev/null
sync "$a"; sync "$b"
check "a new revision made on the server reaches both desks" \
  '[ "$("$cli" find --db "$a" --json ZZZ999 | json "len(d) > 0")" = True ] && [ "$("$cli" find --db "$b" --json ZZZ999 | json "len(d) > 0")" = True ]'

# 5. The cloud database deleted and re-created empty is re-seeded complete from one desk; a
# third desk then pulls the same state.
curl -s -X DELETE "$db" >/dev/null
curl -s -X PUT "$db" >/dev/null
"$cli" publish --db "$a" --url "$db" >/dev/null
sync "$c"
sync "$b"
check "a re-seeded cloud gives a third desk the same state" \
  '[ "$(export_of "$a")" = "$(export_of "$c")" ] && [ "$(export_of "$b")" = "$(export_of "$c")" ]'

# 6. Search finds the same enrollments in the same order on desks that received the same
# documents in other orders (generated, published, pulled), also with more matches than it
# returns.
find_a () { "$cli" find --db "$1" --json --limit 20 a; }
matches=$("$cli" find --db "$a" --json a | json 'len(d)')
check "find gives the same first 20 of $matches results in the same order on three desks" \
  '[ "$matches" -gt 20 ] && [ "$(find_a "$a")" = "$(find_a "$b")" ] && [ "$(find_a "$a")" = "$(find_a "$c")" ]'

echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
