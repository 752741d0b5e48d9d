#!/usr/bin/env bash
# Runs every test: unit, integration (real gRPC over TCP, a real redis-server), end-to-end, and
# mutation testing of the domain (fails below 80%). Picks a JDK >= 21 for Maven and its forks.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bash scripts/find-jdk.sh)"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
exec mvn -B -ntp verify -Pmutation "$@"
