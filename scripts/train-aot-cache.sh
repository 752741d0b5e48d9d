#!/usr/bin/env bash
# Trains the JDK 25+ AOT cache of the gateway: starts the jar once with -XX:AOTCacheOutput (its JIT
# warm-up, WARMUP_MAX_SECONDS, runs first and is recorded too), sends a few requests of every kind
# (health, metrics, the API: upstream calls fail without the services, which still exercises the
# whole request path), then stops it; the JVM writes the cache as it exits. Used by the Dockerfile
# at image build time and by scripts/startup-time.sh.
#
#   scripts/train-aot-cache.sh JAR CACHE PORT [JVM options, the same the cache will be used with]
set -uo pipefail
jar="$1"; cache="$2"; port="$3"; shift 3
java "$@" -XX:AOTCacheOutput="$cache" -jar "$jar" --server.port="$port" >/tmp/aot-training.log 2>&1 &
pid=$!
for _ in $(seq 1800); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/health/readiness" && break
  kill -0 "$pid" 2>/dev/null || { cat /tmp/aot-training.log >&2; exit 1; }
  sleep 0.1
done
for round in 1 2 3; do
  for path in /health /health/liveness /health/readiness /health/detailed /metrics /api/v1/events \
              /api/v1/events/evt-001 /api/v1/events/evt-001/availability /api/v1/bookings /api/v1/nope; do
    curl -s -o /dev/null -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$path"
  done
  curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"email":"a@example.com","password":"x"}' \
       "http://127.0.0.1:$port/api/v1/auth/login"
done
kill "$pid"
wait "$pid"
test -s "$cache" || { echo "no AOT cache was written" >&2; tail -20 /tmp/aot-training.log >&2; exit 1; }
rm -f /tmp/aot-training.log
