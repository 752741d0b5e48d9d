#!/usr/bin/env bash
# Runs every test: unit, integration (real gRPC over TCP, a real redis-server) and end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -ntp verify "$@"
