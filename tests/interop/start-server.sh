#!/usr/bin/env bash
# Starts pouchdb-server with in-memory databases on 127.0.0.1 and a free port, and leaves it
# running in the background for the sync tests and benchmarks.
#
#   tests/interop/start-server.sh PIDFILE
#
# Prints the base URL (http://127.0.0.1:PORT, no trailing slash) as the first and only line on
# stdout, writes the server's PID to PIDFILE, and logs to PIDFILE's name with .log in place of
# .pid (PIDFILE.log when it does not end in .pid). The files pouchdb-server writes for itself
# (config.json, log.txt) go to a folder beside it, named the same with .d. Stop the server with
# tests/interop/stop-server.sh PIDFILE.
#
# Environment:
#   ACCUEIL_POUCHDB_PORT           use this port instead of asking the system for a free one
#   ACCUEIL_POUCHDB_START_TIMEOUT  seconds to wait for the server to answer (default 30)
#   NODE                           the node binary (default: node on PATH)
#
# Needs tests/interop/node_modules: build-aux/install-npm-deps.sh installs it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
node=${NODE:-node}
timeout_s=${ACCUEIL_POUCHDB_START_TIMEOUT:-30}
server_js="$here/node_modules/pouchdb-server/bin/pouchdb-server"

die() {
  echo "start-server.sh: $*" >&2
  exit 1
}

if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: start-server.sh PIDFILE"; fi
command -v "$node" >/dev/null 2>&1 || die "node not found; run build-aux/install-npm-deps.sh"
[ -f "$server_js" ] || die "pouchdb-server is not installed in $here/node_modules; run build-aux/install-npm-deps.sh"
case "$timeout_s" in '' | *[!0-9]*) die "ACCUEIL_POUCHDB_START_TIMEOUT must be a whole number of seconds" ;; esac

pidfile_dir=$(cd "$(dirname "$1")" 2>/dev/null && pwd) || die "the folder of $1 does not exist"
pidfile="$pidfile_dir/$(basename "$1")"
stem=${pidfile%.pid}
if [ "$stem" = "$pidfile" ]; then
  logfile="$pidfile.log"
  workdir="$pidfile.d"
else
  logfile="$stem.log"
  workdir="$stem.d"
fi

if [ -s "$pidfile" ]; then
  old=$(tr -dc '0-9' <"$pidfile")
  if [ -n "$old" ] && [ -r "/proc/$old/cmdline" ] &&
    tr '\0' ' ' <"/proc/$old/cmdline" | grep -q 'pouchdb-server'; then
    die "$pidfile names pouchdb-server $old, still running; stop it first with stop-server.sh"
  fi
fi

mkdir -p "$workdir"
: >"$logfile"

# A port the system has just handed out as free. Another process may take it before the server
# binds it; the server then exits at once and we try again with a new port.
free_port() {
  "$node" -e '
    const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });
  '
}

# Waits until GET / on the port answers with this server's uuid (so that another server that
# holds the port is not taken for ours). Exit status: 0 ready, 1 the wait timed out, 2 the
# process ended.
wait_ready() {
  "$node" -e '
    const http = require("http");
    const [port, pid, seconds] = process.argv.slice(1, 4).map(Number);
    const uuid = process.argv[4];
    const deadline = Date.now() + seconds * 1000;
    function alive() {
      try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; }
    }
    function again() {
      if (!alive()) process.exit(2);
      if (Date.now() >= deadline) process.exit(1);
      setTimeout(probe, 100);
    }
    function probe() {
      const req = http.get({ host: "127.0.0.1", port, path: "/", timeout: 2000 }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c) => { body += c; });
        res.on("end", () => {
          let info = null;
          try { info = JSON.parse(body); } catch (e) { /* not a JSON answer */ }
          if (res.statusCode === 200 && info && info.uuid === uuid) process.exit(0);
          again();
        });
      });
      req.on("timeout", () => req.destroy());
      req.on("error", again);
    }
    probe();
  ' "$1" "$2" "$3" "$4"
}

start=$(date +%s%N)
attempts=5
[ -n "${ACCUEIL_POUCHDB_PORT:-}" ] && attempts=1
for ((attempt = 1; attempt <= attempts; attempt++)); do
  if [ -n "${ACCUEIL_POUCHDB_PORT:-}" ]; then
    port=$ACCUEIL_POUCHDB_PORT
  else
    port=$(free_port) || die "could not get a free port from node"
  fi
  echo "== $(date -Is) starting pouchdb-server on 127.0.0.1:$port (attempt $attempt)" >>"$logfile"

  # The server reports the uuid of its config file on GET /: a fresh one tells it apart.
  uuid=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '{"couchdb": {"uuid": "%s"}}\n' "$uuid" >"$workdir/config.json"

  # pouchdb-server writes config.json and log.txt into its working folder, so it runs in its
  # own. The subshell execs node, so $! is the server's PID.
  (
    cd "$workdir"
    exec "$node" "$server_js" --in-memory --host 127.0.0.1 --port "$port" \
      --dir "$workdir/data" --config "$workdir/config.json" --no-color
  ) </dev/null >>"$logfile" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"

  status=0
  wait_ready "$port" "$pid" "$timeout_s" "$uuid" || status=$?
  if [ "$status" -eq 0 ]; then
    ms=$((($(date +%s%N) - start) / 1000000))
    echo "== ready after ${ms} ms, pid $pid" >>"$logfile"
    echo "http://127.0.0.1:$port"
    exit 0
  fi
  if [ "$status" -eq 2 ]; then
    # The server ended before answering: on a port taken meanwhile, try another.
    wait "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    if grep -q "already in use" "$logfile" && [ "$attempt" -lt "$attempts" ]; then
      continue
    fi
    tail -n 20 "$logfile" >&2 || true
    die "pouchdb-server (pid $pid) exited before answering on port $port; log: $logfile"
  fi
  kill "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  tail -n 20 "$logfile" >&2 || true
  die "pouchdb-server did not answer GET http://127.0.0.1:$port/ within ${timeout_s} s; log: $logfile"
done
die "could not start pouchdb-server after $attempts attempts; log: $logfile"
