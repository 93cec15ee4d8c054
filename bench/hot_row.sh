# Shared by the load benchmarks (bench/{inventory,delivery,payments,orders}/run.sh), sourced after
# they set `seconds`, `clients` and `name`: a PostgreSQL whose commits wait for the disk (fsync on,
# private under build/bench-services; MERCATO_BENCH_DURABLE=0 uses the shared test instance),
# mercatod on a fresh database per run, pgbench scripts on another, pg_test_fsync's commit ceiling,
# and one table of tx/s, p99 and ratios (the first contender against each). Asserts nothing.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$repo/build/cmake
pg_bin=/usr/lib/postgresql/15/bin
mercatod_db=bench_${name}_mercatod
pgbench_db=bench_${name}_pgbench

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
tmp=$(mktemp -d "$repo/build/bench-$name.XXXXXX")
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

token=bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
value() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
names=() tps=() p99=() notes=()

# mercatod on `database` with as many PostgreSQL connections as pgbench gets, a rate limit no
# client reaches and warn-level logs (logging off the measured path); sets mercatod_port.
start_mercatod() { # database [mercatod flags...]
  local database=$1
  shift
  : >"$tmp/mercatod.out"
  MERCATO_SERVICE_TOKEN=$token "$build/server/app/mercatod" \
    --postgres "postgresql://$PGUSER@$PGHOST:$PGPORT/$database" --postgres-pool-size "$clients" \
    --listen 127.0.0.1:0 --no-seed --user-rate-burst 1000000 --metrics-listen '' --log-level warn "$@" \
    >"$tmp/mercatod.out" 2>"$tmp/mercatod.log" &
  mercatod_pid=$!
  for _ in $(seq 300); do
    grep -q 'listening on port' "$tmp/mercatod.out" && break
    kill -0 "$mercatod_pid" 2>/dev/null || { cat "$tmp/mercatod.log" >&2; exit 1; }
    sleep 0.1
  done
  mercatod_port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$tmp/mercatod.out")
  [[ -n $mercatod_port ]] || { echo "mercatod did not start listening" >&2; exit 1; }
}

stop_mercatod() {
  kill "$mercatod_pid"
  wait "$mercatod_pid" 2>/dev/null || true
  mercatod_pid=
}

# mercatod on a fresh database, loaded by `bench` (a hot_row_load.h program in build/cmake/bench/cpp).
run_mercatod() { # label bench [mercatod flags...]
  local label=$1 bench=$2 line
  shift 2
  "$pg_bin/dropdb" --if-exists "$mercatod_db"
  "$pg_bin/createdb" "$mercatod_db"
  start_mercatod "$mercatod_db" "$@"
  echo "$label, $clients clients, ${seconds}s" >&2
  line=$(MERCATO_SERVICE_TOKEN=$token "$build/bench/cpp/$bench" "127.0.0.1:$mercatod_port" "$clients" "$seconds")
  echo "$line" >&2
  names+=("$label")
  tps+=("$(value calls_per_s "$line")")
  p99+=("$(value p99_ms "$line")")
  notes+=("")
  stop_mercatod
}

# Nearest-rank p99 in ms of the per-transaction logs (third column: latency in us, across retries).
log_p99() {
  cat "$1"/log.* | awk '$3 ~ /^[0-9]+$/ { print $3 }' | sort -n |
    awk '{ v[NR] = $1 } END { r = int(NR * 0.99); if (r < NR * 0.99) r++; printf "%.2f", v[r] / 1000 }'
}

# A pgbench script on the freshly loaded `schema` file (-: the database as it is), with any
# further pgbench options (-D name=value); `check` is a query that must answer "<n> <n>" for n
# processed transactions (each did exactly its one change and one ledger row).
run_pgbench() { # label schema.sql|- script.sql check-query [pgbench options...]
  local label=$1 schema=$2 script=$3 check_query=$4 key
  shift 4
  key=$(basename "$script" .sql)
  if [[ $schema != - ]]; then "$pg_bin/psql" -q -v ON_ERROR_STOP=1 -d "$pgbench_db" -f "$schema"; fi
  mkdir -p "$tmp/$key"
  echo "pgbench $key, $clients clients, ${seconds}s" >&2
  # Extended protocol, as mercatod's PQexecParams; --max-tries=0 retries missed CASes until -T.
  "$pg_bin/pgbench" -n -M extended -c "$clients" -j 2 -T "$seconds" --max-tries=0 \
    -l --log-prefix "$tmp/$key/log" "$@" -f "$script" "$pgbench_db" >"$tmp/$key/out"
  local processed check
  processed=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$tmp/$key/out")
  check=$("$pg_bin/psql" -tA -d "$pgbench_db" -c "$check_query")
  [[ $check == "$processed $processed" ]] ||
    { echo "$key: $processed transactions but the check answers $check" >&2; exit 1; }
  names+=("pgbench $label")
  tps+=("$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$tmp/$key/out")")
  p99+=("$(log_p99 "$tmp/$key")")
  notes+=("$(awk '/^total number of retries:/ && $5 > 0 { print $5 " CAS retries" }' "$tmp/$key/out")")
}

# The table, with the ceiling: one flush of the server's wal_sync_method per commit, serial on one
# hot row.
report() { # title
  local method fsync_seconds ceiling commit_us durability
  method=$("$pg_bin/psql" -tA -d "$pgbench_db" -c "SHOW wal_sync_method")
  fsync_seconds=$((seconds < 2 ? 1 : 2))
  echo "pg_test_fsync -s $fsync_seconds ($method)" >&2
  "$pg_bin/pg_test_fsync" -s "$fsync_seconds" -f "$tmp/pg_test_fsync.data" >"$tmp/fsync.out"
  ceiling=$(awk -v m="$method" '$1 == m && $3 == "ops/sec" { print $2; exit }' "$tmp/fsync.out")
  commit_us=$(awk -v m="$method" '$1 == m && $3 == "ops/sec" { print $4; exit }' "$tmp/fsync.out")
  durability=$("$pg_bin/psql" -tA -d "$pgbench_db" -c \
    "SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')")
  printf '\n%s, %d clients, %ss each, PostgreSQL %s:%s (%s)\n' "$1" "$clients" "$seconds" "$PGHOST" "$PGPORT" \
    "$durability"
  printf '%-30s %10s %9s %15s %12s  %s\n' contender tx/s "p99 ms" "mercatod/this" "this/ceiling" notes
  for i in "${!names[@]}"; do
    awk -v n="${names[$i]}" -v t="${tps[$i]}" -v p="${p99[$i]}" -v m="${tps[0]}" -v c="$ceiling" -v note="${notes[$i]}" \
      'BEGIN { printf "%-30s %10.0f %9.2f %14.2fx %11.2fx  %s\n", n, t, p, m / t, t / c, note }'
  done
  awk -v c="$ceiling" -v u="$commit_us" -v m="$method" -v t="${tps[0]}" \
    'BEGIN { printf "%-30s %10.0f %9s %14.2fx %11.2fx  1/%s us (%s, one 8kB write)\n", "fsync ceiling", c, "-", t / c, 1, u, m }'
}
