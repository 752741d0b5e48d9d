#!/usr/bin/env bash
# Start-up time of the gateway, as its container starts it: the exec jar extracted (the layout the
# Dockerfile copies into the image), plain and with the class cache the image trains at build time
# (an AOT cache on JDK 25+, trained by scripts/train-aot-cache.sh; a CDS archive on JDK 21-24). Each
# start is timed from the JVM's launch to the first 200 from /health/readiness (polled every 50 ms); the gateway runs with its local defaults (no Redis, no
# stub services needed: readiness does not wait for upstreams).
#
#   ./scripts/startup-time.sh            # 5 starts of each kind
#   ./scripts/startup-time.sh 10         # 10 starts of each kind
set -euo pipefail
# Start-up itself: the JIT warm-up before serving (WARMUP_MAX_SECONDS) is measured by scripts/warmup.sh.
export WARMUP_MAX_SECONDS="${WARMUP_MAX_SECONDS:-0}"
cd "$(dirname "$0")/.."
JAVA_HOME="$(bash scripts/find-jdk.sh)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
runs="${1:-5}"
# The image's heap and GC in the deployment's 512 MiB pod (-XX:MaxRAM stands in for the limit).
jvm=(-XX:MaxRAM=512m -XX:MaxRAMPercentage=65 -XX:+UseParallelGC)

jar=$(ls gateway-app/target/gateway-app-*-exec.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then
  echo "Building the gateway (tests skipped)..."
  mvn -B -q -ntp -DskipTests -pl gateway-app -am package
  jar=$(ls gateway-app/target/gateway-app-*-exec.jar | head -1)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
app="$work/app/$(basename "$jar")"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

feature=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
echo "JDK $feature on $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$feature" -ge 25 ]; then
  echo "training the AOT cache as the Dockerfile does..."
  bash scripts/train-aot-cache.sh "$app" "$work/app.aot" "$(free_port)" "${jvm[@]}"
  use=(-XX:AOTCache="$work/app.aot"); kind="AOT cache"
else
  echo "training a CDS archive (JDK $feature has no AOT cache)..."
  java "${jvm[@]}" -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh -jar "$app" --server.port=0 >"$work/train.log" 2>&1
  use=(-XX:SharedArchiveFile="$work/app.jsa"); kind="CDS archive"
fi


# Milliseconds from launch to the first 200 of /health/readiness.
start_once() {
  local port start pid ms
  port=$(free_port)
  start=$(date +%s%N)
  java "${jvm[@]}" "$@" -jar "$app" --server.port="$port" >"$work/run.log" 2>&1 &
  pid=$!
  sleep 1  # no JVM is ready sooner; polling meanwhile would only take CPU from the start-up
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health/readiness"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "gateway exited; log:" >&2; cat "$work/run.log" >&2; exit 1; fi
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "  $(grep -o 'Started GatewayApplication in .*' "$work/run.log"); ready after $ms ms" >&2
  echo "$ms"
}

report() {
  local label="$1"; shift
  local times=()
  for _ in $(seq "$runs"); do times+=("$(start_once "$@")"); done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" '
    { t[NR] = $1 } END { printf "%-28s median %5d ms   min %5d ms   max %5d ms   (%d starts)\n", label, t[int((NR + 1) / 2)], t[1], t[NR], NR }'
}

report "extracted jar"
report "extracted jar + $kind" "${use[@]}"
