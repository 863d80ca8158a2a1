#!/usr/bin/env bash
# Interop of a desk serving its day (accueil-cli serve) with PouchDB (Node): PouchDB replicates
# the day from the desk over HTTPS with the pairing secret, writes check-ins and replicates them
# back; the desk then holds exactly what PouchDB holds and shows the check-ins. Prints TAP.
set -uo pipefail

cli=${ACCUEIL_CLI:?ACCUEIL_CLI must name accueil-cli}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/interop/tap.sh
. "$here/tap.sh"
fixtures=$(cd "$here/../fixtures" && pwd)
node=${NODE:-node}
work=$(mktemp -d)
server_pid=

cleanup () {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  [ -n "${KEEP:-}" ] || rm -rf "$work"; [ -n "${KEEP:-}" ] && echo "# kept $work"
}
trap cleanup EXIT

if [ ! -d "$here/node_modules/pouchdb" ]; then
  echo "1..0 # SKIP PouchDB is not installed (run build-aux/install-npm-deps.sh)"
  exit 0
fi

secret="pairing secret for tests"
day="$work/day.db"
"$cli" demo --db "$day" --enrollments 300 --seed 5 --date 2026-12-26 >/dev/null

# The desk keeps the school's secret as accueil-cli pair does, in this test's own folders.
export XDG_CONFIG_HOME="$work/config" ACCUEIL_CREDENTIALS_FILE="$work/credentials.ini"
echo "$secret" | "$cli" pair >/dev/null
"$cli" serve --db "$day" --port 0 --bind 127.0.0.1 \
  --name esf-demo-2026-12-26 --certificate "$fixtures/test-desk-cert.pem" \
  --key "$fixtures/test-desk-key.pem" > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
url=$(head -n 1 "$work/serve.out")
if [ -z "$url" ]; then
  echo "Bail out! accueil-cli serve did not start: $(cat "$work/serve.err")"
  exit 1
fi
echo "1..5"
echo "# desk at $url"
check "the URL is alone on the first line" '[[ "$url" =~ ^https://127\.0\.0\.1:[0-9]+/esf-demo-2026-12-26$ ]] && [ "$(wc -l < "$work/serve.out")" = 1 ]'

# Check-ins of the first five enrollments, written by PouchDB.
"$cli" export --db "$day" --format json > "$work/before.json"
python3 - "$work/before.json" > "$work/facts.json" <<'PY'
import json, sys, uuid
day = json.load(open(sys.argv[1]))
facts = []
for i, e in enumerate([e for e in day["enrollments"] if e["status"] == "booked"][:5]):
    facts.append({"_id": str(uuid.UUID(int=0xfeed0000000040008000000000000000 + i)),
                  "type": "fact", "schema": 1, "kind": "checkin", "device_id": "pouchdb",
                  "staff": "PouchDB", "at": "2026-12-26T08:30:00+01:00",
                  "hlc": "00017980000%05d-0000-pouchdb" % i, "supersedes": [],
                  "enrollment_id": e["id"], "present": True})
print(json.dumps(facts))
PY

authed=${url/https:\/\//https://peer:${secret// /%20}@}
if NODE_EXTRA_CA_CERTS="$fixtures/test-desk-cert.pem" "$node" "$here/peer-pouchdb.js" "$authed" \
     "$work/facts.json" > "$work/pouch.json" 2> "$work/pouch.err"; then
  ok "PouchDB replicates the day from the desk and its check-ins to it"
else
  not_ok "PouchDB replicates the day from the desk and its check-ins to it: $(tail -n 3 "$work/pouch.err")"
fi

docs=$(curl -s --cacert "$fixtures/test-desk-cert.pem" -u "peer:$secret" "$url/_all_docs" \
         | json 'json.dumps(sorted([r["id"], r["value"]["rev"]] for r in d["rows"]))')
pouch=$(json 'json.dumps(sorted(d["docs"]))' < "$work/pouch.json" 2>/dev/null)
check "the desk holds exactly the documents PouchDB holds" '[ -n "$pouch" ] && [ "$docs" = "$pouch" ]'
check "the desk shows the five check-ins" \
  '[ "$("$cli" status --db "$day" --json | json "d[\"checked_in\"]")" = 5 ]'
"$cli" export --db "$day" --format json > "$work/after.json"
check "the desk's export differs from before only by the check-ins" \
  '[ "$(python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); [e.update(checked_in=False) for e in b[\"enrollments\"]]; print(a == b)" "$work/before.json" "$work/after.json")" = True ]'

kill -TERM "$server_pid"; wait "$server_pid"; status=$?; server_pid=
[ "$status" = 0 ] || echo "# accueil-cli serve exited with $status"
[ "$failed" = 0 ]
