#!/usr/bin/env bash
# Starts and stops the real services the tests use: PostgreSQL, Redis, Kafka (KRaft) and
# stripe-mock, each on loopback with a private data dir and a port of its own. Idempotent: a running
# service is kept.
#
#   scripts/services.sh start [postgres] [redis] [kafka] [stripe]   (default: all four)
#   scripts/services.sh stop                                        (stops what this script started)
#   scripts/services.sh stop postgres|redis|kafka|stripe ...        (stops those, keeping data and port)
#     PostgreSQL stops with pg_ctl -m fast (clients cut off, a checkpoint); with
#     MERCATO_POSTGRES_STOP_MODE=immediate it stops as a crash would (-m immediate: no checkpoint,
#     recovery from the WAL at the next start). Pair it with MERCATO_POSTGRES_DURABLE=1: without
#     it a commit is acknowledged before its WAL is written, and such a stop loses it.
#   scripts/services.sh env                                (prints the variables tests read)
#
# Fault tests stop one service and start it again: a service stopped by name comes back on the
# same port with the data it had (Kafka keeps its log, Redis reloads its append-only file). A
# full `stop` forgets the ports, and the next start gives Kafka an empty log.
#
# A service whose variable is already set in the environment (MERCATO_TEST_POSTGRES,
# MERCATO_TEST_REDIS, MERCATO_TEST_KAFKA, MERCATO_TEST_STRIPE) to an address other than the one this script recorded is taken
# as external and neither started nor stopped.
# State lives in $MERCATO_SERVICES_DIR (default: build/services); $dir/env.sh holds the addresses.
# PostgreSQL trades durability for speed unless MERCATO_POSTGRES_DURABLE=1 (benchmarks: commits
# then wait for the disk, as in production).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${MERCATO_SERVICES_DIR:-$repo/build/services}
kafka_libs=${MERCATO_KAFKA_LIBS:-$repo/build/kafka-libs}
tools=${MERCATO_TOOLS_DIR:-$repo/build/tools}
stripe_mock_version=v0.203.0
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

log() { printf 'services: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first port from $1 upwards that nothing listens on, so that we never clash.
free_port() {
  local port=$1
  while port_busy "$port"; do port=$((port + 1)); done
  echo "$port"
}

# Running and not a zombie (a daemon's zombie lingers where nothing reaps orphans, as in containers).
running() { [[ -r /proc/$1/stat ]] && [[ $(awk '{print $3}' "/proc/$1/stat") != Z ]]; }
alive() { [[ -f $1 ]] && running "$(head -n 1 "$1")"; }

wait_until() {
  local what=$1 seconds=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$what did not come up within ${seconds}s (logs in $dir)"
    sleep 0.2
  done
}

# PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
as_postgres() {
  if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi
}

# A checkout may sit under a private directory (mktemp -d makes them 0700): give the postgres user
# the right to pass through (search only, not to list) each parent it cannot enter.
allow_postgres_through() {
  local path=$1
  while path=$(dirname "$path") && [[ $path != / ]]; do
    as_postgres test -x "$path" || { chmod o+x "$path" && log "postgres: allowed through $path"; }
  done
}

# The port a service stopped by name had (from env.sh), else the first free one from $2 upwards.
service_port() { # variable default_port
  local saved
  saved=$( [[ -f $dir/env.sh ]] && sed -n "s/^export $1=.*:\([0-9]*\)[^0-9]*$/\1/p" "$dir/env.sh")
  if [[ -n $saved ]] && ! port_busy "$saved"; then echo "$saved"; else free_port "$2"; fi
}

# A service is external when its variable is set to an address this script did not record: the
# variable sourced from our own env.sh (then `stop redis`, `start redis`) names our service.
external() { # variable
  local value=${!1:-}
  [[ -n $value ]] && ! grep -qxF "export $1=$(printf '%q' "$value")" "$dir/env.sh" 2>/dev/null
}

save_env() { # name value
  touch "$dir/env.sh"
  sed -i "/^export $1=/d" "$dir/env.sh"
  printf 'export %s=%q\n' "$1" "$2" >>"$dir/env.sh"
}

start_postgres() {
  external MERCATO_TEST_POSTGRES && { log "postgres: external ($MERCATO_TEST_POSTGRES)"; return; }
  local root=$dir/postgres port
  local data=$root/data
  if alive "$data/postmaster.pid"; then log "postgres: already running"; return; fi
  [[ -n $pg_bin ]] || die "PostgreSQL is not installed (run scripts/install-deps.sh)"
  mkdir -p "$data" "$root/socket"
  if ((EUID == 0)); then
    chown -R postgres:postgres "$root"
    allow_postgres_through "$root"
  fi
  as_postgres test -w "$data" || die "the postgres user cannot write $data; set MERCATO_SERVICES_DIR"
  if [[ ! -f $data/PG_VERSION ]]; then
    as_postgres "$pg_bin/initdb" -D "$data" -U mercato --auth=trust -E UTF8 --no-locale >"$dir/postgres-initdb.log"
  fi
  port=$(service_port MERCATO_TEST_POSTGRES 55432)
  # Test instance: durability traded for speed unless asked for; never keep real data in it.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [[ ${MERCATO_POSTGRES_DURABLE:-0} == 1 ]] && durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
  as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$root/postgres.log" -w -t 60 start \
    -o "-p $port -k $root/socket -c listen_addresses=127.0.0.1 $durability -c max_connections=200" >/dev/null
  "$pg_bin/psql" -h 127.0.0.1 -p "$port" -U mercato -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'mercato'" | grep -q 1 ||
    "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U mercato mercato
  save_env MERCATO_TEST_POSTGRES "postgresql://mercato@127.0.0.1:$port/mercato"
  log "postgres: up on 127.0.0.1:$port"
}

start_redis() {
  external MERCATO_TEST_REDIS && { log "redis: external ($MERCATO_TEST_REDIS)"; return; }
  if alive "$dir/redis.pid"; then log "redis: already running"; return; fi
  command -v redis-server >/dev/null || die "redis-server is not installed (run scripts/install-deps.sh)"
  local port
  port=$(service_port MERCATO_TEST_REDIS 56379)
  # Append-only, fsynced every second: a Redis stopped by name comes back with its data, as a
  # production Redis with persistence does.
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly yes --appendfsync everysec --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
  wait_until redis 20 redis-cli -p "$port" ping
  save_env MERCATO_TEST_REDIS "127.0.0.1:$port"
  log "redis: up on 127.0.0.1:$port"
}

fetch_kafka_jars() {
  [[ -f $kafka_libs/.complete ]] && return
  command -v mvn >/dev/null || die "maven is not installed (run scripts/install-deps.sh)"
  log "kafka: resolving broker jars with Maven into $kafka_libs"
  mvn -q -B -f "$repo/scripts/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$kafka_libs"
  touch "$kafka_libs/.complete"
}

kafka_ready() { grep -q "Kafka Server started" "$dir/kafka.log"; }
# A broker that exits while starting (its port taken meanwhile by another start) fails the start at once.
kafka_ready_or_gone() { kafka_ready || ! alive "$dir/kafka.pid"; }

start_kafka() {
  external MERCATO_TEST_KAFKA && { log "kafka: external ($MERCATO_TEST_KAFKA)"; return; }
  if alive "$dir/kafka.pid"; then log "kafka: already running"; return; fi
  fetch_kafka_jars
  local port controller_port data=$dir/kafka-data
  local resuming=0
  [[ -f $dir/env.sh ]] && grep -q "^export MERCATO_TEST_KAFKA=" "$dir/env.sh" && [[ -d $data ]] && resuming=1
  port=$(service_port MERCATO_TEST_KAFKA 59092)
  controller_port=$(free_port $((port + 1)))
  cat >"$dir/kafka.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
  cat >"$dir/kafka-log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=WARN
EOF
  local java=(java -Xms256m -Xmx512m -XX:+UseSerialGC -Dlog4j.configuration="file:$dir/kafka-log4j.properties"
    -cp "$kafka_libs/*")
  # A fresh log dir each start: tests want an empty broker, and the cluster id must match it.
  if ((!resuming)); then
    rm -rf "$data"
    # "--cluster-id=": a random id may begin with "-", which the separate-argument form reads as an option.
    "${java[@]}" kafka.tools.StorageTool format --cluster-id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)" \
      -c "$dir/kafka.properties" >"$dir/kafka-format.log" 2>&1 || die "kafka storage format failed (see $dir/kafka-format.log)"
  fi
  : >"$dir/kafka.log"
  nohup "${java[@]}" kafka.Kafka "$dir/kafka.properties" >>"$dir/kafka.log" 2>&1 &
  echo $! >"$dir/kafka.pid"
  wait_until kafka 90 kafka_ready_or_gone
  kafka_ready || die "kafka exited while starting: $(tail -n 5 "$dir/kafka.log")"
  save_env MERCATO_TEST_KAFKA "127.0.0.1:$port"
  log "kafka: up on 127.0.0.1:$port"
}

# stripe-mock answers every call with fixed fixtures; ours are its bundled ones with the
# PaymentIntent confirmed for manual capture (status requires_capture), as Stripe answers a card
# that authorizes, so the payment suite can run its flows against it.
stripe_ready_or_gone() { port_busy "$1" || ! alive "$dir/stripe-mock.pid"; }

start_stripe() {
  external MERCATO_TEST_STRIPE && { log "stripe: external ($MERCATO_TEST_STRIPE)"; return; }
  if alive "$dir/stripe-mock.pid"; then log "stripe: already running"; return; fi
  if [[ ! -x $tools/stripe-mock ]]; then
    command -v go >/dev/null || die "go (1.21 or newer) is needed to build stripe-mock"
    log "stripe: building stripe-mock $stripe_mock_version into $tools"
    GOBIN=$tools go install "github.com/stripe/stripe-mock@$stripe_mock_version"
  fi
  local bundled
  bundled="$(go env GOMODCACHE)/github.com/stripe/stripe-mock@$stripe_mock_version/embedded/openapi/fixtures3.json"
  [[ -f $bundled ]] || go mod download "github.com/stripe/stripe-mock@$stripe_mock_version"
  python3 - "$bundled" "$dir/stripe-fixtures.json" <<'PY'
import json, sys
fixtures = json.load(open(sys.argv[1]))
intent = fixtures["resources"]["payment_intent"]
intent.update(status="requires_capture", capture_method="manual", amount_capturable=intent["amount"])
json.dump(fixtures, open(sys.argv[2], "w"))
PY
  local port
  port=$(service_port MERCATO_TEST_STRIPE 12111)
  # It also serves HTTPS unless told where: on loopback, on any free port, unused.
  nohup "$tools/stripe-mock" -http-addr "127.0.0.1:$port" -https-addr "127.0.0.1:" \
    -fixtures "$dir/stripe-fixtures.json" >"$dir/stripe-mock.log" 2>&1 &
  echo $! >"$dir/stripe-mock.pid"
  wait_until stripe 30 stripe_ready_or_gone "$port"
  port_busy "$port" || die "stripe-mock exited while starting: $(tail -n 3 "$dir/stripe-mock.log")"
  save_env MERCATO_TEST_STRIPE "http://127.0.0.1:$port"
  log "stripe: stripe-mock up on 127.0.0.1:$port"
}

stop_pid_file() { # name pidfile seconds
  local name=$1 file=$2 seconds=$3 pid
  alive "$file" || { rm -f "$file"; return; }
  pid=$(head -n 1 "$file")
  kill "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + seconds))
  while running "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
  log "$name: stopped"
}

stop_postgres() {
  if alive "$dir/postgres/data/postmaster.pid"; then
    local mode=${MERCATO_POSTGRES_STOP_MODE:-fast}
    [[ $mode == fast || $mode == immediate ]] || die "MERCATO_POSTGRES_STOP_MODE must be fast or immediate, not '$mode'"
    as_postgres "$pg_bin/pg_ctl" -D "$dir/postgres/data" -m "$mode" -w -t 30 stop >/dev/null || true
    log "postgres: stopped ($mode)"
  fi
}
stop_redis() { stop_pid_file redis "$dir/redis.pid" 10; }
stop_kafka() { stop_pid_file kafka "$dir/kafka.pid" 20; }
stop_stripe() { stop_pid_file stripe "$dir/stripe-mock.pid" 10; }

stop_all() {
  stop_postgres
  stop_redis
  stop_kafka
  stop_stripe
  rm -f "$dir/env.sh" "$dir"/appendonly.aof* && rm -rf "$dir/appendonlydir"
}

command=${1:-}
shift || true
case $command in
  start)
    (($#)) || set -- postgres redis kafka stripe
    for service in "$@"; do
      case $service in
        postgres | redis | kafka | stripe) "start_$service" ;;
        *) die "unknown service '$service' (postgres, redis, kafka, stripe)" ;;
      esac
    done
    ;;
  stop)
    (($#)) || { stop_all; exit 0; }
    for service in "$@"; do
      case $service in
        postgres | redis | kafka | stripe) "stop_$service" ;;
        *) die "unknown service '$service' (postgres, redis, kafka, stripe)" ;;
      esac
    done
    ;;
  env) [[ -f $dir/env.sh ]] || die "no service started in $dir"; cat "$dir/env.sh" ;;
  *) die "usage: $0 start [postgres] [redis] [kafka] [stripe] | stop [postgres] [redis] [kafka] [stripe] | env" ;;
esac
