#!/usr/bin/env bash
# Hot-SKU reservations side by side on one PostgreSQL: mercatod's Reserve over gRPC (with group
# commit, the default, and without), three pgbench scripts (SELECT FOR UPDATE, version
# compare-and-swap, conditional UPDATE) and pg_test_fsync's commit ceiling (bench/hot_row.sh).
#
#   bash bench/inventory/run.sh [seconds per contender=10]   (MERCATO_BENCH_CLIENTS, default 16)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
seconds=${1:-10}
clients=${MERCATO_BENCH_CLIENTS:-16}
name=inventory
cmake --build "$here/../../build/cmake" --target inventory_reserve_bench mercatod >&2
# shellcheck source=bench/hot_row.sh
source "$here/../hot_row.sh"

run_mercatod "mercatod Reserve (gRPC)" inventory_reserve_bench
run_mercatod "mercatod, no group commit" inventory_reserve_bench --no-coalesce-reservations
# Every processed transaction must be exactly one reservation with one ledger row.
check="SELECT reserved || ' ' || (SELECT count(*) FROM inventory.movements) FROM inventory.stock_items"
run_pgbench "(a) SELECT FOR UPDATE" "$here/schema.sql" "$here/select_for_update.sql" "$check"
run_pgbench "(b) version CAS" "$here/schema.sql" "$here/version_cas.sql" "$check"
run_pgbench "(c) conditional UPDATE" "$here/schema.sql" "$here/conditional_update.sql" "$check"
report "Hot-SKU reservations of 1 unit"
