#!/usr/bin/env bash
# Installs every system package that building, running and testing Accueil needs on
# Debian 12. README.md and .ci/run both call this script, so the list lives here only.
set -euo pipefail

packages=(
  # Build tools
  meson ninja-build gcc pkg-config gettext
  # Fuzzing: clang and its libFuzzer and sanitizer runtimes (build-aux/run-fuzz.sh)
  clang libclang-rt-14-dev
  # Libraries
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libsqlite3-dev
  libjson-glib-dev libsoup-3.0-dev uuid-dev libsecret-1-dev libgnutls28-dev
  # Data validation
  desktop-file-utils appstream libglib2.0-bin
  # Tests under a virtual display, screenshots, the French locale
  xvfb xauth imagemagick locales dbus-x11 at-spi2-core
  # Interop tests against pouchdb-server, and against Avahi (started on a bus of their own)
  curl python3 avahi-daemon dbus
  # Class lists and vouchers: PDF rendering, QR codes, and their tests (zbar-tools reads the
  # vouchers' QR codes back)
  libpango1.0-dev libcairo2-dev libqrencode-dev poppler-utils zbar-tools
)

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
else
  sudo="sudo"
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The French UI test needs fr_FR.UTF-8, which a fresh machine lacks.
if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  $sudo sed -i 's/^# *\(fr_FR.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen || echo 'fr_FR.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
  $sudo locale-gen >/dev/null
fi

# The npm test peers (pouchdb-server, PouchDB), pinned by tests/interop/package-lock.json.
bash "$(dirname "$0")/install-npm-deps.sh"
