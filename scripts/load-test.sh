#!/usr/bin/env bash
# Load harness (test:load): builds the gateway, the stubs and the harness, then runs every scenario
# at constant arrival rates against the gateway started as a separate process (in-memory store, then
# Redis), with the direct gRPC baseline. Writes load-tests/target/load-report.md and
# load-tests/target/latency-vs-rate.html. Takes about 8-9 minutes; see BENCHMARKS.md.
#
#   ./scripts/load-test.sh                       # full run
#   ./scripts/load-test.sh --quick               # smoke run (~2 min, numbers not meaningful)
#   ./scripts/load-test.sh --no-build --scenarios availability --stores memory --jfr
#   ./scripts/load-test.sh --target http://localhost:3000 --gateway-pid 1234   # a running gateway
#   ./scripts/load-test.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bash scripts/find-jdk.sh)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

if [ "$build" = 1 ]; then
  echo "Building gateway-app, stub-services and load-tests (tests skipped)..."
  mvn -B -q -ntp -DskipTests -pl gateway-app,stub-services,load-tests -am package
fi

harness_jar=$(ls load-tests/target/load-tests-*-exec.jar)
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
exec java --enable-native-access=ALL-UNNAMED ${LOAD_HARNESS_JVM_ARGS:-} -jar "$harness_jar" "${args[@]}"
