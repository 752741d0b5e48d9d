#!/usr/bin/env bash
# warmup.sh - how fast the gateway reaches its steady rate after its first request (JIT warm-up).
#
# Starts the stub services (unless something already listens on their ports) and the gateway with
# the Dockerfile's JVM flags (+ -XX:MaxRAM=512m, the pod's memory), sends one request, then drives
# GET /api/v1/events/evt-001/availability with `wrk -t1 -c32` in back-to-back 1-second runs for
# SECONDS seconds and prints the rate of each second. The steady rate is the median of the last
# third of the seconds; the report says when the rate first reached 90% of it and stayed there (3
# seconds in a row). Needs wrk, curl and the jars of a Maven build (or pass your own).
#
#   scripts/warmup.sh [--seconds N] [--aot-cache FILE] [--jar GATEWAY_JAR] [--stubs STUBS_JAR] [--port P]
#
# --aot-cache uses a JDK 25 AOT cache (scripts/train-aot-cache.sh writes one), as the image does.
# The gateway warms its JIT before it serves (WARMUP_MAX_SECONDS, default 60; set it to 0 to see the
# gateway without that); the report also says how long it took to be ready. GW_LOG=FILE keeps the
# gateway's output there; WARMUP_JVM_FLAGS adds JVM flags.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TOTAL=60 AOT="" PORT=3000
GW_JAR=$(ls "$ROOT"/gateway-app/target/gateway-app-*-exec.jar 2>/dev/null | head -1 || true)
STUB_JAR=$(ls "$ROOT"/stub-services/target/stub-services-*-exec.jar 2>/dev/null | head -1 || true)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECONDS_TOTAL="$2"; shift 2 ;;
    --aot-cache) AOT="$2"; shift 2 ;;
    --jar) GW_JAR="$2"; shift 2 ;;
    --stubs) STUB_JAR="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    *) sed -n '2,14p' "$0" >&2; exit 2 ;;
  esac
done
JAVA="$(bash "$ROOT/scripts/find-jdk.sh")/bin/java"
[[ -f "$GW_JAR" && -f "$STUB_JAR" ]] || { echo "warmup.sh: build the jars first (mvn package -DskipTests)" >&2; exit 1; }
RUN="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$RUN"; }
trap cleanup EXIT

if ! (echo > /dev/tcp/127.0.0.1/50052) 2>/dev/null; then
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$STUB_JAR" > "$RUN/stubs.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 120); do grep -q "all stub services started" "$RUN/stubs.log" 2>/dev/null && break; sleep 0.5; done
fi
flags=(-XX:MaxRAM=512m -XX:MaxRAMPercentage=65 -XX:+UseParallelGC -XX:CICompilerCount=6 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED ${WARMUP_JVM_FLAGS:-})
[[ -n "$AOT" ]] && flags=(-XX:AOTCache="$AOT" "${flags[@]}")
# Limits far above the load, as the side-by-side bench sets them: every answer is a 200 from the service.
PORT="$PORT" RATE_LIMIT_MAX_REQUESTS=100000000 RATE_LIMIT_USER_MAX_REQUESTS=100000000 \
  "$JAVA" "${flags[@]}" -jar "$GW_JAR" > "${GW_LOG:-$RUN/gateway.log}" 2>&1 &
pids+=($!)
URL="http://127.0.0.1:$PORT/api/v1/events/evt-001/availability"
launched=$(date +%s%N)
for _ in $(seq 1800); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/readiness" && break; sleep 0.1; done
echo "ready after $(( ($(date +%s%N) - launched) / 1000000 )) ms (WARMUP_MAX_SECONDS=${WARMUP_MAX_SECONDS:-60})"
curl -fs -o /dev/null "$URL"
echo -e "second\treq_s"
rates=()
for s in $(seq "$SECONDS_TOTAL"); do
  out=$(wrk -t1 -c32 -d1s "$URL")
  grep -q "Non-2xx" <<<"$out" && { echo "warmup.sh: non-2xx answers: $(grep Non-2xx <<<"$out")" >&2; exit 1; }
  rate=$(awk '/Requests\/sec/{printf "%.0f", $2}' <<<"$out")
  rates+=("$rate")
  echo -e "$s\t$rate"
done
from=$((SECONDS_TOTAL * 2 / 3 + 1))
steady=$(printf '%s\n' "${rates[@]:from-1}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }')
reached=never
for ((i = 0; i + 2 < SECONDS_TOTAL; i++)); do
  if (( rates[i] * 10 >= steady * 9 && rates[i + 1] * 10 >= steady * 9 && rates[i + 2] * 10 >= steady * 9 )); then
    reached=$((i + 1)); break
  fi
done
echo "steady rate (median of seconds $from-$SECONDS_TOTAL): $steady req/s; 90% of it reached and held from second $reached"
