#!/usr/bin/env bash
# Cross-instance freshness: two mercatod on one PostgreSQL and one Redis; catalog writes through
# the first, WatchChanges streams on both; prints delay percentiles and the ratio other / writer.
# Runs on a private PostgreSQL and Redis under build/bench-freshness, stopped afterwards.
#
#   bash bench/freshness/run.sh [changes=200]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mercatod=${MERCATOD:-$repo/build/cmake/server/app/mercatod}
[[ -x $mercatod ]] || { echo "$mercatod is missing: build first (scripts/build.sh)" >&2; exit 1; }
changes=${1:-200}
venv=$(bash "$repo/scripts/python-env.sh")
services=$repo/build/bench-freshness
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  MERCATO_SERVICES_DIR=$services "$repo/scripts/services.sh" stop
  rm -rf "$work"
}
trap cleanup EXIT
env -u MERCATO_TEST_POSTGRES -u MERCATO_TEST_REDIS MERCATO_SERVICES_DIR="$services" \
  "$repo/scripts/services.sh" start postgres redis
# shellcheck source=/dev/null
source "$services/env.sh"

token=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
start() { # name -> prints the port
  MERCATO_SERVICE_TOKEN=$token "$mercatod" --listen 127.0.0.1:0 --data-dir "$work/$1" --no-seed \
    --postgres "$MERCATO_TEST_POSTGRES" --redis "$MERCATO_TEST_REDIS" --metrics-listen '' \
    --log-level warn >"$work/$1.out" 2>"$work/$1.log" &
  pids+=($!)
}
port_of() {
  for _ in $(seq 300); do
    local port
    port=$(sed -n 's/^mercatod listening on port \([0-9]*\)$/\1/p' "$work/$1.out")
    [[ -n $port ]] && { echo "$port"; return; }
    sleep 0.1
  done
  cat "$work/$1.log" >&2
  exit 1
}
start a
port_a=$(port_of a)  # the first migrates the database; the second starts on it
start b
port_b=$(port_of b)
"$venv/bin/python" "$repo/bench/freshness/bench_freshness.py" --writer "127.0.0.1:$port_a" \
  --other "127.0.0.1:$port_b" --token "$token" --changes "$changes"
