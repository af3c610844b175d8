#!/usr/bin/env bash
# Does the suite hold on a busy machine? Runs the test suite RUNS times in a row while BURNERS processes keep the
# CPUs busy (a busy-looping Python each), and prints pass/fail per run. Logs: test-artifacts/stress/run-<i>.log.
#
#   benchmarks/run_suite_loaded.sh [-n RUNS] [-b BURNERS] [-- PYTEST_ARGS...]
#
# Defaults: 3 runs, one burner per core, the README's whole suite. Examples:
#   benchmarks/run_suite_loaded.sh                                   # the README's "three runs in three"
#   benchmarks/run_suite_loaded.sh -n 2 -b 1 -- -m "not browser"     # quick look at the plain tests
# Exit status 0 only if every run passed.
set -uo pipefail
cd "$(dirname "$0")/.."

RUNS=3
BURNERS=$(nproc)
while getopts "n:b:h" opt; do
    case $opt in
        n) RUNS=$OPTARG ;;
        b) BURNERS=$OPTARG ;;
        *) sed -n '2,11p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift

LOGS=test-artifacts/stress
mkdir -p "$LOGS"
burners=()
stop_burners() {
    for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null; done
    wait 2>/dev/null
}
trap stop_burners EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$BURNERS"); do
    python3 -c 'while True: pass' &
    burners+=($!)
done

echo "suite: python -m pytest -q -p no:cacheprovider $*; $RUNS runs, $BURNERS CPU burners on $(nproc) cores"
failed=0
for i in $(seq "$RUNS"); do
    start=$(date +%s)
    python -m pytest -q -p no:cacheprovider "$@" >"$LOGS/run-$i.log" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    summary=$(grep -E "(passed|failed|error|no tests ran)" "$LOGS/run-$i.log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "run $i/$RUNS: PASS in ${took} s ($summary)"
    else
        failed=$((failed + 1))
        echo "run $i/$RUNS: FAIL (pytest exit $rc) in ${took} s ($summary); log $LOGS/run-$i.log"
        grep -E "^(FAILED|ERROR) " "$LOGS/run-$i.log" | head -n 10 | sed 's/^/    /'
    fi
done
echo "$((RUNS - failed))/$RUNS runs passed with $BURNERS CPU burners"
[ "$failed" -eq 0 ]
