#!/usr/bin/env bash
# Stops the pouchdb-server that start-server.sh started.
set -u
pidfile=${1:?usage: stop-server.sh PIDFILE}
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
kill "$pid" 2>/dev/null || exit 0
for _ in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || exit 0
  sleep 0.1
done
kill -9 "$pid" 2>/dev/null || true
