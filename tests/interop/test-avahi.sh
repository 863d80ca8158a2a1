#!/usr/bin/env bash
# Runs test-avahi (two desks of one computer finding each other through DNS-SD) against the
# real Avahi daemon. Where Avahi already runs on the system bus, against it; otherwise, as root,
# against an Avahi started here on a D-Bus system bus of this test's own, so that nothing of the
# machine's is touched. Prints the test program's TAP.
#
# Usage: test-avahi.sh TEST_PROGRAM
set -uo pipefail

program=${1:?test-avahi.sh needs the path of test-avahi}
work=
bus_pid=
avahi_pid=

cleanup () {
  [ -n "$avahi_pid" ] && kill -TERM "$avahi_pid" 2>/dev/null && wait "$avahi_pid" 2>/dev/null
  [ -n "$bus_pid" ] && kill -TERM "$bus_pid" 2>/dev/null
  [ -n "$work" ] && rm -rf "$work"
}
trap cleanup EXIT

skip () {
  echo "1..0 # SKIP $*"
  exit 0
}

if ! command -v avahi-daemon >/dev/null 2>&1; then
  skip "avahi-daemon is not installed (run build-aux/install-deps.sh)"
fi

if avahi-daemon --check 2>/dev/null && [ -S /run/dbus/system_bus_socket ]; then
  echo "# against the Avahi daemon of this machine"
  export DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/dbus/system_bus_socket
  exec "$program" --tap
fi

if [ "$(id -u)" -ne 0 ]; then
  skip "no Avahi runs here, and only root can start one"
fi
command -v dbus-daemon >/dev/null 2>&1 || skip "dbus-daemon is not installed"
work=$(mktemp -d)

# A system bus that lets everyone own and call anything: it carries this test only.
cat > "$work/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$work/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
cat > "$work/avahi.conf" <<EOF
[server]
use-ipv4=yes
use-ipv6=no
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
EOF

dbus-daemon --config-file="$work/bus.conf" --nofork --nopidfile &
bus_pid=$!
for _ in $(seq 50); do [ -S "$work/bus" ] && break; sleep 0.1; done
[ -S "$work/bus" ] || { echo "Bail out! the test's D-Bus did not start"; exit 1; }
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/bus"

avahi-daemon --no-drop-root --no-chroot --no-rlimits -f "$work/avahi.conf" \
  > "$work/avahi.log" 2>&1 &
avahi_pid=$!
for _ in $(seq 100); do
  grep -q "Server startup complete" "$work/avahi.log" && break
  kill -0 "$avahi_pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q "Server startup complete" "$work/avahi.log"; then
  echo "Bail out! avahi-daemon did not start: $(tail -n 3 "$work/avahi.log" | tr '\n' ' ')"
  exit 1
fi
echo "# against an Avahi daemon on the test's own bus"

"$program" --tap
