#!/usr/bin/env bash
# Runs the Python GetProduct benchmark with one command: prepares the venv (scripts/python-env.sh,
# plus grpcio-tools), starts a seeded mercatod on a free loopback port, benchmarks, stops it.
#   bash bench/python/run.sh [iterations]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mercatod=${MERCATOD:-$repo/build/cmake/server/app/mercatod}
[[ -x $mercatod ]] || { echo "$mercatod is missing: build first (scripts/build.sh)" >&2; exit 1; }

venv=$(bash "$repo/scripts/python-env.sh")
"$venv/bin/pip" install -q --disable-pip-version-check -r "$repo/bench/python/requirements.txt" >&2

work=$(mktemp -d)
# The benchmark measures the call path, not the limiter: one client makes every call, so its
# budget must outlast the run (the default anonymous burst is 100 calls).
"$mercatod" --listen 127.0.0.1:0 --data-dir "$work/data" --log-level warn --metrics-listen '' \
  --anonymous-rate-burst 1000000 >"$work/mercatod.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT

port=
for _ in $(seq 600); do
  port=$(sed -n 's/^mercatod listening on port \([0-9]*\)$/\1/p' "$work/mercatod.log")
  [[ -n $port ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/mercatod.log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "mercatod did not start within 60 s" >&2; exit 1; }

"$venv/bin/python" "$repo/bench/python/bench_catalog_get.py" --endpoint "127.0.0.1:$port" "$@"
