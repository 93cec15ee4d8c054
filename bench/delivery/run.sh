#!/usr/bin/env bash
# Hot-slot bookings side by side on one PostgreSQL: mercatod's BookSlot over gRPC (with group
# commit of one slot's claims, the default, and without), pgbench's conditional UPDATE of the same
# slot row with one booking row, and pg_test_fsync's commit ceiling (bench/hot_row.sh). Then
# ResolveZone's index against a linear scan over 10,000 outline zones, in process.
#
#   bash bench/delivery/run.sh [seconds per contender=10] [zones=10000]   (MERCATO_BENCH_CLIENTS, default 16)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
seconds=${1:-10}
zones=${2:-10000}
clients=${MERCATO_BENCH_CLIENTS:-16}
name=delivery
cmake --build "$here/../../build/cmake" --target slot_book_bench zone_resolve_bench mercatod >&2
# shellcheck source=bench/hot_row.sh
source "$here/../hot_row.sh"

run_mercatod "mercatod BookSlot (gRPC)" slot_book_bench
run_mercatod "mercatod, no group commit" slot_book_bench --no-coalesce-reservations
# Every processed transaction must be exactly one unit booked with one booking row.
run_pgbench "conditional UPDATE" "$here/schema.sql" "$here/conditional_update.sql" \
  "SELECT booked || ' ' || (SELECT count(*) FROM delivery.slot_bookings) FROM delivery.slots"
report "Hot-slot bookings of 1 unit"

echo
"$build/bench/cpp/zone_resolve_bench" "$zones" $((seconds * 2000))
