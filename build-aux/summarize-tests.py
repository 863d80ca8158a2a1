#!/usr/bin/env python3
"""Prints one closing line for the test runs whose meson logs are given:
"N passed, N failed, N skipped", one count per meson test."""
import json
import sys

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

print(f"{passed} passed, {failed} failed, {skipped} skipped")
