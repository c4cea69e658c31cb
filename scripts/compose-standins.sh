#!/usr/bin/env bash
# Stand-ins for deploy/compose.yaml's service images, for a machine that reaches no image
# registry (this workplace reaches only npm and Debian): each is Debian bookworm plus the
# service's Debian package, imported under the image's name with the entry point and the
# behaviour compose.yaml relies on. Not the upstream images (Debian's versions: Redis 7.0,
# PostgreSQL 15 under the postgres:16 name, HAProxy 2.6, Prometheus 2.42); Grafana has no Debian
# package and gets none. Idempotent: an image already there is kept.
#   bash scripts/compose-standins.sh          (Podman, as root)
set -euo pipefail
cd "$(dirname "$0")/.."
engine=(podman --runtime runc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# standin IMAGE "PACKAGES" ENTRYPOINT-SCRIPT [--change …]: the script becomes /standin-entry.
# $prepare, when set, runs in the image's root before it is imported (folders its user owns).
standin() {
  local image=$1 packages=$2 entry=$3
  shift 3
  if "${engine[@]}" image exists "$image" 2>/dev/null; then
    echo "$image: there"
    return
  fi
  local root="$work/root"
  bash scripts/bookworm-root.sh "$root"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # shellcheck disable=SC2086 # the packages are words
  chroot "$root" /bin/sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends $packages >/dev/null && apt-get clean" >/dev/null
  rm -rf "$root"/var/lib/apt/lists/*
  [[ -z "${prepare:-}" ]] || chroot "$root" /bin/sh -c "$prepare"
  printf '%s\n' "$entry" >"$root/standin-entry"
  chmod 755 "$root/standin-entry"
  local name="docker.io/library/$image"
  [[ "$image" != */* ]] || name="docker.io/$image"
  tar -C "$root" -c . | "${engine[@]}" import -q --change 'ENTRYPOINT ["/standin-entry"]' "$@" - \
    "$name" >/dev/null
  echo "$image: stood in ($packages)"
  rm -rf "$root"
}

# Redis: the official image turns protected mode off (compose's internal network and its ACL
# users are its protection).
standin redis:7-bookworm "redis-server redis-tools" '#!/bin/sh
[ "$1" = redis-server ] && shift && exec redis-server --protected-mode no "$@"
exec "$@"' --change 'CMD ["redis-server"]'

# PostgreSQL: as the official image, a first start makes POSTGRES_USER's database POSTGRES_DB
# with the password of POSTGRES_PASSWORD_FILE, reachable from the network by password. Started
# as postgres (compose.yaml's `user`, no capabilities: no switch from root), or as root.
prepare='mkdir -p /var/lib/postgresql/data /run/postgresql &&
  chown postgres:postgres /var/lib/postgresql/data /run/postgresql' \
  standin postgres:16-bookworm "postgresql" '#!/bin/sh
set -e
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -n 1)
data=/var/lib/postgresql/data
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sh -c "$1"; fi; }
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$data" /run/postgresql && chown -R postgres:postgres "$data" /run/postgresql
fi
chmod 700 "$data"
if [ ! -s "$data/PG_VERSION" ]; then
  pw=$(cat "$POSTGRES_PASSWORD_FILE")
  printf "%s\n" "$pw" > /tmp/pw && chown postgres /tmp/pw
  as_postgres "$bin/initdb -D $data -U $POSTGRES_USER --pwfile=/tmp/pw --auth-host=scram-sha-256 --auth-local=trust" >/dev/null
  rm /tmp/pw
  echo "host all all all scram-sha-256" >> "$data/pg_hba.conf"
  as_postgres "$bin/pg_ctl -D $data -o \"-c listen_addresses=\" -w start" >/dev/null
  as_postgres "psql -U $POSTGRES_USER -d postgres -c \"create database $POSTGRES_DB\"" >/dev/null
  as_postgres "$bin/pg_ctl -D $data -m fast -w stop" >/dev/null
fi
as_postgres "exec $bin/postgres -D $data -c listen_addresses=*"' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

# HAProxy: the official image runs the file at /usr/local/etc/haproxy/haproxy.cfg in the
# foreground, and a command `haproxy …` (compose gives one: the stats users' file) likewise.
standin haproxy:2.6 "haproxy" '#!/bin/sh
[ "$#" -eq 0 ] && exec haproxy -W -db -f /usr/local/etc/haproxy/haproxy.cfg
[ "$1" = haproxy ] && shift && exec haproxy -W -db "$@"
exec "$@"'

# Prometheus: the official image's entry point is the server; compose gives its flags. Its
# storage is owned by nobody, as there, which it runs as (compose.yaml's `user`).
prepare='mkdir -p /prometheus && chown nobody:nogroup /prometheus' \
  standin prom/prometheus:v2.53.0 "prometheus" '#!/bin/sh
[ "$(id -u)" = 0 ] || exec /usr/bin/prometheus "$@"
exec setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/bin/prometheus "$@"'
