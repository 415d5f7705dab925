#!/usr/bin/env bash
# Install and start the services that the service-backed test suites and the production
# configuration use: PostgreSQL 15 with PostGIS and Redis, from Debian's packages, bound to
# 127.0.0.1. Safe to re-run: installed packages are kept, a running server is left running.
#
#   scripts/services.sh          install if missing, then start
#   scripts/services.sh stop     stop what this script started
#
# Settings (environment): OHIP_SERVICES_DIR (data and logs, default /var/lib/ohip-forward),
# OHIP_PG_PORT (default 5432), OHIP_REDIS_PORT (default 6379).
set -euo pipefail

services_dir=${OHIP_SERVICES_DIR:-/var/lib/ohip-forward}
pg_port=${OHIP_PG_PORT:-5432}
redis_port=${OHIP_REDIS_PORT:-6379}
pg_bin=/usr/lib/postgresql/15/bin
pg_data=$services_dir/postgres
redis_data=$services_dir/redis

log() { printf '[services] %s\n' "$*"; }

install_packages() {
  local missing=()
  dpkg -s postgresql-15 >/dev/null 2>&1 || missing+=(postgresql-15)
  dpkg -s postgresql-contrib >/dev/null 2>&1 || missing+=(postgresql-contrib)
  dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1 || missing+=(postgresql-15-postgis-3)
  dpkg -s redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ ${#missing[@]} -eq 0 ]; then
    return
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d keeps the packages' own init scripts from starting a second server on our ports.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

start_postgres() {
  mkdir -p "$services_dir"
  if [ ! -s "$pg_data/PG_VERSION" ]; then
    log "creating the PostgreSQL cluster in $pg_data"
    mkdir -p "$pg_data"
    chown -R postgres:postgres "$pg_data"
    runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$pg_data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_data'
max_connections = 300
shared_buffers = 512MB
CONF
  fi

  if runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" status >/dev/null 2>&1; then
    log "PostgreSQL already running on 127.0.0.1:$pg_port"
  else
    log "starting PostgreSQL on 127.0.0.1:$pg_port"
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 start >/dev/null
  fi

  # The application role and database; the test suites create their own databases from it.
  runuser -u postgres -- psql -h "$pg_data" -p "$pg_port" -U postgres -qtAc \
    "select 1 from pg_roles where rolname = 'ohip'" | grep -q 1 ||
    runuser -u postgres -- psql -h "$pg_data" -p "$pg_port" -U postgres -qc \
      "create role ohip login createdb password 'ohip'"
  runuser -u postgres -- psql -h "$pg_data" -p "$pg_port" -U postgres -qtAc \
    "select 1 from pg_database where datname = 'ohip'" | grep -q 1 ||
    runuser -u postgres -- psql -h "$pg_data" -p "$pg_port" -U postgres -qc \
      "create database ohip owner ohip"
  runuser -u postgres -- psql -h "$pg_data" -p "$pg_port" -U postgres -d template1 -qc \
    "create extension if not exists postgis; create extension if not exists cube; create extension if not exists earthdistance;" >/dev/null
  runuser -u postgres -- psql -h "$pg_data" -p "$pg_port" -U postgres -d ohip -qc \
    "create extension if not exists postgis; create extension if not exists cube; create extension if not exists earthdistance;" >/dev/null
}

start_redis() {
  mkdir -p "$redis_data"
  if redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; then
    log "Redis already running on 127.0.0.1:$redis_port"
    return
  fi
  log "starting Redis on 127.0.0.1:$redis_port"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$redis_data" --appendonly yes \
    --daemonize yes --logfile "$redis_data/redis.log" --pidfile "$redis_data/redis.pid"
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && return
    sleep 0.1
  done
  log "Redis did not answer on 127.0.0.1:$redis_port; see $redis_data/redis.log"
  exit 1
}

stop_all() {
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  log "stopped"
}

case "${1:-start}" in
  start)
    install_packages
    start_postgres
    start_redis
    log "DATABASE_URL=postgres://ohip:ohip@127.0.0.1:$pg_port/ohip"
    log "REDIS_URL=redis://127.0.0.1:$redis_port"
    # Kafka and OpenSearch run on Java and have scripts of their own.
    for engine in kafka opensearch; do
      if [ -f "$(dirname "$0")/$engine.sh" ]; then bash "$(dirname "$0")/$engine.sh" start; fi
    done
    ;;
  stop)
    for engine in kafka opensearch; do
      if [ -f "$(dirname "$0")/$engine.sh" ]; then bash "$(dirname "$0")/$engine.sh" stop || true; fi
    done
    stop_all
    ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
