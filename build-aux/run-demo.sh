#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds Accueil and starts it on a generated demo school
# day (today's date, 1,500 enrollments, kept in ~/.local/share/accueil/). Options after the
# script's name go to the generator, for example --enrollments 50000 --seed 7.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

bash build-aux/install-deps.sh

build=_build
if [ ! -d "$build" ]; then
  meson setup "$build" -Dprofile=development
fi
meson compile -C "$build"

day=$(date +%Y-%m-%d)
data="${XDG_DATA_HOME:-$HOME/.local/share}/accueil"
mkdir -p "$data"
db="$data/demo-$day.db"
if [ ! -f "$db" ]; then
  "$build/app/accueil-cli" demo --db "$db" --date "$day" "$@"
fi

export GSETTINGS_SCHEMA_DIR="$here/$build/data"
export ACCUEIL_LOCALEDIR="$here/$build/po"
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: starting Accueil under a virtual one (xvfb-run)." >&2
  exec xvfb-run -a -s '-screen 0 1280x1024x24' "$build/app/ui/accueil" --db "$db"
fi
exec "$build/app/ui/accueil" --db "$db"
