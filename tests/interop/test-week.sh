#!/usr/bin/env bash
# A week without the cloud: desks hold the window of days, run the week from their files once
# the cloud is gone, open a day the cloud never planned, and send it all when it returns.
# The desks reach pouchdb-server through latency-proxy.py; stopping the proxy is the outage.
# Prints TAP.
set -uo pipefail

cli=${ACCUEIL_CLI:?ACCUEIL_CLI must name accueil-cli}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/interop/tap.sh
. "$here/tap.sh"
work=$(mktemp -d)
pidfile="$work/server.pid"
proxy_pid=

cleanup () {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
  "$here/stop-server.sh" "$pidfile" >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] && echo "# kept $work" || rm -rf "$work"
}
trap cleanup EXIT

if ! base=$("$here/start-server.sh" "$pidfile" | head -n 1) || [ -z "$base" ]; then
  echo "Bail out! pouchdb-server did not start (run build-aux/install-npm-deps.sh)"
  exit 1
fi

# The cloud as the desks see it; $port is kept so that it comes back where it was.
start_proxy () {
  python3 "$here/latency-proxy.py" --rtt-ms 0 --target "${base#http://}" ${1:+--port "$1"} \
    >"$work/proxy.out" &
  proxy_pid=$!
  for _ in $(seq 100); do [ -s "$work/proxy.out" ] && break; sleep 0.1; done
  cloud=$(head -n 1 "$work/proxy.out")
}
start_proxy
[ -n "$cloud" ] || { echo "Bail out! latency-proxy.py did not start"; exit 1; }
port=${cloud##*:}

days=(2026-12-21 2026-12-22 2026-12-23 2026-12-24 2026-12-25)
day6=2026-12-26
echo "1..12"
echo "# cloud at $cloud (pouchdb-server at $base)"

# The cloud's week: five days, whose week courses run on to a sixth.
"$cli" demo --dir "$work/cloud" --days 5 --school esf --date "${days[0]}" --enrollments 300 \
  --seed 5 >/dev/null
for d in "${days[@]}"; do
  "$cli" publish --db "$work/cloud/esf-$d.db" --url "$cloud/esf-$d" >/dev/null
done

# Monday morning, online: desks A and B keep their window; a reference desk syncs each day.
export ACCUEIL_NOW=2026-12-21T08:00:00+01:00
window () { "$cli" sync --dir "$work/$1" --url "$cloud" --school esf --days 7 --once; }
window a > "$work/window-a.out"
rc=$?
window b >/dev/null
for d in "${days[@]}"; do
  "$cli" sync --db "$work/ref-$d.db" --url "$cloud/esf-$d" --once >/dev/null
done
held () { (cd "$work/$1" && ls -- *.db 2>/dev/null) | tr '\n' ' '; }
check "the window holds the five days the cloud has, and asks again for the others" \
  '[ $rc = 0 ] && [ "$(held a)" = "$(printf "esf-%s.db " "${days[@]}")" ] &&
   [ "$(grep -c "not on the server yet" "$work/window-a.out")" = 3 ]'

# The cloud is gone. Every day of the week opens from the desk's files alone.
kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null; proxy_pid=
ACCUEIL_NOW=2026-12-22T08:00:00+01:00 window a >/dev/null 2>"$work/offline.err"
rc=$?
check "offline, a pass fails and keeps every day" \
  '[ $rc = 1 ] && [ -s "$work/offline.err" ] && [ "$(held a)" = "$(printf "esf-%s.db " "${days[@]}")" ]'
export_of () { "$cli" export --db "$1" --format json; }
same=0
for d in "${days[@]}"; do
  [ "$(export_of "$work/a/esf-$d.db")" = "$(export_of "$work/ref-$d.db")" ] && same=$((same + 1))
done
check "each of the five days is complete from the desk's files" '[ $same = 5 ]'
check "a held day knows its school" \
  '[ "$("$cli" status --db "$work/a/esf-${days[4]}.db" --json | json "d[\"school_id\"]")" = esf ]'

# A check-in of Friday that waits, and Saturday opened from Friday by a supervisor.
export ACCUEIL_NOW=2026-12-26T08:00:00+01:00
friday="$work/a/esf-${days[4]}.db"
export_of "$friday" > "$work/friday.json"
export_of "$work/a/esf-${days[0]}.db" > "$work/monday.json"
late=$(json 'next(e["id"] for e in d["enrollments"] if e["status"] == "booked")' < "$work/friday.json")
"$cli" checkin --db "$friday" "$late" >/dev/null
"$cli" open-day --from "$friday" --date "$day6" --db "$work/a/esf-$day6.db" > "$work/open-a.out"
rc=$?
"$cli" open-day --from "$work/b/esf-${days[4]}.db" --date "$day6" --db "$work/b/esf-$day6.db" \
  >/dev/null
export_of "$work/a/esf-$day6.db" > "$work/saturday.json"
# The week's children: enrolled on Monday and on Friday, in the group of the same label.
week_groups () {
  python3 - "$work/monday.json" "$@" <<'PY'
import json, sys
monday = {e["participant_id"] for e in json.load(open(sys.argv[1]))["enrollments"]}
day = json.load(open(sys.argv[2]))
groups = {g["id"]: g["label"] for g in day["groups"]}
sessions = {s["id"]: s["title"] for s in day["sessions"]}
rows = sorted((e["first_name"], e["last_name"], sessions.get(e["session_id"]),
               groups.get(e["group_id"]) or "") for e in day["enrollments"]
              if e["status"] == "booked" and (e["participant_id"] in monday or "week" in sys.argv[3:]))
print(len(rows), json.dumps(rows, ensure_ascii=False))
PY
}
friday_week=$(week_groups "$work/friday.json")
saturday_week=$(week_groups "$work/saturday.json" week)
check "Saturday opens from Friday with the week's children in their groups" \
  '[ $rc = 0 ] && [ "${friday_week%% *}" -gt 0 ] && [ "$friday_week" = "$saturday_week" ] &&
   [ "$(json "sum(1 for e in d[\"enrollments\"] if e[\"group_id\"])" < "$work/saturday.json")" -gt 0 ]'
times () { json 'sorted(s["starts_at"][10:] for s in d["sessions"])' < "$1"; }
dates () { json '" ".join(sorted({s["starts_at"][:10] for s in d["sessions"]}))' < "$1"; }
check "Saturday has Friday's sessions at the same times, on its own date" \
  '[ "$(times "$work/saturday.json")" = "$(times "$work/friday.json")" ] &&
   [ "$(dates "$work/saturday.json")" = "$day6" ]'
check "two desks that open Saturday apart make the same planning" \
  '[ "$(export_of "$work/b/esf-$day6.db")" = "$(cat "$work/saturday.json")" ]'
first=$(json 'd["enrollments"][0]["id"]' < "$work/saturday.json")
"$cli" checkin --db "$work/a/esf-$day6.db" "$first" >/dev/null

# The cloud is back: both desks send everything.
start_proxy "$port"
window a >/dev/null; rc_a=$?
window b >/dev/null; rc_b=$?
window a >/dev/null
count () { curl -sf "$cloud/esf-$1" | json 'd["doc_count"]'; }
opened=$(sed -n 's/.*: \([0-9]*\) documents* wait.*/\1/p' "$work/open-a.out")
check "back online, Saturday reaches the cloud once: its documents and its check-in" \
  '[ $rc_a = 0 ] && [ $rc_b = 0 ] && [ -n "$opened" ] && [ "$(count "$day6")" = $((opened + 1)) ]'
check "nothing waits on either desk" \
  '! grep -q "[1-9][0-9]* waiting" <(window a) && ! grep -q "[1-9][0-9]* waiting" <(window b)'
"$cli" sync --db "$work/fresh-$day6.db" --url "$cloud/esf-$day6" --once >/dev/null
"$cli" sync --db "$work/fresh-friday.db" --url "$cloud/esf-${days[4]}" --once >/dev/null
check "a fresh desk pulling Saturday matches the desk that opened it" \
  '[ "$(export_of "$work/fresh-$day6.db")" = "$(export_of "$work/a/esf-$day6.db")" ]'
check "Friday's late check-in reached the cloud" \
  '[ "$(export_of "$work/fresh-friday.db" | json "next(e[\"checked_in\"] for e in d[\"enrollments\"] if e[\"id\"] == \"'"$late"'\")")" = True ]'

# Four weeks later, the retention lets the synced week go.
ACCUEIL_NOW=2027-01-24T08:00:00+01:00 "$cli" sync --dir "$work/a" --url "$cloud" --school esf \
  --days 0 --once > "$work/retention.out"
check "past the retention period, the synced days are deleted" \
  '[ "$(grep -c "deleted" "$work/retention.out")" = 6 ] && [ -z "$(held a)" ]'

exit $((failed > 0))
