#!/usr/bin/env python3
"""Drill: check-ins killed at random moments, by several processes writing one day's file.

For each seed: a demo day of 2,000 enrollments; WORKERS threads each run `accueil-cli checkin`
(and `checkin --undo`), one process after the other, on enrollments of their own, while a
driver sends SIGKILL to a randomly chosen running check-in at random moments (rather one that
has the file open, when there is one), so kills land while a process starts, opens the file,
writes, commits and closes; the figures say how many landed where. A check-in or an undo is
acknowledged when its process exited 0. At the end:

  - PRAGMA integrity_check on the file, as the last kill left it (read-only), says ok;
  - the file opens with accueil-cli;
  - every enrollment shows its last acknowledged operation, or (when operations on it were
    killed after that one) the value of one of those killed operations, which may have
    committed before the kill: nothing acknowledged is lost;
  - every check-in that was not killed succeeded.

Each enrollment belongs to one worker, which runs its operations one at a time, so what an
enrollment may show is decidable. The seed chooses the day, the enrollments, the operations
and the moments of the kills; which instruction a kill interrupts also depends on timing, so a
replay makes the same choices but not the same interleaving.
"""

import os
import random
import signal
import sqlite3
import subprocess
import threading
import time

import drill

WORKERS = 4
ENROLLMENTS = 2000
# Enrollments per worker: few enough that each sees several check-ins and undos.
WORKING_SET = 50
# Per seed: stop after this many kills, or this many seconds.
KILLS = 150
SECONDS = 30
# Mean pause of the driver between two kills: about one check-in's life.
KILL_GAP = 0.04
CHECKS_PER_SEED = 4


# Where in its life a process was when it was killed, as its open files and SQLite's POSIX
# locks show it. In WAL mode SQLite takes byte 120 of the -shm file to write a transaction
# (until its commit is on disk) and byte 121 to checkpoint, and the last connection to close
# locks the database file exclusively (from byte 1073741824) to copy the WAL back and remove
# it.
PHASES = {
    "starting": "starting (the file not open yet)",
    "reading": "with the file open, outside a write",
    "writing": "inside a write transaction, commit included",
    "checkpointing": "checkpointing",
    "closing": "closing the file as its last user",
}


def write_locks():
    """The POSIX write locks held now, as a set of (pid, inode, first byte)."""
    held = set()
    with open("/proc/locks", encoding="ascii") as locks:
        for line in locks:
            # "N: POSIX  ADVISORY  WRITE PID MAJ:MIN:INODE START END"
            fields = line.split()
            if len(fields) >= 8 and fields[1] == "POSIX" and fields[3] == "WRITE":
                held.add((int(fields[4]), int(fields[5].rsplit(":", 1)[1]), int(fields[6])))
    return held


def phase(pid, db, locks):
    """Where process pid is in its life (a key of PHASES), or "exited"."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                return "exited"
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return "exited"
    if db not in links:
        return "starting"

    def holds(path, byte):
        try:
            return (pid, os.stat(path).st_ino, byte) in locks
        except OSError:
            return False

    if holds(db, 1073741824):
        return "closing"
    if holds(db + "-shm", 121):
        return "checkpointing"
    if holds(db + "-shm", 120):
        return "writing"
    return "reading"


class ProcessTable:
    """The check-in processes running now, shared by the workers and the driver.

    A worker waits for its process with WNOWAIT, which leaves it a zombie, and only then takes
    it off the table and reaps it, under the lock: the driver never signals a process number
    that has been reaped, and so never one the system has given to another process.
    """

    def __init__(self, db):
        self.db = db
        self.lock = threading.Lock()
        self.running = {}

    def run(self, args, stderr):
        """Runs one process to its end; returns its exit code (-9 when killed)."""
        child = drill.spawn(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=stderr)
        with self.lock:
            self.running[child.pid] = (child, time.monotonic())
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
        with self.lock:
            del self.running[child.pid]
            return child.wait()

    def kill_one(self, rng):
        """SIGKILLs one running process chosen by rng; returns its age in seconds and its
        phase, or None."""
        with self.lock:
            locks = write_locks()
            alive = [(pid, phase(pid, self.db, locks)) for pid in sorted(self.running)]
            alive = [(pid, where) for pid, where in alive if where != "exited"]
            # Rather a process that has the file open: that is where a kill can do harm.
            opened = [(pid, where) for pid, where in alive if where != "starting"]
            if not alive:
                return None
            pid, where = rng.choice(opened or alive)
            os.kill(pid, signal.SIGKILL)
            return time.monotonic() - self.running[pid][1], where


class Worker(threading.Thread):
    """Checks in and undoes its own enrollments, one process at a time, and keeps the history
    of each: (requested value, outcome), outcome being "ack", "killed" or "failed"."""

    def __init__(self, index, seed, db, enrollments, table, stop, scratch):
        super().__init__(name=f"worker-{index}", daemon=True)
        self.rng = random.Random(f"{seed}/worker/{index}")
        self.db = db
        self.enrollments = enrollments
        self.table = table
        self.stop = stop
        self.errors_path = os.path.join(scratch, f"worker-{index}.err")
        self.history = {e: [] for e in enrollments}
        self.failures = []
        self.lifetimes = []

    def run(self):
        with open(self.errors_path, "w+b") as errors:
            while not self.stop.is_set():
                enrollment = self.rng.choice(self.enrollments)
                ops = self.history[enrollment]
                checked_in = bool(ops) and ops[-1][0]
                # Undo about half the check-ins; otherwise check in (again).
                present = not (checked_in and self.rng.random() < 0.5)
                args = [drill.CLI, "checkin", "--db", self.db]
                if not present:
                    args.append("--undo")
                args.append(enrollment)

                errors.seek(0)
                errors.truncate()
                started = time.monotonic()
                code = self.table.run(args, errors)
                if code == 0:
                    ops.append((present, "ack"))
                    self.lifetimes.append(time.monotonic() - started)
                elif code == -signal.SIGKILL:
                    ops.append((present, "killed"))
                else:
                    ops.append((present, "failed"))
                    errors.seek(0)
                    message = errors.read().decode("utf-8", "replace").strip()
                    self.failures.append(f"{' '.join(args[1:])}: exit {code}: {message}")


def allowed_states(initial, ops):
    """What an enrollment may show after ops: the last acknowledged value (or the initial one),
    and the value of each operation killed after it. (A process that failed otherwise may
    have committed too: it counts as killed here, and fails a check of its own.)"""
    allowed = {initial}
    for present, outcome in ops:
        if outcome == "ack":
            allowed = {present}
        else:
            allowed.add(present)
    return allowed


def integrity(db):
    """PRAGMA integrity_check on a read-only connection: the file as it was left."""
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        return [f"sqlite3: {error}"]
    return [row[0] for row in rows]


def run_seed(seed, totals):
    watch = drill.Stopwatch()
    folder = os.path.join(drill.scratch(), f"seed-{seed}")
    os.mkdir(folder)
    db = os.path.join(folder, "day.db")
    drill.cli("demo", "--db", db, "--enrollments", str(ENROLLMENTS), "--seed", str(seed),
              "--date", drill.DAY)
    day = drill.cli_json("export", "--db", db, "--format", "json")
    initial = {e["id"]: e["checked_in"] for e in day["enrollments"] if e["status"] == "booked"}

    rng = random.Random(f"{seed}/day")
    chosen = rng.sample(sorted(initial), WORKERS * WORKING_SET)
    table = ProcessTable(db)
    stop = threading.Event()
    workers = [Worker(i, seed, db, chosen[i * WORKING_SET:(i + 1) * WORKING_SET], table, stop,
                      folder)
               for i in range(WORKERS)]
    for worker in workers:
        worker.start()

    # The driver: a pause, then SIGKILL to one running check-in, chosen at random.
    driver = random.Random(f"{seed}/driver")
    kill_ages = []
    kill_phases = {name: 0 for name in PHASES}
    try:
        while len(kill_ages) < KILLS and watch.seconds() < SECONDS:
            time.sleep(driver.uniform(0, 2 * KILL_GAP))
            landed = table.kill_one(driver)
            if landed is not None:
                kill_ages.append(landed[0])
                kill_phases[landed[1]] += 1
    finally:
        stop.set()
        for worker in workers:
            worker.join()

    # The file as the last kill left it, before any process opens it again.
    verdict = integrity(db)
    opened, _ = drill.cli("status", "--db", db, "--json", check=False)
    final = {e["id"]: e["checked_in"]
             for e in drill.cli_json("export", "--db", db, "--format", "json")["enrollments"]}

    acknowledged = undone = killed = uncertain = committed_killed = 0
    lost = []
    failures = []
    lifetimes = []
    for worker in workers:
        failures += worker.failures
        lifetimes += worker.lifetimes
        for enrollment, ops in worker.history.items():
            acknowledged += sum(1 for p, o in ops if o == "ack")
            undone += sum(1 for p, o in ops if o == "ack" and not p)
            killed += sum(1 for p, o in ops if o == "killed")
            allowed = allowed_states(initial[enrollment], ops)
            if final[enrollment] not in allowed:
                lost.append(f"{enrollment}: shows checked_in={final[enrollment]}, "
                            f"operations {ops}")
            elif len(allowed) > 1:
                uncertain += 1
                last_ack = next((p for p, o in reversed(ops) if o == "ack"),
                                initial[enrollment])
                if final[enrollment] != last_ack:
                    committed_killed += 1

    drill.check(verdict == ["ok"], f"seed {seed}: integrity_check says ok after {killed} kills",
                verdict[:10])
    drill.check(opened == 0, f"seed {seed}: the file opens with accueil-cli")
    drill.check(not lost, f"seed {seed}: every acknowledged check-in and undo holds "
                f"({acknowledged} acknowledged, {len(lost)} lost)", lost[:10])
    drill.check(not failures, f"seed {seed}: every check-in that was not killed succeeded",
                failures[:10])

    drill.comment(f"seed {seed}: kills={killed}, acknowledged={acknowledged} "
                  f"(undos {undone}), lost={len(lost)}, failed={len(failures)}, "
                  f"{watch.seconds():.1f} s")
    drill.comment(f"seed {seed}: {uncertain} enrollments ended after a killed operation; in "
                  f"{committed_killed} of them the killed operation had committed")
    drill.comment(f"seed {seed}: kills landed {percentile_ms(kill_ages, 0.1)}, "
                  f"{percentile_ms(kill_ages, 0.5)}, {percentile_ms(kill_ages, 0.9)} ms after "
                  f"the start (p10, p50, p90); a check-in that is not killed takes "
                  f"{percentile_ms(lifetimes, 0.5)} ms (p50), "
                  f"{percentile_ms(lifetimes, 0.9)} ms (p90)")
    drill.comment(f"seed {seed}: SIGKILL sent to processes "
                  + ", ".join(f"{PHASES[name]} {count}" for name, count in kill_phases.items()))
    totals["kills"] += killed
    totals["acknowledged"] += acknowledged
    totals["lost"] += len(lost)


def percentile_ms(values, fraction):
    return f"{drill.percentile(values, fraction) * 1000:.0f}"


def main():
    drill.run_seeds(CHECKS_PER_SEED, run_seed, {"kills": 0, "acknowledged": 0, "lost": 0})


if __name__ == "__main__":
    drill.run(main)
