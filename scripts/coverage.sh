#!/usr/bin/env bash
# test:coverage — prints the line and branch coverage of the aggregated JaCoCo report (every
# module; unit + integration + e2e) and fails below the floor. Run after the tests
# (./scripts/test.sh or mvn verify); pass --run to run `mvn verify` first.
# Report: e2e-tests/target/site/jacoco-aggregate/index.html
set -euo pipefail
cd "$(dirname "$0")/.."
FLOOR_LINES=${COVERAGE_FLOOR_LINES:-90}
if [ "${1:-}" = "--run" ]; then
  JAVA_HOME="$(bash scripts/find-jdk.sh)"; export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
  mvn -B -ntp verify
fi
csv=e2e-tests/target/site/jacoco-aggregate/jacoco.csv
[ -f "$csv" ] || { echo "no coverage report at $csv: run the tests first" >&2; exit 1; }
awk -F, -v floor="$FLOOR_LINES" 'NR > 1 { bm += $6; bc += $7; lm += $8; lc += $9 }
  END {
    lines = 100 * lc / (lm + lc); branches = 100 * bc / (bm + bc)
    printf "coverage: lines %.1f%% (%d of %d), branches %.1f%% (%d of %d); floor %d%% of lines\n",
      lines, lc, lm + lc, branches, bc, bm + bc, floor
    if (lines < floor) { print "coverage below the floor"; exit 1 }
  }' "$csv"
