#!/usr/bin/env bash
# Runs the Node GetProduct benchmark in one command: builds mercatod and the SDK if needed,
# installs the Node packages, then bench-catalog-get.js starts a seeded mercatod on a free port,
# measures, and stops it. BENCH_ITERATIONS and BENCH_WARMUP tune the counts.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! bash scripts/build.sh >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
bash scripts/node-env.sh
node bench/node/bench-catalog-get.js
