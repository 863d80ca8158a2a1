#!/usr/bin/env bash
# Installs the npm test peers of the sync tests and benchmarks (pouchdb-server, PouchDB), exactly
# as tests/interop/package-lock.json pins them, and Node.js with npm from Debian when the machine
# has no node. A Node.js that is already there is used as it is, never upgraded (Node 18 or
# later is needed). Does nothing when tests/interop/node_modules is newer than the lockfile.
# Run by build-aux/install-deps.sh; safe to run again.
set -euo pipefail

interop=$(cd "$(dirname "${BASH_SOURCE[0]}")/../tests/interop" && pwd)

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
else
  sudo="sudo"
fi

if ! command -v node >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends nodejs npm
elif ! command -v npm >/dev/null 2>&1; then
  # A node without npm: Debian's npm goes with Debian's nodejs only.
  if dpkg-query -W -f='${Version}' nodejs 2>/dev/null | grep -q '^[0-9.]*+dfsg'; then
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends npm
  else
    echo "install-npm-deps.sh: $(command -v node) has no npm beside it; install npm for it" >&2
    exit 1
  fi
fi

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "install-npm-deps.sh: Node.js $(node --version) is too old; the interop peers need 18 or later" >&2
  exit 1
fi

# npm writes node_modules/.package-lock.json last, once an install is complete.
stamp="$interop/node_modules/.package-lock.json"
if [ -f "$stamp" ] && [ ! "$interop/package-lock.json" -nt "$stamp" ] &&
  [ ! "$interop/package.json" -nt "$stamp" ]; then
  exit 0
fi

# One install at a time in this folder.
lock="${TMPDIR:-/tmp}/accueil-npm-deps-$(printf '%s' "$interop" | cksum | cut -d' ' -f1).lock"
exec 9>"$lock"
flock 9

cd "$interop"
if [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ] && [ ! package.json -nt "$stamp" ]; then
  exit 0 # another run installed it meanwhile
fi

# --omit=optional leaves out pouchdb-server's optional on-disk back ends (LevelDB, and SQLite
# through sqlite3@4, whose install would try to download a prebuilt binary and then compile for
# a minute); the tests run the server with --in-memory, which needs neither. What remains has no
# native code to build: leveldown, which PouchDB depends on, ships its binaries in its package.
echo "Installing the npm test peers in tests/interop (npm ci)"
npm ci --no-audit --no-fund --omit=optional --update-notifier=false --loglevel=error
