#!/usr/bin/env python3
"""Drill: three desks that work offline and meet only now and then end in the same state.

For each seed, through a pouchdb-server in memory: desk A generates a day of 300 enrollments
and publishes it, desks B and C pull it. Then, for ROUNDS rounds, each desk, offline, checks
in, undoes check-ins and moves participants between the groups of their session, on a random
set of enrollments; some enrollments are touched by every desk in the round, and one of them
is moved by each desk to a different group, so that real conflicts arise. After each round
the desks sync once each, in a random order. At the end every desk syncs twice more, in turn.

Then every desk must print the same export, bytes for bytes (conflicts included), as must a
fresh desk that pulls the day at the end, and count the same conflicts; the conflict made in
the last round must be listed with each desk's move; and every subject decided (an
enrollment's check-in, or its group) must show the last decision of one of the desks that
decided it, and when only one desk did, that desk's last decision: a write that converged by
being lost would fail here.
"""

import json
import os
import random

import drill

ENROLLMENTS = 300
ROUNDS = 5
OWN = 6      # enrollments each desk alone touches in a round (another desk may draw one too)
SHARED = 3   # enrollments every desk touches in a round
DESKS = "abc"
CHECKS_PER_SEED = 6


def run_seed(seed, base, totals):
    watch = drill.Stopwatch()
    rng = random.Random(f"{seed}/convergence")
    folder = os.path.join(drill.scratch(), f"seed-{seed}")
    os.mkdir(folder)
    dbs = {name: os.path.join(folder, f"{name}.db") for name in DESKS}
    url = f"{base}/converge-{seed}-{drill.DAY}"

    def sync(name):
        drill.cli("sync", "--db", dbs[name], "--url", url, "--once")

    drill.cli("demo", "--db", dbs["a"], "--enrollments", str(ENROLLMENTS), "--seed", str(seed),
              "--date", drill.DAY)
    drill.cli("publish", "--db", dbs["a"], "--url", url)
    for name in DESKS[1:]:
        sync(name)

    day = drill.cli_json("export", "--db", dbs["a"], "--format", "json")
    booked = sorted(e["id"] for e in day["enrollments"] if e["status"] == "booked")
    session_of = {e["id"]: e["session_id"] for e in day["enrollments"]}
    groups_of = {}
    for group in sorted(day["groups"], key=lambda g: g["id"]):
        groups_of.setdefault(group["session_id"], []).append(group["id"])
    movable = [e for e in booked if len(groups_of.get(session_of[e], [])) >= len(DESKS)]

    # What each desk decided about each subject, in order: (desk, value). A subject is
    # ("checkin", enrollment) or ("group", enrollment).
    decisions = {}
    operations = {"checkin": 0, "undo": 0, "assign": 0}

    def decide(name, kind, enrollment, value):
        decisions.setdefault((kind, enrollment), []).append((name, value))

    def random_operation(name, enrollment):
        kind = rng.choice(["checkin", "undo", "assign"])
        if kind == "assign":
            group = rng.choice(groups_of[session_of[enrollment]])
            drill.cli("assign", "--db", dbs[name], enrollment, group, "--reason", "drill")
            decide(name, "group", enrollment, group)
        else:
            args = ["--undo"] if kind == "undo" else []
            drill.cli("checkin", "--db", dbs[name], *args, enrollment)
            decide(name, "checkin", enrollment, kind == "checkin")
        operations[kind] += 1

    contested = None
    for _ in range(ROUNDS):
        shared = rng.sample(booked, SHARED)
        contested = rng.choice(movable)
        for index, name in enumerate(DESKS):
            touched = shared + rng.sample(booked, OWN)
            rng.shuffle(touched)
            for enrollment in touched:
                random_operation(name, enrollment)
            # Every desk moves the contested enrollment to a group of its own choosing.
            group = groups_of[session_of[contested]][index]
            drill.cli("assign", "--db", dbs[name], contested, group, "--reason", "drill")
            decide(name, "group", contested, group)
            operations["assign"] += 1
        order = list(DESKS)
        rng.shuffle(order)
        for name in order:
            sync(name)

    for _ in range(2):
        for name in DESKS:
            sync(name)

    exports = {name: drill.export(db) for name, db in dbs.items()}
    states = {name: drill.status(db) for name, db in dbs.items()}
    final = json.loads(exports["a"])
    # A desk that took no part: what the documents on the server give, whatever their order.
    fresh = os.path.join(folder, "fresh.db")
    drill.cli("sync", "--db", fresh, "--url", url, "--once")

    drill.check(len(set(exports.values())) == 1,
                f"seed {seed}: the {len(DESKS)} desks print the same export",
                [f"desk {name}: {len(text)} bytes" for name, text in exports.items()])
    drill.check(drill.export(fresh) == exports["a"],
                f"seed {seed}: a desk that pulls the day at the end prints it too")
    conflicts = {name: s["conflicts"] for name, s in states.items()}
    drill.check(len(set(conflicts.values())) == 1,
                f"seed {seed}: the desks count the same conflicts ({conflicts['a']})",
                json.dumps(conflicts))

    listed = [c for c in final["conflicts"] if c["subject_id"] == contested]
    devices = {f["device_id"] for c in listed for f in c["facts"]}
    drill.check(len(listed) == 1 and len(devices) == len(DESKS),
                f"seed {seed}: the last round's contested move is listed as a conflict with "
                f"each desk's fact", json.dumps(listed))

    # A desk's later decision about a subject replaces its earlier ones (its fact supersedes
    # them, or it writes none because it already shows that value), so whatever a subject
    # shows must be the last decision of one of the desks that decided it, and, when only one
    # desk did, that desk's last decision.
    planned = {e["id"]: e["group_id"] for e in day["enrollments"]}
    shown = {e["id"]: e for e in final["enrollments"]}
    lost = []
    alone = 0
    for (kind, enrollment), made in sorted(decisions.items()):
        last = {name: value for name, value in made}
        alone += len(last) == 1
        got = shown[enrollment]["checked_in" if kind == "checkin" else "group_id"]
        if got not in last.values():
            lost.append(f"{kind} of {enrollment}: shows {got}, the desks decided {made} "
                        f"(planned group {planned[enrollment]})")
    drill.check(not lost, f"seed {seed}: each of the {len(decisions)} subjects decided shows "
                f"a desk's last decision ({alone} decided by one desk only)", lost[:10])

    waiting = {name: (s["pending"], s["refused"], s["unusable"]) for name, s in states.items()}
    drill.check(all(w == (0, 0, 0) for w in waiting.values()),
                f"seed {seed}: nothing waits, nothing is refused or unusable on any desk",
                json.dumps(waiting))

    count = sum(operations.values())
    drill.comment(f"seed {seed}: operations={count} ({operations['checkin']} check-ins, "
                  f"{operations['undo']} undos, {operations['assign']} moves), "
                  f"conflicts={conflicts['a']} ({len(final['conflicts'])} listed in the export), "
                  f"{watch.seconds():.1f} s")
    totals["operations"] += count
    totals["conflicts"] += conflicts["a"]


def main():
    drill.run_seeds(CHECKS_PER_SEED, run_seed, {"operations": 0, "conflicts": 0},
                    with_server=True)


if __name__ == "__main__":
    drill.run(main)
