#!/usr/bin/env bash
# Payments side by side on one PostgreSQL: mercatod's AuthorizePayment + CapturePayment over gRPC
# on the built-in test provider (a new order per call), and pgbench running the same ledger SQL
# (ledger.sql: the four transactions mercatod commits for it), with pg_test_fsync's commit ceiling
# (bench/hot_row.sh). One "transaction" in the table is one authorize + capture.
#
#   bash bench/payments/run.sh [seconds per contender=10]   (MERCATO_BENCH_CLIENTS, default 16)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
seconds=${1:-10}
clients=${MERCATO_BENCH_CLIENTS:-16}
name=payments
cmake --build "$here/../../build/cmake" --target payment_bench mercatod >&2
# shellcheck source=bench/hot_row.sh
source "$here/../hot_row.sh"

run_mercatod "mercatod authorize+capture" payment_bench
# Every processed transaction must be one captured payment with its two settled ledger rows.
run_pgbench "same ledger SQL" "$here/schema.sql" "$here/ledger.sql" \
  "SELECT (SELECT count(*) FROM payments.payments WHERE status = 3) || ' ' ||
          (SELECT count(*) / 2 FROM payments.transactions WHERE status = 2)"
report "Authorize + capture of a new payment"
