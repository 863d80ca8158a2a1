#!/bin/sh
# Checks the Flatpak manifest: it parses as JSON, names the application id, runs `accueil`
# on the GNOME runtime, and asks for no permission beyond the network, the display, and the
# system's Avahi daemon (to find the school's other desks).
#
# Usage: check-manifest.sh MANIFEST APPLICATION_ID
#
# SPDX-License-Identifier: GPL-3.0-or-later

manifest="$1"
app_id="$2"
status=0

fail ()
{
  echo "$manifest: $*" >&2
  status=1
}

if [ ! -r "$manifest" ]; then
  echo "$manifest: cannot be read" >&2
  exit 1
fi

# A JSON parser is not part of a minimal Debian; use whichever one is at hand.
if command -v json_pp >/dev/null 2>&1; then
  json_pp <"$manifest" >/dev/null || fail "is not valid JSON"
elif command -v python3 >/dev/null 2>&1; then
  python3 -m json.tool "$manifest" >/dev/null || fail "is not valid JSON"
else
  echo "no JSON parser (json_pp or python3): skipping the syntax check" >&2
  exit 77
fi

app_id_re=$(printf '%s' "$app_id" | sed 's/\./\\./g')
grep -Eq "\"(app-id|id)\"[[:space:]]*:[[:space:]]*\"$app_id_re\"" "$manifest" \
  || fail "does not name the application id $app_id"
grep -Eq '"command"[[:space:]]*:[[:space:]]*"accueil"' "$manifest" \
  || fail "does not run the command accueil"
grep -Eq '"runtime"[[:space:]]*:[[:space:]]*"org\.gnome\.Platform"' "$manifest" \
  || fail "does not use the org.gnome.Platform runtime"
grep -Eq '"sdk"[[:space:]]*:[[:space:]]*"org\.gnome\.Sdk"' "$manifest" \
  || fail "does not use the org.gnome.Sdk SDK"

# Every sandbox permission must be one of these: the desk needs the network, a display, and
# Avahi on the system bus to find the other desks of its school.
allowed='--share=network --share=ipc --socket=fallback-x11 --socket=wayland --device=dri'
allowed="$allowed --system-talk-name=org.freedesktop.Avahi"
for arg in $(grep -Eo '"--(share|unshare|socket|nosocket|device|nodevice|filesystem|nofilesystem|talk-name|own-name|system-talk-name|system-own-name|allow|persist|env|add-policy)[^"]*"' "$manifest" | tr -d '"'); do
  case " $allowed " in
    *" $arg "*) ;;
    *) fail "asks for a permission the desk does not need: $arg" ;;
  esac
done

if [ "$status" -eq 0 ]; then
  echo "$manifest: ok"
fi
exit "$status"
