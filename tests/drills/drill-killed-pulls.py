#!/usr/bin/env python3
"""Drill: `accueil-cli sync --once` killed again and again until one run gets through.

For each seed, through a pouchdb-server in memory:

 1. Desk A generates a day of 3,000 enrollments and publishes it. A reference desk R pulls it
    once, unkilled, which says how long a whole pull takes. Desk B, empty, pulls it with runs
    killed by SIGKILL after a random delay, until one run ends by itself. B must then show
    exactly what A and R show.
 2. Three rounds: B, offline, checks in a few enrollments of its own, which wait to be sent;
    meanwhile A checks in hundreds of others, moves some participants and sends it all; R
    pulls that, unkilled, which says how long it takes; then B syncs, killed the same way:
    its runs pull A's facts and push its own. At the end R and A sync once more, unkilled,
    and the three desks must show the same bytes; the server must hold each fact exactly
    once, B's among them; nothing may wait on B.

The delay of each kill is drawn up to a fraction of an unkilled run, and that bound grows a
little after each kill, so that a run always ends by itself in the end. The seed chooses the
day, the enrollments and the delays; where a kill lands in a run also depends on timing.
"""

import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import time

import drill

ENROLLMENTS = 3000
ROUNDS = 3              # of the second part
OWN_CHECKINS = 4        # B's check-ins made offline, in each round
OTHER_CHECKINS = 350    # A's check-ins, sent before B syncs, in each round
OTHER_MOVES = 10        # A's group moves, likewise
# The first delay is drawn up to a fraction of an unkilled run, and after each kill the bound
# grows by GROWTH. A first pull stores the day in several transactions, and each killed run
# resumes after the last one: short delays let many kills land along it. A later sync stores
# A's new facts in one transaction, then pushes: delays up to its whole length let kills land
# before, in and after that transaction.
FIRST_PULL_BOUND = 0.2
SECOND_SYNC_BOUND = 1.0
GROWTH = 1.15
# A run that is still not through after this many kills is a failure.
MAX_KILLS = 80
CHECKS_PER_SEED = 7


def sync(db, url):
    drill.cli("sync", "--db", db, "--url", url, "--once")


def exits_within(child, seconds):
    """Whether child ends within seconds. (Popen.wait(timeout) polls, up to 50 ms late: a
    pidfd says at once.)"""
    pidfd = os.pidfd_open(child.pid)
    try:
        return bool(select.select([pidfd], [], [], seconds)[0])
    finally:
        os.close(pidfd)


def held(db):
    """What a replica holds, read from its file without opening it as a desk (which would
    finish a killed pull's work): "documents/waiting to be sent", for the figures only."""
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            documents, waiting = connection.execute(
                "SELECT count(*), count(*) FILTER (WHERE pending) FROM doc").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return "-"
    return f"{documents}/{waiting}"


def killed_syncs(db, url, rng, bound, errors_path, progress):
    """Runs sync --once on db, killing each run after a delay drawn up to bound (which grows
    after each kill), until a run ends by itself; appends what db holds after each kill to
    progress. Returns (kills, exit code of that run, its error output)."""
    kills = 0
    with open(errors_path, "w+b") as errors:
        while True:
            delay = rng.uniform(0, bound)
            errors.seek(0)
            errors.truncate()
            child = drill.spawn([drill.CLI, "sync", "--db", db, "--url", url, "--once"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=errors)
            if not exits_within(child, delay):
                child.kill()
            code = child.wait()
            if code != -signal.SIGKILL:
                errors.seek(0)
                return kills, code, errors.read().decode("utf-8", "replace").strip()
            kills += 1
            progress.append(held(db))
            bound *= GROWTH
            if kills >= MAX_KILLS:
                return kills, None, f"still not through after {kills} kills"


def checked_in(export):
    return sum(1 for e in json.loads(export)["enrollments"] if e["checked_in"])


def server_facts(url):
    rows = drill.http_json(f"{url}/_all_docs?include_docs=true")["rows"]
    return [r["doc"] for r in rows if r["doc"].get("type") == "fact"]


def run_seed(seed, base, totals):
    watch = drill.Stopwatch()
    rng = random.Random(f"{seed}/pulls")
    folder = os.path.join(drill.scratch(), f"seed-{seed}")
    os.mkdir(folder)
    a, b, r = (os.path.join(folder, f"{name}.db") for name in "abr")
    url = f"{base}/drill-{seed}-{drill.DAY}"

    drill.cli("demo", "--db", a, "--enrollments", str(ENROLLMENTS), "--seed", str(seed),
              "--date", drill.DAY)
    drill.cli("publish", "--db", a, "--url", url)
    started = time.monotonic()
    sync(r, url)
    pull_seconds = time.monotonic() - started

    # 1. B's first pull of the whole day.
    progress_first = []
    kills_first, code, message = killed_syncs(b, url, rng, pull_seconds * FIRST_PULL_BOUND,
                                              os.path.join(folder, "b-first.err"),
                                              progress_first)
    first_ok = code == 0
    drill.check(first_ok and drill.export(b) == drill.export(a) == drill.export(r),
                f"seed {seed}: a first pull killed {kills_first} times ends with the "
                f"published day", message if not first_ok else "B's export differs from A's")

    # 2. Rounds: B checks in a few enrollments offline while A checks in many others and
    # sends them; then B syncs, killed.
    day = drill.cli_json("export", "--db", a, "--format", "json")
    booked = sorted(e["id"] for e in day["enrollments"]
                    if e["status"] == "booked" and not e["checked_in"])
    groups_of = {}
    for group in day["groups"]:
        groups_of.setdefault(group["session_id"], []).append(group["id"])
    session_of = {e["id"]: e["session_id"] for e in day["enrollments"]}
    chosen = iter(rng.sample(booked, ROUNDS * (OWN_CHECKINS + OTHER_CHECKINS + OTHER_MOVES)))
    own = []
    waiting = []
    kills_again = []
    progress_again = []
    failures = []
    again_seconds = []
    for _ in range(ROUNDS):
        mine = [next(chosen) for _ in range(OWN_CHECKINS)]
        for enrollment in mine:
            drill.cli("checkin", "--db", b, enrollment)
        own += mine
        drill.cli("checkin", "--db", a, *[next(chosen) for _ in range(OTHER_CHECKINS)])
        for _ in range(OTHER_MOVES):
            enrollment = next(chosen)
            drill.cli("assign", "--db", a, enrollment,
                      rng.choice(groups_of[session_of[enrollment]]), "--reason", "drill")
        waiting.append(drill.status(b)["pending"])
        sync(a, url)
        started = time.monotonic()
        sync(r, url)
        again_seconds.append(time.monotonic() - started)

        progress = [held(b)]
        kills, code, message = killed_syncs(b, url, rng, again_seconds[-1] * SECOND_SYNC_BOUND,
                                            os.path.join(folder, "b-again.err"), progress)
        kills_again.append(kills)
        progress_again.append(" ".join(progress))
        if code != 0:
            failures.append(message)
    sync(r, url)
    sync(a, url)
    drill.check(not failures, f"seed {seed}: desk B's syncs get through after "
                f"{'+'.join(str(k) for k in kills_again)} kills", failures)
    exports = {name: drill.export(db) for name, db in (("A", a), ("B", b), ("R", r))}
    drill.check(exports["B"] == exports["R"] == exports["A"],
                f"seed {seed}: desk B shows the same bytes as the desks never killed",
                [f"{name}: {len(text)} bytes, {checked_in(text)} checked in"
                 for name, text in exports.items()])

    facts = server_facts(url)
    per_enrollment = {}
    for fact in facts:
        per_enrollment.setdefault(fact.get("enrollment_id"), []).append(fact)
    own_facts = [f for e in own for f in per_enrollment.get(e, [])]
    wrong = [f"{e}: {len(per_enrollment.get(e, []))} facts" for e in own
             if len(per_enrollment.get(e, [])) != 1]
    devices = {f["device_id"] for f in own_facts}
    drill.check(not wrong and len(devices) == 1,
                f"seed {seed}: B's {len(own)} check-ins are on the server exactly once",
                wrong or [f"from {len(devices)} devices"])
    expected = ROUNDS * (OWN_CHECKINS + OTHER_CHECKINS + OTHER_MOVES)
    ids = [f["_id"] for f in facts]
    drill.check(len(facts) == expected and len(set(ids)) == len(ids),
                f"seed {seed}: the server holds every fact once ({len(facts)} for {expected} "
                f"check-ins and moves)")
    left = drill.status(b)
    drill.check(waiting == [OWN_CHECKINS] * ROUNDS and left["pending"] == 0,
                f"seed {seed}: B's {'+'.join(str(w) for w in waiting)} waiting documents were "
                f"all sent ({left['pending']} left)")
    drill.check(left["refused"] == 0 and left["unusable"] == 0,
                f"seed {seed}: desk B refused nothing and received nothing unusable",
                json.dumps(left))

    documents = drill.http_json(url)["doc_count"]
    kills = kills_first + sum(kills_again)
    drill.comment(f"seed {seed}: kills={kills} ({kills_first} in the first pull, "
                  f"{'+'.join(str(k) for k in kills_again)} in the syncs after), "
                  f"documents={documents} on the server, facts={len(facts)} "
                  f"({len(own_facts)} from B); unkilled, the first pull takes "
                  f"{pull_seconds:.2f} s and the others "
                  f"{', '.join(f'{t:.2f}' for t in again_seconds)} s; {watch.seconds():.1f} s")
    drill.comment(f"seed {seed}: documents/waiting held by B after each kill of the first "
                  f"pull: {' '.join(progress_first) or 'none'}; before and after each kill of "
                  f"the syncs after: {'; '.join(progress_again)}")
    totals["kills"] += kills
    totals["documents"] += documents


def main():
    drill.run_seeds(CHECKS_PER_SEED, run_seed, {"kills": 0, "documents": 0},
                    with_server=True)


if __name__ == "__main__":
    drill.run(main)
