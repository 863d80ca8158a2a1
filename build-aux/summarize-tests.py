#!/usr/bin/env python3
"""Prints the closing lines of the test runs whose meson logs are given: the figures of the
drills (their seeds, and the totals they print as TAP comments), then "N passed, N failed,
N skipped", one count per meson test."""
import json
import re
import sys

# A drill's seeds, and its totals: "# kills=…, acknowledged=…, lost=0, 25.4 s".
FIGURES = re.compile(r"^# (seeds |[a-z]+=)")

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as log:
        for line in log:
            result = json.loads(line)
            status = result.get("result")
            if status in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif status == "SKIP":
                skipped += 1
            else:
                failed += 1
            name = result.get("name", "")
            if "drill" in name:
                for text in (result.get("stdout") or "").splitlines():
                    if FIGURES.match(text):
                        print(f"{name.split('/')[-1].strip()}: {text[2:]}")

print(f"{passed} passed, {failed} failed, {skipped} skipped")
