#!/usr/bin/env bash
# Walk-ins: two desks register families offline at the same time, then sync through a real
# pouchdb-server; both hold every booking, no reference is made twice, and the server holds
# each document once. A bad description changes nothing. Prints TAP.
set -uo pipefail

cli=${ACCUEIL_CLI:?ACCUEIL_CLI must name accueil-cli}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/interop/tap.sh
. "$here/tap.sh"
work=$(mktemp -d)
pidfile="$work/server.pid"

cleanup () {
  "$here/stop-server.sh" "$pidfile" >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] && echo "# kept $work" || rm -rf "$work"
}
trap cleanup EXIT

if ! base=$("$here/start-server.sh" "$pidfile" | head -n 1) || [ -z "$base" ]; then
  echo "Bail out! pouchdb-server did not start (run build-aux/install-npm-deps.sh)"
  exit 1
fi
db="$base/esf-2026-12-26"
echo "1..9"
echo "# server at $base"

# Before the day's first lessons, so that every session takes walk-ins.
export ACCUEIL_NOW=2026-12-26T07:30:00+01:00
a="$work/a.db"; b="$work/b.db"
sync () { "$cli" sync --db "$1" --url "$db" --once >/dev/null; }
export_of () { "$cli" export --db "$1" --format json; }
server_docs () { curl -sf "$db/_all_docs?include_docs=true&conflicts=true"; }

# The cloud's day, which two desks pull: each file is a replica with its own device id.
"$cli" demo --db "$work/cloud.db" --enrollments 200 --seed 11 --date 2026-12-26 >/dev/null
"$cli" publish --db "$work/cloud.db" --url "$db" >/dev/null
sync "$a"; sync "$b"
planned=$(curl -sf "$db" | json 'd["doc_count"]')
check "both desks hold the day" \
  '[ -n "$planned" ] && [ "$(export_of "$a")" = "$(export_of "$b")" ]'

# Two sessions of the day and a level of each, from the desk's own export.
export_of "$a" > "$work/day.json"
read -r s1 l1 s2 l2 < <(json '" ".join(x for g in [d["groups"][0], next(g for g in d["groups"] if g["session_id"] != d["groups"][0]["session_id"])] for x in (g["session_id"], g["level_code"]))' < "$work/day.json")

# A family: @1 the payer's last name, @2 its first child's first name. Two children, three
# lessons: 2 + 2 + 3 documents.
family () {
  cat <<EOF
{"payer": {"first_name": "Claire", "last_name": "$1", "phone": "+33 6 55 44 33 22",
           "language": "fr"},
 "balance_due_cents": 9000,
 "participants": [
   {"first_name": "$2", "last_name": "$1", "birth_year": 2018, "level_code": "$l1",
    "lessons": [{"session_id": "$s1"}, {"session_id": "$s2"}]},
   {"first_name": "Inès", "last_name": "$1", "birth_year": 2016, "level_code": "$l2",
    "lessons": [{"session_id": "$s2"}]}]}
EOF
}
# One child, one lesson: 4 documents.
single () {
  cat <<EOF
{"payer": {"first_name": "Paul", "last_name": "$1"},
 "participants": [{"first_name": "Tom", "last_name": "$1", "lessons": [{"session_id": "$s1"}]}]}
EOF
}

# Offline, at the same time: each desk registers a family and a single child.
before=$(export_of "$a")
bad=$(single Faure | sed 's/"Tom"/12/' | "$cli" walkin --db "$a" --json - 2>&1 >/dev/null)
rc=$?
check "a bad description is refused in one line naming its field, and the day is unchanged" \
  '[ $rc = 1 ] && [[ "$bad" == "accueil-cli: participants[0].first_name: "* ]] &&
   [ "$(wc -l <<< "$bad")" = 1 ] && [ "$(export_of "$a")" = "$before" ]'
ref_a1=$(family Lambert Hugo | "$cli" walkin --db "$a" --json - 2>/dev/null)
ref_a2=$(single Faure | "$cli" walkin --db "$a" --json - 2>/dev/null)
ref_b1=$(family Roux Nina | "$cli" walkin --db "$b" --json - 2>/dev/null)
ref_b2=$(single Garnier | "$cli" walkin --db "$b" --json - 2>/dev/null)
echo "# references: $ref_a1 $ref_a2 (desk a), $ref_b1 $ref_b2 (desk b)"
refs=$(printf '%s\n' "$ref_a1" "$ref_a2" "$ref_b1" "$ref_b2")
check "each desk prints a reference of seven characters for each walk-in" \
  '[ "$(grep -cE "^[ACDEFGHJKMNPQRTUVWXY3479]{7}$" <<< "$refs")" = 4 ]'
check "no two walk-ins share a reference" '[ "$(sort -u <<< "$refs" | wc -l)" = 4 ]'

# The network returns: both desks send, then each receives the other's.
for round in 1 2; do sync "$a"; sync "$b"; done
has_all () {
  export_of "$1" | python3 -c 'import json, sys
held = {e["booking_reference"] for e in json.load(sys.stdin)["enrollments"]}
print(all(r in held for r in sys.argv[1:]))' "$ref_a1" "$ref_a2" "$ref_b1" "$ref_b2"
}
check "both desks hold all four walk-ins" '[ "$(has_all "$a")" = True ] && [ "$(has_all "$b")" = True ]'
check "both desks show the same day" '[ "$(export_of "$a")" = "$(export_of "$b")" ]'
check "the desk finds another desk's walk-in by its reference" \
  '[ "$("$cli" find --db "$a" --json "$ref_b1" | json "len(d)")" = 3 ] &&
   [ "$("$cli" find --db "$b" --json "$(tr A-Z a-z <<< "$ref_a2")" | json "len(d)")" = 1 ]'

# Each document once: the day's, and 2 × (7 + 4) written at the desks, none in conflict.
server_docs > "$work/server.json"
count=$(json 'len(d["rows"])' < "$work/server.json")
walkin_docs=$(json 'sum(1 for r in d["rows"] if r["doc"].get("origin") and r["doc"]["type"] != "group")' < "$work/server.json")
origins=$(json 'len({r["doc"]["origin"] for r in d["rows"] if r["doc"].get("type") == "booking" and r["doc"].get("origin")})' < "$work/server.json")
conflicts=$(json 'sum(1 for r in d["rows"] if r["doc"].get("_conflicts"))' < "$work/server.json")
check "the server holds each walk-in document once ($count = $planned + $walkin_docs)" \
  '[ "$walkin_docs" = 22 ] && [ "$count" = $((planned + 22)) ] && [ "$conflicts" = 0 ] && [ "$origins" = 2 ]'
sync "$a"; sync "$b"
check "nothing waits on either desk, and syncing again sends nothing new" \
  '[ "$("$cli" status --db "$a" --json | json "d[\"pending\"]")" = 0 ] &&
   [ "$("$cli" status --db "$b" --json | json "d[\"pending\"]")" = 0 ] &&
   [ "$(curl -sf "$db" | json "d[\"doc_count\"]")" = "$count" ]'

exit $((failed > 0))
