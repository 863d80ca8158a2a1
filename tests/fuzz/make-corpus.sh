#!/usr/bin/env bash
# Saves real answers of pouchdb-server as seed inputs of the fuzz targets, in
# tests/fuzz/corpus/<target>/. Fuzzers start best from small, valid inputs that reach deep into
# the readers, so each seed is one answer of a few kilobytes.
#
#   tests/fuzz/make-corpus.sh [BUILD_DIR]
#
# BUILD_DIR (default _build) holds a built accueil-cli. The script starts an in-memory
# pouchdb-server (build-aux/install-npm-deps.sh installs it), publishes a generated day from one
# desk, pulls it on a second, checks children in and moves one between groups on both, edits
# and deletes documents on the server and makes a revision conflict, then saves:
#
#   changes/    pages of _changes?style=all_docs&include_docs=true, as a pull reads them
#   document/   single documents of every type and fact kind, with and without history
#   batch/      documents of one pull's batch, one per line
#   answers/    every other answer a desk reads: _bulk_get?revs=true, GET <doc>?revs=true&
#               open_revs=…, the server and the database, _revs_diff, _bulk_docs results,
#               _local documents, error bodies
#   receive/    a page of changes, a NUL byte, then a _bulk_get answer: what a pull receives
#
# Seeds are named seed-<description>; the script replaces them all and leaves any other file
# alone (crash-* regression inputs, inputs added by hand). The ids, clocks and revisions differ
# from one run to the next, so run it only to refresh the seeds, and commit what it wrote.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/_build}
cli=$build/app/accueil-cli
out=$here/corpus
interop=$root/tests/interop

die() {
  echo "make-corpus.sh: $*" >&2
  exit 1
}

[ -x "$cli" ] || die "$cli is not built; run meson compile -C $build first"
command -v curl >/dev/null 2>&1 || die "curl not found"
command -v python3 >/dev/null 2>&1 || die "python3 not found"

work=$(mktemp -d)
pidfile=$work/server.pid
cleanup() {
  "$interop/stop-server.sh" "$pidfile" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

base=$("$interop/start-server.sh" "$pidfile" | head -n 1) || die "pouchdb-server did not start"
[ -n "$base" ] || die "pouchdb-server did not start"
db=$base/esf-demo-2026-12-26
a=$work/a.db
b=$work/b.db

targets=(changes document batch answers receive)
for t in "${targets[@]}"; do
  mkdir -p "$out/$t"
  rm -f "$out/$t"/seed-*
done

# save TARGET NAME: standard input, byte for byte, as a seed of TARGET.
save() {
  cat >"$out/$1/seed-$2"
}

# The body of an answer whatever its status: error bodies are seeds too.
get() {
  curl -sS "$db$1"
}

post() {
  curl -sS -X POST -H 'Content-Type: application/json' --data-binary "$2" "$db$1"
}

put() {
  curl -sS -X PUT -H 'Content-Type: application/json' --data-binary "$2" "$db$1"
}

# py EXPRESSION: prints EXPRESSION, where d is the JSON on standard input.
py() {
  python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"
}

sync() {
  "$cli" sync --db "$1" --url "$db" --once >/dev/null
}

# A desk publishes the day, a second one pulls it.
"$cli" demo --db "$a" --enrollments 60 --seed 1 --date 2026-12-26 >/dev/null
"$cli" publish --db "$a" --url "$db" >/dev/null
sync "$b"

# Check-ins on both desks, one of them undone on the other desk (a fact that supersedes
# another), and a child moved to two different groups while both desks were offline (two
# current facts that disagree).
refs=$("$cli" export --db "$a" --format json |
  py '" ".join(sorted({x["booking_reference"] for x in d["enrollments"]})[:3])')
read -r ref1 ref2 ref3 <<<"$refs"
"$cli" checkin --db "$a" "$ref1" >/dev/null
"$cli" checkin --db "$b" "$ref2" >/dev/null
sync "$a"
sync "$b"
undo=$("$cli" find --db "$b" --json "$ref1" | py 'd[0]["id"]')
"$cli" checkin --db "$b" --undo "$undo" >/dev/null
# A booked child whose session has two groups, and those groups.
read -r enrollment g1 g2 < <("$cli" export --db "$a" --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
for e in d["enrollments"]:
    groups = [g["id"] for g in d["groups"] if g["session_id"] == e["session_id"]]
    if e["status"] == "booked" and len(groups) >= 2:
        print(e["id"], groups[0], groups[1])
        break')
"$cli" assign --db "$a" "$enrollment" "$g1" --reason "desk a" >/dev/null
"$cli" assign --db "$b" "$enrollment" "$g2" --reason "desk b" >/dev/null
"$cli" checkin --db "$a" "$ref3" >/dev/null
for _ in 1 2; do
  sync "$a"
  sync "$b"
done

# The kinds of facts that only the app's pages write, as a desk writes them: the same
# envelope as a check-in of this day, another kind and its fields.
all=$work/all.json
get "/_all_docs?include_docs=true" >"$all"
template=$(py 'json.dumps(next(r["doc"] for r in d["rows"] if r["doc"].get("kind") == "checkin"))' <"$all")
first_of() {
  py "next(r['id'] for r in d['rows'] if r['doc'].get('type') == '$1')" <"$all"
}
participant=$(first_of participant)
instructor=$(first_of instructor)
group=$(first_of group)
session=$(first_of session)
level=$(first_of level)
n=10
for fields in \
  "{\"kind\": \"attendance\", \"enrollment_id\": \"$enrollment\", \"state\": \"late\"}" \
  "{\"kind\": \"instructor_attendance\", \"instructor_id\": \"$instructor\", \"state\": \"absent\"}" \
  "{\"kind\": \"assign_instructor\", \"group_id\": \"$group\", \"instructor_id\": null}" \
  "{\"kind\": \"participant_update\", \"participant_id\": \"$participant\", \"changes\": {
      \"allergies\": \"Arachides\", \"level_id\": \"$level\", \"birth_year\": 2018,
      \"pickup_adults\": [\"Léa Martin\"]}}" \
  "{\"kind\": \"close_out\", \"session_id\": \"$session\", \"cutoff\": \"2026-12-26T09:15:00+01:00\"}"; do
  n=$((n + 1))
  fact=$(printf '%s' "$template" | python3 -c '
import json, sys, time, uuid
fact = json.load(sys.stdin)
for key in ("_rev", "enrollment_id", "present"):
    fact.pop(key, None)
fact.update(json.loads(sys.argv[1]))
fact["_id"] = str(uuid.uuid4())
ms = int(time.time() * 1000)
fact["hlc"] = "%018d-%06d-%s" % (ms, int(sys.argv[2]), fact["device_id"])
print(json.dumps(fact, ensure_ascii=False, separators=(",", ":")))' "$fields" "$n")
  put "/$(printf '%s' "$fact" | py 'd["_id"]')" "$fact" >/dev/null
done

# A booking edited on the server (revision 2), then a second revision 2 of it that another
# replica made (a conflict), and a level deleted.
booking=$(first_of booking)
edited=$(get "/$booking" |
  py 'json.dumps(dict(d, reference="ZZZ999", notes="Modifié au bureau"), ensure_ascii=False)')
put "/$booking" "$edited" >"$work/booking-put.json"
rev1=$(get "/$booking?revs=true" | py 'd["_revisions"]["ids"][1]')
rev2=$(get "/$booking" | py 'd["_rev"]')
hash2b=c0ffeec0ffeec0ffeec0ffeec0ffee00
rev2b=2-$hash2b
conflict=$(get "/$booking" | py 'json.dumps(dict(d, _rev="'"$rev2b"'", reference="YYY888",
  _revisions={"start": 2, "ids": ["'"$hash2b"'", "'"$rev1"'"]}))')
post "/_bulk_docs" "{\"new_edits\": false, \"docs\": [$conflict]}" >"$work/bulk-docs-replicated.json"
deleted=$(py "[r['id'] for r in d['rows'] if r['doc'].get('type') == 'level'][-1]" <"$all")
deleted_rev=$(get "/$deleted" | py 'd["_rev"]')
curl -sS -X DELETE "$db/$deleted?rev=$deleted_rev" >"$work/delete.json"
deleted_rev2=$(py 'd["rev"]' <"$work/delete.json")
for _ in 1 2; do
  sync "$a"
  sync "$b"
done

# changes: pages as the desk asks for them, small enough to fuzz fast: the first, one from the
# middle, the facts, the last with the edit, the conflict and the deletion, and the empty page
# after it.
get "/_changes?include_docs=true" >"$work/changes.json"
last_seq=$(py 'd["last_seq"]' <"$work/changes.json")
# The sequence number just before the first change whose document matches.
before() {
  py "next(r['seq'] for r in d['results'] if $1) - 1" <"$work/changes.json"
}
page() {
  get "/_changes?style=all_docs&include_docs=true&since=$1&limit=$2"
}
page 0 4 | save changes first-page
page $((last_seq / 2)) 4 | save changes middle-page
page "$(before "r['doc'].get('kind') == 'checkin'")" 6 | save changes checkin-facts
page "$(before "r['doc'].get('kind') == 'assign_group'")" 6 | save changes assign-facts
page "$(before "r['doc'].get('kind') == 'attendance'")" 5 | save changes other-facts
page $((last_seq - 4)) 5 | save changes edit-conflict-deletion
page "$last_seq" 5 | save changes empty-last-page
get "/_changes?style=all_docs&since=$((last_seq - 6))&limit=6" | save changes without-docs

# document: one of each type and fact kind, as sent, and the edited booking with its history,
# its conflict and the deleted level.
for type in school level meeting_point instructor session group customer booking participant enrollment; do
  get "/$(first_of "$type")" | save document "$type"
done
get "/_all_docs?include_docs=true" >"$all"
for kind in checkin assign_group attendance instructor_attendance assign_instructor participant_update close_out; do
  id=$(py "next(r['id'] for r in d['rows'] if r['doc'].get('kind') == '$kind')" <"$all")
  get "/$id" | save document "fact-$kind"
done
undo_fact=$(py "next(r['id'] for r in d['rows'] if r['doc'].get('supersedes'))" <"$all")
get "/$undo_fact" | save document fact-superseding
get "/$booking?revs=true" | save document booking-revisions
get "/$booking?conflicts=true&revs_info=true" | save document booking-conflicts
get "/$booking?rev=$rev2b" | save document booking-conflicting-revision
get "/$deleted?rev=$deleted_rev2" | save document level-deleted

# batch: documents a pull stores together, one per line: the plan, a family, facts, and
# revisions with their history.
lines() {
  local id
  for id in "$@"; do
    get "/$id?revs=true" | tr -d '\n'
    printf '\n'
  done
}
ids_where() {
  py "' '.join([r['id'] for r in d['rows'] if $1][:${2:-8}])" <"$all"
}
# shellcheck disable=SC2046 # The ids are words.
{
  lines $(first_of school) $(ids_where "r['doc'].get('type') in ('level', 'meeting_point')" 4) \
    "$session" $(ids_where "r['doc'].get('type') == 'group' and
                            r['doc'].get('session_id') == '$session'" 3) \
    "$instructor" | save batch plan
  family_booking=$(py "next(r['doc']['booking_id'] for r in d['rows'] if r['id'] == '$participant')" <"$all")
  family_customer=$(get "/$family_booking" | py 'd["customer_id"]')
  lines "$family_customer" "$family_booking" \
    $(ids_where "r['doc'].get('booking_id') == '$family_booking'" 10) | save batch family
  lines $(ids_where "r['doc'].get('kind') in ('checkin', 'assign_group')" 10) | save batch facts
  lines $(ids_where "r['doc'].get('type') == 'fact' and
                     r['doc'].get('kind') not in ('checkin', 'assign_group')" 10) |
    save batch other-facts
  # Facts before the documents they are about: the store must not depend on the order.
  lines $(ids_where "r['doc'].get('kind') == 'checkin'" 3) \
    $(ids_where "r['doc'].get('type') == 'enrollment' and r['doc'].get('status') == 'booked'" 3) |
    save batch facts-first
  {
    get "/$booking?revs=true&rev=$rev2" | tr -d '\n'
    printf '\n'
    get "/$booking?revs=true&rev=$rev2b" | tr -d '\n'
    printf '\n'
    get "/$deleted?revs=true&rev=$deleted_rev2" | tr -d '\n'
    printf '\n'
  } | save batch revisions-conflict-deletion
}

# A revision no one made.
nothing=1-00000000000000000000000000000000

# bulk-get: the revisions a pull fetches with their history: the conflict, first revisions,
# the deletion, and a revision the server lacks.
post "/_bulk_get?revs=true&latest=true" \
  "{\"docs\": [{\"id\": \"$booking\", \"rev\": \"$rev2\"}, {\"id\": \"$booking\", \"rev\": \"$rev2b\"}]}" |
  save answers bulk-get-conflict
post "/_bulk_get?revs=true&latest=true" \
  "{\"docs\": [{\"id\": \"$participant\"}, {\"id\": \"$group\"}, {\"id\": \"$undo_fact\"}]}" |
  save answers bulk-get-first-revisions
post "/_bulk_get?revs=true&latest=true" "{\"docs\": [{\"id\": \"$deleted\", \"rev\": \"$deleted_rev2\"}]}" |
  save answers bulk-get-deleted
# Without latest=true: pouchdb-server 4.2 exits when asked for the latest of a revision it
# lacks.
post "/_bulk_get?revs=true" \
  "{\"docs\": [{\"id\": \"$booking\", \"rev\": \"$nothing\"}, {\"id\": \"no-such-document\"}]}" |
  save answers bulk-get-missing

# open-revs: the same, one document at a time, for servers without _bulk_get.
# open_revs ID REVS [EXTRA]: EXTRA is "&latest=true" unless given.
open_revs() {
  local revs
  revs=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$2")
  curl -sS -H 'Accept: application/json' "$db/$1?revs=true${3-&latest=true}&open_revs=$revs"
}
open_revs "$booking" "[\"$rev2\",\"$rev2b\"]" | save answers open-revs-conflict
open_revs "$booking" all | save answers open-revs-all
open_revs "$deleted" "[\"$deleted_rev2\"]" | save answers open-revs-deleted
open_revs "$participant" "[\"$nothing\"]" "" | save answers open-revs-missing

# json: the other answers a desk reads.
curl -sS "$base/" | save answers server
get "" | save answers database
curl -sS "$base/no-such-db" | save answers database-not-found
curl -sS -X PUT "$db" | save answers database-exists
curl -sS -X PUT "$base/esf-demo-2026-12-27" | save answers database-created
post "/_revs_diff" "{\"$booking\": [\"$rev2\", \"3-${nothing#1-}\"], \"$participant\": [\"$nothing\"]}" |
  save answers revs-diff
save answers bulk-docs-replicated <"$work/bulk-docs-replicated.json"
save answers doc-updated <"$work/booking-put.json"
save answers doc-deleted <"$work/delete.json"
post "/_bulk_docs" \
  "{\"docs\": [{\"_id\": \"$booking\", \"reference\": \"X\"}, {\"_id\": \"new-document\", \"type\": \"note\"}]}" |
  save answers bulk-docs-conflict
get "/$booking?rev=$nothing" | save answers doc-missing-revision
get "/no-such-document" | save answers doc-not-found
post "/_bulk_docs" '{"docs": [' | save answers bad-request
put "/_local/fuzz-replication" '{"last_seq": "191", "session_id": "fuzz"}' | save answers local-put
get "/_local/fuzz-replication" | save answers local-document
# The checkpoint a desk keeps on the server, under its replication id.
replication=$(python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
key = db.execute("SELECT key FROM meta WHERE key LIKE ?", ("pull-checkpoint:%",)).fetchone()[0]
print(key.split(":", 1)[1])' "$a")
get "/_local/$replication" | save answers local-checkpoint
# An answer to wrong credentials: the server stops being an admin party for good, so last.
curl -sS -X PUT "$base/_config/admins/admin" --data-binary '"secret"' >/dev/null
curl -sS -u admin:wrong "$db" | save answers unauthorized

# receive: pages of changes, each followed by the answers of _bulk_get.
for page in "$out"/changes/seed-*; do
  for answer in "$out"/answers/seed-bulk-get-*; do
    { cat "$page"; printf '\0'; cat "$answer"; } |
      save receive "$(basename "$page" | sed 's/^seed-//')+$(basename "$answer" | sed 's/^seed-//')"
  done
done

echo "Seeds written to $out:"
for t in "${targets[@]}"; do
  printf '  %-10s %3d files, %6d bytes\n' "$t" "$(find "$out/$t" -name 'seed-*' | wc -l)" \
    "$(cat "$out/$t"/seed-* | wc -c)"
done
