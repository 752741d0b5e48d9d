#!/usr/bin/env bash
# Starts the whole stubbed stack on this machine: the five stub gRPC services (two instances
# each, in memory) and the gateway on http://localhost:${PORT:-3000}. No Redis, no Docker.
# Ctrl-C stops everything. Pass --no-build to skip the Maven build.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bash scripts/find-jdk.sh)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

if [ "${1:-}" != "--no-build" ]; then
  echo "Building (first run downloads dependencies)..."
  mvn -B -q -ntp -DskipTests -pl gateway-app,stub-services -am package
fi

stub_jar=$(ls stub-services/target/stub-services-*-exec.jar)
gateway_jar=$(ls gateway-app/target/gateway-app-*-exec.jar)
mkdir -p .local
java --enable-native-access=ALL-UNNAMED -jar "$stub_jar" > .local/stubs.log 2>&1 &
stubs=$!
trap 'kill $stubs 2>/dev/null || true' EXIT INT TERM

echo "Waiting for the stub services (log: .local/stubs.log)..."
for _ in $(seq 1 60); do
  if grep -q "all stub services started" .local/stubs.log 2>/dev/null; then break; fi
  if ! kill -0 $stubs 2>/dev/null; then echo "stub services failed:"; cat .local/stubs.log; exit 1; fi
  sleep 0.5
done

echo "Starting the gateway on http://localhost:${PORT:-3000} ..."
# No JIT warm-up on a laptop unless asked for (WARMUP_MAX_SECONDS=60): it starts in seconds instead.
WARMUP_MAX_SECONDS="${WARMUP_MAX_SECONDS:-0}" java --enable-native-access=ALL-UNNAMED -jar "$gateway_jar"
