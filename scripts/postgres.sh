#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, idempotent:
#   scripts/postgres.sh start    → prints DATABASE_URL=postgres://… as the last line of stdout
#   scripts/postgres.sh status   → prints the URL again (exit 1 when no cluster is running)
#   scripts/postgres.sh stop     → stops the cluster and deletes its files
#   scripts/postgres.sh available → prints the server binaries' folder (exit 1 when not installed)
#
# The cluster lives in a fresh temp dir, listens on a free loopback port with trust auth, and runs
# with fsync off (its data is disposable; the speed-up makes startup and tests fast). Installs the
# Debian `postgresql` package when no server binaries are found (as root or with passwordless sudo;
# otherwise prints the command). PostgreSQL refuses to run as root, so as root the cluster runs as
# the `postgres` system user; as a normal user it runs as that user.
#
# Environment:
#   PARLEY_PG_STATE   state file shared by start/stop/status
#                     (default: ${TMPDIR:-/tmp}/parley-postgres-<uid>.state). Give each concurrent
#                     test run its own, or one run's `stop` ends the other's cluster.
#   PG_BINDIR         folder holding pg_ctl/initdb, when not in a standard place.
# Progress and errors go to stderr; stdout carries only the URL.
set -euo pipefail

state_file=${PARLEY_PG_STATE:-${TMPDIR:-/tmp}/parley-postgres-$(id -u).state}
db_user=parley
db_name=parley

say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }

find_bindir() {
  local d
  if [[ -n "${PG_BINDIR:-}" && -x "$PG_BINDIR/pg_ctl" ]]; then echo "$PG_BINDIR"; return 0; fi
  # Debian keeps the server binaries out of PATH, one folder per major version: take the newest.
  d=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null \
    | sort -V | tail -n 1)
  if [[ -n "$d" && -x "$d/pg_ctl" && -x "$d/initdb" ]]; then echo "$d"; return 0; fi
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  if command -v pg_config >/dev/null; then
    d=$(pg_config --bindir)
    if [[ -x "$d/pg_ctl" && -x "$d/initdb" ]]; then echo "$d"; return 0; fi
  fi
  return 1
}

install_postgres() {
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      die "PostgreSQL is not installed. Install it with:" \
        " sudo apt-get update && sudo apt-get install -y postgresql"
    fi
  fi
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is not available."
  say "installing the Debian postgresql package…"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends postgresql >&2
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [[ $(id -u) -ne 0 ]]; then
    "$@"
  elif command -v runuser >/dev/null; then
    runuser -u postgres -- "$@"
  else
    su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
  fi
}

free_port() {
  node -e "const s = require('node:net').createServer();
    s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });" 2>/dev/null \
    || echo $((20000 + RANDOM % 40000))
}

# The state file is parsed, never sourced: it sits in a shared temp dir.
read_state() {
  dir='' port='' url='' bindir=''
  [[ -f "$state_file" ]] || return 1
  local key value
  while IFS='=' read -r key value; do
    case "$key" in
      DIR) dir=$value ;;
      PORT) port=$value ;;
      DATABASE_URL) url=$value ;;
      BINDIR) bindir=$value ;;
    esac
  done <"$state_file"
  [[ -n "$dir" && -n "$url" && -n "$bindir" ]]
}

running() {
  [[ -d "$dir/data" ]] && (cd "$dir" && as_owner "$bindir/pg_ctl" status -D "$dir/data" >/dev/null 2>&1)
}

remove_cluster() {
  # Only ever delete a folder this script made.
  if [[ "$(basename "$dir")" == parley-pg.* && -d "$dir" ]]; then
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      (cd "$dir" && as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m immediate -w >/dev/null 2>&1) \
        || true
    fi
    rm -rf "$dir"
  fi
  rm -f "$state_file"
}

start() {
  if read_state; then
    if running; then
      say "already running in $dir"
      echo "DATABASE_URL=$url"
      return 0
    fi
    say "removing a stale cluster in $dir"
    remove_cluster
  fi

  bindir=$(find_bindir) || { install_postgres; bindir=$(find_bindir) || die "no pg_ctl after install"; }
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root needs the 'postgres' system user (the Debian package creates it)"
  fi

  local base=${TMPDIR:-/tmp}
  dir=$(mktemp -d "$base/parley-pg.XXXXXX")
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    # The owner must be able to reach the folder; a private $TMPDIR (e.g. /root/tmp) is not.
    if ! as_owner test -w "$dir"; then
      rm -rf "$dir"
      dir=$(mktemp -d /tmp/parley-pg.XXXXXX)
      chown postgres: "$dir"
    fi
  fi

  if ! (cd "$dir" && as_owner "$bindir/initdb" -D "$dir/data" -U "$db_user" -A trust -E UTF8 \
    --locale=C --no-sync >"$dir/initdb.log" 2>&1); then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    die "initdb failed"
  fi

  local attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # The port was free a moment ago; another process may take it first, so retry on failure.
    if (cd "$dir" && as_owner "$bindir/pg_ctl" start -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null 2>&1); then
      break
    fi
    if [[ $attempt -eq 5 ]]; then
      cat "$dir/server.log" >&2 || true
      rm -rf "$dir"
      die "could not start PostgreSQL"
    fi
  done

  "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$db_user" "$db_name" >&2
  url="postgres://$db_user@127.0.0.1:$port/$db_name"
  printf 'DIR=%s\nPORT=%s\nDATABASE_URL=%s\nBINDIR=%s\n' "$dir" "$port" "$url" "$bindir" \
    >"$state_file"
  say "started in $dir (port $port)"
  echo "DATABASE_URL=$url"
}

stop() {
  if ! read_state; then
    say "no cluster to stop"
    rm -f "$state_file"
    return 0
  fi
  remove_cluster
  say "stopped and removed $dir"
}

status() {
  if read_state && running; then
    echo "DATABASE_URL=$url"
  else
    say "not running"
    return 1
  fi
}

case "${1:-}" in
  available) find_bindir || { say "PostgreSQL server binaries not found"; exit 1; } ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start|stop|status|available" ;;
esac
