"""What the drills share: TAP output, seeds, a scratch folder, accueil-cli and pouchdb-server.

A drill does to desks what a bad morning does to them (processes killed in the middle of a
write, a pull cut short again and again, desks that meet only now and then) and checks that
nothing acknowledged is lost and that every replica ends in the same state. Each drill is a
script that prints TAP, with its figures as comments.

Environment:
  ACCUEIL_CLI          accueil-cli (tests/meson.build sets it)
  ACCUEIL_DRILL_SEEDS  comma-separated seeds to replay (default: three fresh ones)
  ACCUEIL_DRILL_KEEP   when set, the scratch folder is kept and named at the end
"""

import atexit
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
INTEROP = os.path.join(os.path.dirname(HERE), "interop")
DAY = "2026-12-26"

# demo takes a seed that fits in a signed 32-bit integer.
MAX_SEED = 2**31 - 1


def seeds():
    """The seeds of this run: ACCUEIL_DRILL_SEEDS, or three fresh ones."""
    text = os.environ.get("ACCUEIL_DRILL_SEEDS", "").strip()
    if not text:
        fresh = random.SystemRandom()
        return [fresh.randint(1, MAX_SEED) for _ in range(3)]

    chosen = []
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit() or int(part) > MAX_SEED:
            bail(f"ACCUEIL_DRILL_SEEDS holds “{part}”: seeds are whole numbers from 0 to "
                 f"{MAX_SEED}")
        chosen.append(int(part))
    return chosen


def print_seeds(chosen):
    listed = ",".join(str(s) for s in chosen)
    comment(f"seeds {listed} (replay with ACCUEIL_DRILL_SEEDS={listed})")


# TAP

_plan = 0
_count = 0
_failed = 0


def plan(n):
    global _plan
    _plan = n
    print(f"1..{n}", flush=True)


def comment(text):
    for line in str(text).splitlines() or [""]:
        print(f"# {line}", flush=True)


def check(ok, description, diagnosis=None):
    """Prints one TAP result; diagnosis (text or lines) says why it failed."""
    global _count, _failed
    _count += 1
    if ok:
        print(f"ok {_count} - {description}", flush=True)
    else:
        _failed += 1
        print(f"not ok {_count} - {description}", flush=True)
        if diagnosis:
            lines = diagnosis if isinstance(diagnosis, (list, tuple)) else [diagnosis]
            for line in lines:
                comment(f"  {line}")
    return ok


def bail(reason):
    print(f"Bail out! {reason}", flush=True)
    sys.exit(1)


def run(main):
    """Runs a drill's main: a command that fails where it should not ends the script with a
    TAP bail-out that says which."""
    try:
        main()
    except CliError as error:
        bail(str(error))


def finish():
    """Ends the script: its exit status says whether every check passed."""
    if _count != _plan:
        comment(f"planned {_plan} checks, ran {_count}")
    comment(f"{_count - _failed} passed, {_failed} failed")
    sys.exit(0 if _failed == 0 and _count == _plan else 1)


def run_seeds(checks_per_seed, run_seed, totals, with_server=False):
    """Runs a drill over the seeds of this run, run_seed(seed, [server,] totals) for each,
    where totals holds the counts to add up; says them and the time taken, then finishes."""
    chosen = seeds()
    plan(checks_per_seed * len(chosen))
    print_seeds(chosen)
    server = ()
    if with_server:
        base = start_server()
        comment(f"server at {base}")
        server = (base,)
    watch = Stopwatch()
    for seed in chosen:
        run_seed(seed, *server, totals)
    counts = ", ".join(f"{name}={count}" for name, count in totals.items())
    comment(f"{counts}, {watch.seconds():.1f} s")
    finish()


def percentile(values, fraction):
    """The value below which the given fraction of values lie (nearest rank); 0 when empty."""
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Stopwatch:
    def __init__(self):
        self.start = time.monotonic()

    def seconds(self):
        return time.monotonic() - self.start


# Scratch folder and children. Everything a drill starts is stopped when the script ends,
# however it ends: normally, on an exception, or on the SIGTERM meson sends at a timeout.

_scratch = None
_children = []
_children_lock = threading.Lock()
_servers = []


def scratch():
    """The script's own temporary folder, removed at exit."""
    global _scratch
    if _scratch is None:
        _scratch = tempfile.mkdtemp(prefix="accueil-drill-")
    return _scratch


def spawn(args, **kwargs):
    """Starts a child process that is killed at exit if it still runs."""
    child = subprocess.Popen(args, **kwargs)
    with _children_lock:
        # Forget the ones already waited for, so the list stays short in long loops.
        if len(_children) > 64:
            _children[:] = [c for c in _children if c.returncode is None]
        _children.append(child)
    return child


def _cleanup():
    with _children_lock:
        children = list(_children)
    for child in children:
        if child.returncode is None:
            try:
                child.kill()
                child.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
    for pidfile in _servers:
        subprocess.run([os.path.join(INTEROP, "stop-server.sh"), pidfile],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if _scratch is not None:
        if os.environ.get("ACCUEIL_DRILL_KEEP"):
            comment(f"kept {_scratch}")
        else:
            shutil.rmtree(_scratch, ignore_errors=True)


def _on_signal(signum, frame):
    # Raising lets the finally blocks and atexit run; meson then sees the script fail.
    raise SystemExit(128 + signum)


atexit.register(_cleanup)
signal.signal(signal.SIGTERM, _on_signal)
signal.signal(signal.SIGINT, _on_signal)


# accueil-cli

CLI = os.environ.get("ACCUEIL_CLI")


class CliError(Exception):
    pass


def cli(*args, check=True):
    """Runs accueil-cli to its end; returns (exit code, stdout). A failure raises CliError
    unless check is False."""
    if CLI is None:
        bail("ACCUEIL_CLI must name accueil-cli (meson test sets it)")
    child = spawn([CLI, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                  stderr=subprocess.PIPE, text=True)
    out, err = child.communicate()
    if check and child.returncode != 0:
        raise CliError(f"accueil-cli {' '.join(args)} exited with {child.returncode}: "
                       f"{err.strip()}")
    return child.returncode, out


def cli_json(*args):
    return json.loads(cli(*args)[1])


def export(db):
    """The derived state of a desk, as the bytes export prints."""
    return cli("export", "--db", db, "--format", "json")[1]


def status(db):
    return cli_json("status", "--db", db, "--json")


# pouchdb-server

def start_server():
    """Starts pouchdb-server in memory on loopback and returns its base URL."""
    pidfile = os.path.join(scratch(), f"server-{len(_servers)}.pid")
    _servers.append(pidfile)
    started = subprocess.run([os.path.join(INTEROP, "start-server.sh"), pidfile],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             check=False)
    base = started.stdout.strip().splitlines()[0] if started.stdout.strip() else ""
    if started.returncode != 0 or not base:
        bail("pouchdb-server did not start (run build-aux/install-npm-deps.sh): "
             + started.stderr.strip().replace("\n", " "))
    return base


def http_json(url):
    """GETs a JSON document from the loopback server, with no proxy in between."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=60) as answer:
        return json.load(answer)
