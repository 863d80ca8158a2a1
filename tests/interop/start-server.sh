#!/usr/bin/env bash
# Starts pouchdb-server in memory on a free loopback port, in the background. Prints its base
# URL on the first line of standard output and writes its PID to the file given as $1 (its
# log and files go next to that file). Fails with a message if it does not answer in 30 s.
set -euo pipefail

pidfile=${1:?usage: start-server.sh PIDFILE}
here=$(cd "$(dirname "$0")" && pwd)
work=$(cd "$(dirname "$pidfile")" && pwd)
server="$here/node_modules/.bin/pouchdb-server"

if [ ! -x "$server" ]; then
  echo "pouchdb-server is not installed: run build-aux/install-npm-deps.sh" >&2
  exit 1
fi

# A port the kernel says is free now.
port=$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')

mkdir -p "$work/pouchdb"
echo '{}' > "$work/pouchdb/config.json"
(cd "$work/pouchdb" && exec "$server" --in-memory --host 127.0.0.1 --port "$port" \
   --dir "$work/pouchdb" --config "$work/pouchdb/config.json" \
   > "$work/pouchdb/server.log" 2>&1) &
echo $! > "$pidfile"

url="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  if curl -sf "$url/" >/dev/null 2>&1; then
    echo "$url"
    exit 0
  fi
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "pouchdb-server stopped at start; its log:" >&2
    cat "$work/pouchdb/server.log" >&2
    exit 1
  fi
  sleep 0.1
done

echo "pouchdb-server did not answer on $url within 30 s" >&2
kill "$(cat "$pidfile")" 2>/dev/null || true
exit 1
