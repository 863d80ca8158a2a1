#!/usr/bin/env bash
# Stops a pouchdb-server started by tests/interop/start-server.sh.
#
#   tests/interop/stop-server.sh PIDFILE
#
# Sends SIGTERM, waits up to 5 s, then SIGKILL; removes PIDFILE. Succeeds when the server is
# already gone. A PID that now belongs to another program (the server died and the number was
# reused) is left alone.
set -euo pipefail

die() {
  echo "stop-server.sh: $*" >&2
  exit 1
}

if [ $# -ne 1 ] || [ -z "$1" ]; then die "usage: stop-server.sh PIDFILE"; fi
pidfile=$1
[ -f "$pidfile" ] || exit 0
pid=$(tr -dc '0-9' <"$pidfile")
if [ -z "$pid" ]; then
  rm -f "$pidfile"
  exit 0
fi

# Running and still pouchdb-server. A process that has exited but whose parent has not reaped it
# yet (a zombie: the server outlives start-server.sh, so its parent is whatever adopted it) has
# an empty command line and counts as stopped.
running_server() {
  kill -0 "$pid" 2>/dev/null &&
    [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'pouchdb-server'
}

if running_server; then
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do
    running_server || break
    sleep 0.05
  done
  if running_server; then
    echo "stop-server.sh: pouchdb-server (pid $pid) ignored SIGTERM for 5 s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$pidfile"
