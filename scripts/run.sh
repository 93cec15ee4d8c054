#!/usr/bin/env bash
# The main job from a fresh Debian machine: installs what is needed, builds, starts mercatod on its
# embedded default (SQLite under build/mercato-data, demo catalog and delivery zones seeded on first
# run) and runs the storefront journey against it: browsing the catalog, then finding the delivery
# slots for an address and booking one (as the checkout service, with a token made for this run),
# a shopper's checkout, and the shop taking that order to delivered (as its service account). The
# server then keeps serving on 127.0.0.1:50051 until Ctrl-C;
# with MERCATO_RUN_ONCE=1 it stops after the example instead (the test suite runs it that way).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
bash scripts/install-deps.sh
bash scripts/build.sh

listen=${MERCATO_LISTEN:-127.0.0.1:50051}
run_dir=build/run
mkdir -p "$run_dir"
export MERCATO_SERVICE_TOKEN=${MERCATO_SERVICE_TOKEN:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}
# For the examples run by hand against this server (README): readable by this user only.
(umask 077 && printf '%s\n' "$MERCATO_SERVICE_TOKEN" >"$run_dir/service-token")
build/cmake/server/app/mercatod --listen "$listen" --data-dir build/mercato-data "$@" >"$run_dir/mercatod.out" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

port=""
for _ in $(seq 1 600); do
  port=$(sed -n 's/^mercatod listening on port \([0-9]*\)$/\1/p' "$run_dir/mercatod.out")
  [[ -n $port ]] && break
  kill -0 "$server" 2>/dev/null || { echo "mercatod exited; see its log above" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "mercatod did not start within 60 s" >&2; exit 1; }

build/cmake/examples/cpp/browse_catalog "127.0.0.1:$port"
echo
build/cmake/examples/cpp/book_delivery_slot "127.0.0.1:$port"
echo
build/cmake/examples/cpp/place_order "127.0.0.1:$port" | tee "$run_dir/place_order.out"
echo
order_id=$(sed -n 's/^order id \([^ ]*\) .*$/\1/p' "$run_dir/place_order.out")
build/cmake/examples/cpp/fulfil_order "127.0.0.1:$port" "$order_id"

if [[ ${MERCATO_RUN_ONCE:-0} == 1 ]]; then exit 0; fi
echo
echo "mercatod keeps serving on 127.0.0.1:$port (embedded: build/mercato-data); Ctrl-C stops it."
echo "This run's service token (MERCATO_SERVICE_TOKEN for the examples) is in $run_dir/service-token."
wait "$server"
