#!/usr/bin/env bash
# Checkouts side by side on one PostgreSQL: mercatod's PlaceOrder over gRPC end to end (each client
# a customer of its own putting one unit of one hot SKU in their cart, untimed, then checking out
# into one hot slot, paid on the built-in test provider), and pgbench running the same SQL
# statements (checkout.sql) on a database mercatod migrated and set up the same way, with
# pg_test_fsync's commit ceiling (bench/hot_row.sh). One "transaction" in the table is one
# checkout with its cart line.
#
#   bash bench/orders/run.sh [seconds per contender=10]   (MERCATO_BENCH_CLIENTS, default 16)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
seconds=${1:-10}
clients=${MERCATO_BENCH_CLIENTS:-16}
name=orders
cmake --build "$here/../../build/cmake" --target place_order_bench mercatod >&2
# shellcheck source=bench/hot_row.sh
source "$here/../hot_row.sh"

run_mercatod "mercatod PlaceOrder" place_order_bench
# pgbench's database: mercatod's schema, and its shop, customers and carts, set up by one second
# of the same load; the values and documents of mercatod's statements are taken from what that
# second wrote.
start_mercatod "$pgbench_db"
MERCATO_SERVICE_TOKEN=$token "$build/bench/cpp/place_order_bench" "127.0.0.1:$mercatod_port" "$clients" 1 >/dev/null
stop_mercatod
sample() { "$pg_bin/psql" -tA -d "$pgbench_db" -c "$1"; }
defines=(
  -D "sku=$(sample "SELECT sku FROM catalog.variants LIMIT 1")"
  -D "location=$(sample "SELECT location_id FROM inventory.stock_items LIMIT 1")"
  -D "slot=$(sample "SELECT id FROM delivery.slots LIMIT 1")"
  -D "zone=$(sample "SELECT zone_id FROM delivery.slots LIMIT 1")"
  -D "cart_doc=$(sample "SELECT document FROM orders.carts WHERE version > 1 LIMIT 1")"
  -D "cart_response=$(sample "SELECT response FROM mercato.idempotency_keys WHERE operation LIKE 'orders.AddCartLine@%' LIMIT 1")"
  -D "authorize_response=$(sample "SELECT response FROM mercato.idempotency_keys WHERE operation = 'payments.AuthorizePayment@system:checkout' LIMIT 1")"
  -D "reservation_lines=$(sample "SELECT lines FROM inventory.reservations LIMIT 1")"
  -D "order_doc=$(sample "SELECT document FROM orders.orders WHERE placement = 2 LIMIT 1")"
  -D "payment_doc=$(sample "SELECT document FROM payments.payments LIMIT 1")"
  -D "transaction_doc=$(sample "SELECT document FROM payments.transactions LIMIT 1")"
  -D "envelope=$(sample "SELECT envelope FROM mercato.outbox WHERE event_type = 'payment.authorized' LIMIT 1")"
  -D "authorize_operation=payments.AuthorizePayment@system:checkout"
  -D "envelope_proto=$(sample "SELECT envelope_proto FROM mercato.outbox WHERE event_type = 'payment.authorized' LIMIT 1")"
)
# Every processed transaction must be one order placed with its authorized payment.
run_pgbench "same SQL statements" - "$here/checkout.sql" \
  "SELECT (SELECT count(*) FROM orders.orders WHERE id LIKE 'pgbench-%' AND placement = 2) || ' ' ||
          (SELECT count(*) FROM payments.payments WHERE id LIKE 'pgbench-%' AND status = 1)" "${defines[@]}"
report "Checkout (cart line + PlaceOrder)"
