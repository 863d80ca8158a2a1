# What the interop scripts share: TAP lines, checks, and reading JSON. Sourced, not run.
#
#   check "what is checked" 'shell condition'   prints "ok N - …" or "not ok N - …"
#   json 'python expression of d' < file.json   prints the expression, d being the document
#   exit $((failed > 0))                        at the end of the script
n=0
failed=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check () { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
json () { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
