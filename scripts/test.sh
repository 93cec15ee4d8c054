#!/usr/bin/env bash
# Runs every test suite from a fresh Debian machine: installs what is needed, builds, starts real
# PostgreSQL, Redis and Kafka on loopback, runs googletest (ctest), pytest, the fault suite,
# node:test, the README's main job once, every benchmark once with a tiny count, the contract lint
# and the generated-files check, and stops the services whatever happens.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

step() { printf '\n==> [%4ds] %s\n' "$SECONDS" "$*"; }

step "installing dependencies"
bash scripts/install-deps.sh

step "building"
bash scripts/build.sh
cmake --install build/cmake --prefix build/install --component sdk >/dev/null

step "starting PostgreSQL, Redis and Kafka on loopback"
# The services, and those of a fault-suite run that crashed before its teardown (it lists them).
stop_services() {
  bash scripts/services.sh stop
  local leftovers=build/fault-services.dirs directory
  [[ -f $leftovers ]] || return 0
  while read -r directory; do
    [[ -d $directory ]] || continue
    MERCATO_SERVICES_DIR=$directory bash scripts/services.sh stop || true
    rm -rf "$directory"
  done <"$leftovers"
  rm -f "$leftovers"
}
trap stop_services EXIT
bash scripts/services.sh start
source build/services/env.sh

step "googletest suites (ctest)"
ctest --test-dir build/cmake --output-on-failure -j 2 --timeout 300

step "the README's main job, once (embedded mercatod + storefront example)"
rm -rf build/mercato-data
MERCATO_RUN_ONCE=1 MERCATO_LISTEN=127.0.0.1:0 bash scripts/run.sh >build/main-job.log 2>&1 || {
  cat build/main-job.log
  exit 1
}
grep -q "the repeat read made no round trip" build/main-job.log
grep -q "^booked for order-" build/main-job.log
grep -q "^order M-[0-9]\{4\}-[0-9]\{6\}: ORDER_STATUS_PENDING" build/main-job.log
grep -q "^retried with the same request_id: same order, charged once$" build/main-job.log
grep -q "^order M-[0-9]\{4\}-[0-9]\{6\}: ORDER_STATUS_DELIVERED" build/main-job.log
echo "main job: storefront journey (browse, book a slot, check out, fulfil to delivered) ran against the seeded embedded server"

step "the Python package and the Node addon, built against build/install"
venv=$(bash scripts/python-env.sh)
bash scripts/node-env.sh

step "pytest suites (test_every_rpc_reachable also loads the Node addon)"
MERCATOD=$repo/build/cmake/server/app/mercatod "$venv/bin/pytest" -q tests/python

step "fault suite (mercatod on PostgreSQL, Redis and Kafka while they fail)"
MERCATOD=$repo/build/cmake/server/app/mercatod "$venv/bin/pytest" -q tests/faults

step "node:test suites"
MERCATOD=$repo/build/cmake/server/app/mercatod node --test tests/node/

step "every benchmark once, with a tiny count (so that none stops working unnoticed)"
build/cmake/bench/cpp/catalog_get_bench 300
MERCATO_BENCH_DURABLE=0 MERCATO_BENCH_CLIENTS=4 bash bench/inventory/run.sh 1
MERCATO_BENCH_DURABLE=0 MERCATO_BENCH_CLIENTS=4 bash bench/delivery/run.sh 1 500
MERCATO_BENCH_DURABLE=0 MERCATO_BENCH_CLIENTS=4 bash bench/payments/run.sh 1
MERCATO_BENCH_DURABLE=0 MERCATO_BENCH_CLIENTS=4 bash bench/orders/run.sh 1
bash bench/python/run.sh 300 --warmup 10
bash bench/freshness/run.sh 20
BENCH_ITERATIONS=300 BENCH_WARMUP=10 bash bench/node/run.sh

step "contract lint (buf)"
bash scripts/lint-proto.sh

step "generated files match the contract (scripts/generate.sh --check)"
bash scripts/generate.sh --check
step "done"
