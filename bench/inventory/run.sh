#!/usr/bin/env bash
# Hot-SKU reservations side by side on one PostgreSQL: mercatod's Reserve over gRPC (the C++
# bench), three pgbench scripts (SELECT FOR UPDATE, version compare-and-swap, conditional UPDATE)
# and pg_test_fsync's commit latency as the ceiling one hot row can reach when every commit waits
# for its own WAL flush. Prints one table of tx/s, p99 and ratios. Run by hand; asserts nothing.
#
#   bash bench/inventory/run.sh [seconds per contender=10]   (MERCATO_BENCH_CLIENTS, default 16)
#
# It runs on a private PostgreSQL whose commits wait for the disk (fsync on), started for the run
# under build/bench-services and stopped afterwards; MERCATO_BENCH_DURABLE=0 uses the shared,
# non-durable test instance of scripts/services.sh instead.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/bench/inventory
build=$repo/build/cmake
pg_bin=/usr/lib/postgresql/15/bin
seconds=${1:-10}
clients=${MERCATO_BENCH_CLIENTS:-16}
mercatod_db=bench_inventory_mercatod
pgbench_db=bench_inventory_pgbench

cmake --build "$build" --target inventory_reserve_bench mercatod >&2
if [[ ${MERCATO_BENCH_DURABLE:-1} == 1 ]]; then
  services_dir=$repo/build/bench-services
  env -u MERCATO_TEST_POSTGRES MERCATO_SERVICES_DIR="$services_dir" MERCATO_POSTGRES_DURABLE=1 \
    "$repo/scripts/services.sh" start postgres
else
  services_dir=${MERCATO_SERVICES_DIR:-$repo/build/services}
  "$repo/scripts/services.sh" start postgres
fi
# shellcheck source=/dev/null
source "$services_dir/env.sh"
[[ $MERCATO_TEST_POSTGRES =~ ^postgresql://([^@/]+)@([^:/]+):([0-9]+)/ ]] ||
  { echo "cannot read user, host and port from $MERCATO_TEST_POSTGRES" >&2; exit 1; }
export PGUSER=${BASH_REMATCH[1]} PGHOST=${BASH_REMATCH[2]} PGPORT=${BASH_REMATCH[3]}
export PGOPTIONS='-c client_min_messages=warning'  # no NOTICEs from the DROP ... IF EXISTS

# Scratch files on the build disk, the disk the services' PostgreSQL writes its WAL to, so that
# pg_test_fsync measures that disk.
tmp=$(mktemp -d "$repo/build/bench-inventory.XXXXXX")
mercatod_pid=
cleanup() {
  if [[ -n $mercatod_pid ]]; then
    kill "$mercatod_pid" 2>/dev/null || true
    wait "$mercatod_pid" 2>/dev/null || true
  fi
  "$pg_bin/dropdb" --if-exists "$mercatod_db" 2>/dev/null || true
  "$pg_bin/dropdb" --if-exists "$pgbench_db" 2>/dev/null || true
  rm -rf "$tmp"
  if [[ ${MERCATO_BENCH_DURABLE:-1} == 1 ]]; then MERCATO_SERVICES_DIR="$services_dir" "$repo/scripts/services.sh" stop; fi
}
trap cleanup EXIT

"$pg_bin/dropdb" --if-exists "$pgbench_db"
"$pg_bin/createdb" "$pgbench_db"

# mercatod: as many PostgreSQL connections as pgbench gets, a rate limit no client reaches, and
# warn-level logs so that logging stays off the measured path. Run with group commit of hot-item
# reservations (the default) and without, on a fresh database each.
token=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
value() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
names=() tps=() p99=() notes=()
run_mercatod() { # label [mercatod flags...]
  local label=$1
  shift
  "$pg_bin/dropdb" --if-exists "$mercatod_db"
  "$pg_bin/createdb" "$mercatod_db"
  : >"$tmp/mercatod.out"
  MERCATO_SERVICE_TOKEN=$token "$build/server/app/mercatod" \
    --postgres "postgresql://$PGUSER@$PGHOST:$PGPORT/$mercatod_db" --postgres-pool-size "$clients" \
    --listen 127.0.0.1:0 --no-seed --user-rate-burst 1000000 --metrics-listen '' --log-level warn "$@" \
    >"$tmp/mercatod.out" 2>"$tmp/mercatod.log" &
  mercatod_pid=$!
  for _ in $(seq 300); do
    grep -q 'listening on port' "$tmp/mercatod.out" && break
    kill -0 "$mercatod_pid" 2>/dev/null || { cat "$tmp/mercatod.log" >&2; exit 1; }
    sleep 0.1
  done
  local port line
  port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$tmp/mercatod.out")
  [[ -n $port ]] || { echo "mercatod did not start listening" >&2; exit 1; }
  echo "$label, $clients clients, ${seconds}s" >&2
  line=$(MERCATO_SERVICE_TOKEN=$token "$build/bench/cpp/inventory_reserve_bench" "127.0.0.1:$port" "$clients" "$seconds")
  echo "$line" >&2
  names+=("$label")
  tps+=("$(value reservations_per_s "$line")")
  p99+=("$(value p99_ms "$line")")
  notes+=("")
  kill "$mercatod_pid"
  wait "$mercatod_pid" 2>/dev/null || true
  mercatod_pid=
}
run_mercatod "mercatod Reserve (gRPC)"
run_mercatod "mercatod, no group commit" --no-coalesce-reservations

# Nearest-rank p99 in ms of the per-transaction logs (third column: latency in us, across retries).
log_p99() {
  cat "$1"/log.* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | sort -n |
    awk '{ v[NR] = $1 } END { r = int(NR * 0.99); if (r < NR * 0.99) r++; printf "%.2f", v[r] / 1000 }'
}

run_pgbench() { # label script
  "$pg_bin/psql" -q -v ON_ERROR_STOP=1 -d "$pgbench_db" -f "$here/schema.sql"
  mkdir -p "$tmp/$2"
  echo "pgbench $2, $clients clients, ${seconds}s" >&2
  # Extended protocol, as mercatod's PQexecParams; --max-tries=0 retries missed CASes until -T.
  "$pg_bin/pgbench" -n -M extended -c "$clients" -j 2 -T "$seconds" --max-tries=0 \
    -l --log-prefix "$tmp/$2/log" -f "$here/$2.sql" "$pgbench_db" >"$tmp/$2/out"
  # Every processed transaction must be exactly one reservation with one ledger row.
  local processed check
  processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$tmp/$2/out")
  check=$("$pg_bin/psql" -tA -d "$pgbench_db" -c \
    "SELECT reserved || ' ' || (SELECT count(*) FROM inventory.movements) FROM inventory.stock_items")
  [[ $check == "$processed $processed" ]] ||
    { echo "$2: $processed transactions but reserved/ledger rows are $check" >&2; exit 1; }
  names+=("pgbench $1")
  tps+=("$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$tmp/$2/out")")
  p99+=("$(log_p99 "$tmp/$2")")
  notes+=("$(awk '/^total number of retries:/ && $5 > 0 { print $5 " CAS retries" }' "$tmp/$2/out")")
}
run_pgbench "(a) SELECT FOR UPDATE" select_for_update
run_pgbench "(b) version CAS" version_cas
run_pgbench "(c) conditional UPDATE" conditional_update

# The ceiling: one flush of the server's wal_sync_method per commit, serial on one hot row.
method=$("$pg_bin/psql" -tA -d "$pgbench_db" -c "SHOW wal_sync_method")
fsync_seconds=$((seconds < 2 ? 1 : 2))
echo "pg_test_fsync -s $fsync_seconds ($method)" >&2
"$pg_bin/pg_test_fsync" -s "$fsync_seconds" -f "$tmp/pg_test_fsync.data" >"$tmp/fsync.out"
ceiling=$(awk -v m="$method" '$1 == m && $3 == "ops/sec" { print $2; exit }' "$tmp/fsync.out")
commit_us=$(awk -v m="$method" '$1 == m && $3 == "ops/sec" { print $4; exit }' "$tmp/fsync.out")
durability=$("$pg_bin/psql" -tA -d "$pgbench_db" -c \
  "SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')")

printf '\nHot-SKU reservations of 1 unit, %d clients, %ss each, PostgreSQL %s:%s (%s)\n' \
  "$clients" "$seconds" "$PGHOST" "$PGPORT" "$durability"
printf '%-30s %10s %9s %15s %12s  %s\n' contender tx/s "p99 ms" "mercatod/this" "this/ceiling" notes
for i in "${!names[@]}"; do
  awk -v n="${names[$i]}" -v t="${tps[$i]}" -v p="${p99[$i]}" -v m="${tps[0]}" -v c="$ceiling" -v note="${notes[$i]}" \
    'BEGIN { printf "%-30s %10.0f %9.2f %14.2fx %11.2fx  %s\n", n, t, p, m / t, t / c, note }'
done
awk -v c="$ceiling" -v u="$commit_us" -v m="$method" -v t="${tps[0]}" \
  'BEGIN { printf "%-30s %10.0f %9s %14.2fx %11.2fx  1/%s us (%s, one 8kB write)\n", "fsync ceiling", c, "-", t / c, 1, u, m }'
