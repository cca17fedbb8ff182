#!/usr/bin/env bash
# Starts throwaway PostgreSQL and Redis servers on 127.0.0.1 for the integration tests, and
# prints the variables the tests read:
#
#   eval "$(scripts/test-services.sh start)"   # installs postgresql/redis-server if missing (root)
#   npm run test:services                       # the same, then runs the integration tests
#   scripts/test-services.sh stop
#
# Data lives in a temporary folder removed by `stop`; nothing touches a system-wide cluster.
set -euo pipefail

STATE_DIR="${INFINIPROXY_TEST_SERVICES_DIR:-${TMPDIR:-/tmp}/infiniproxy-test-services}"
PG_PORT="${INFINIPROXY_TEST_PG_PORT:-55432}"
REDIS_PORT="${INFINIPROXY_TEST_REDIS_PORT:-56379}"

log() { echo "test-services: $*" >&2; }

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  [ -n "$dir" ] && echo "$dir"
}

install_missing() {
  local missing=()
  [ -n "$(pg_bin)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
}

# PostgreSQL refuses to run as root: run it as the postgres account the package creates.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  install_missing
  local bin
  bin="$(pg_bin)"
  mkdir -p "$STATE_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$STATE_DIR"; fi
  if ! as_pg "$bin/pg_ctl" -D "$STATE_DIR/pg" status >/dev/null 2>&1; then
    rm -rf "$STATE_DIR/pg"
    as_pg "$bin/initdb" -D "$STATE_DIR/pg" -U postgres --auth=trust -E UTF8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$STATE_DIR/pg" -l "$STATE_DIR/pg.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $STATE_DIR -c fsync=off -c max_connections=200" start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres infiniproxy_test
  fi
  if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
      --daemonize yes --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log" --dir "$STATE_DIR" >&2
    for _ in $(seq 1 50); do
      redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
  fi
  log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT"
  echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/infiniproxy_test"
  echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
}

stop() {
  local bin
  bin="$(pg_bin || true)"
  if [ -n "$bin" ] && [ -d "$STATE_DIR/pg" ]; then
    as_pg "$bin/pg_ctl" -D "$STATE_DIR/pg" -m fast stop >/dev/null 2>&1 || true
  fi
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$STATE_DIR"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) log "usage: $0 start|stop"; exit 2 ;;
esac
