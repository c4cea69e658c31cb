#!/usr/bin/env bash
# Starts deploy/compose.yaml and checks what it serves: the web app and a spoken two-turn
# conversation through HAProxy, both relays ready, Prometheus scraping both with our alert
# rules; then a relay stopped and the next conversation answered by the other; then down -v.
#
#   bash scripts/check-stack.sh        (or: pnpm check:stack)
#
# Uses Docker when a Docker engine answers, else Podman (Debian's, with netavark and
# aardvark-dns so services find each other by name) through Debian's docker-compose on Podman's
# Docker-compatible socket. Where no image registry is reachable (this workplace reaches only npm
# and Debian), the services' images are stood in for by scripts/compose-standins.sh (Debian
# bookworm's packages under the images' names) and Grafana, which Debian does not package, is
# left out; the relay's image is the repository's Dockerfile, built as check-image.sh builds it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
project="parley-check-$$"
port=${CHECK_STACK_PORT:-18080}

log() { printf '\n== %s\n' "$*"; }
fail() {
  printf '\ncheck-stack: FAILED: %s\n' "$*" >&2
  exit 1
}

services=(relay-1 relay-2 haproxy redis postgres prometheus grafana)
if command -v docker >/dev/null && docker info >/dev/null 2>&1 && [[ -z "${CHECK_STACK_PODMAN:-}" ]]; then
  compose=(docker-compose)
  engine=(docker)
else
  [[ $(id -u) -eq 0 ]] || fail "no Docker engine; Podman's socket needs root here"
  for p in podman runc netavark aardvark-dns docker-compose debootstrap; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null
  done
  printf '[containers]\ndefault_ulimits = []\n[network]\nnetwork_backend = "netavark"\n' \
    >"$work/containers.conf"
  export CONTAINERS_CONF="$work/containers.conf"
  socket="$work/podman.sock"
  podman --runtime runc system service --time=0 "unix://$socket" >"$work/podman.log" 2>&1 &
  podman_pid=$!
  for _ in $(seq 50); do [[ -S "$socket" ]] && break; sleep 0.1; done
  export DOCKER_HOST="unix://$socket"
  compose=(docker-compose)
  engine=(podman --runtime runc)
fi

cleanup() {
  (cd "$work/src/deploy" 2>/dev/null && "${compose[@]}" -p "$project" -f compose.yaml down -v \
    >/dev/null 2>&1) || true
  [[ -z "${health_pid:-}" ]] || kill "$health_pid" 2>/dev/null || true
  [[ -z "${podman_pid:-}" ]] || kill "$podman_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

have() {
  "${engine[@]}" image exists "$1" 2>/dev/null || timeout 60 "${engine[@]}" pull -q "$1" >/dev/null 2>&1
}
if ! have redis:7-bookworm; then
  log "no registry: standing in the services' images from Debian bookworm"
  bash scripts/compose-standins.sh
fi
if ! have grafana/grafana-oss:11.1.0; then
  echo "(no Grafana image and no Debian package for one: the stack starts without it)"
  services=(relay-1 relay-2 haproxy redis postgres prometheus)
fi

log "a clean copy of HEAD, its secrets written as docs/deploying.md says"
git clone -q "$root" "$work/src"
cd "$work/src/deploy"
mkdir -p secrets && chmod 700 secrets
for f in postgres-password metrics-token grafana-admin-password redis-password haproxy-stats-password; do
  openssl rand -hex 24 >secrets/$f
done
grep -v '^#' compose/redis-users.acl.template |
  REDIS_PASSWORD_SHA256=$(tr -d '\n' <secrets/redis-password | sha256sum | cut -d' ' -f1) \
    envsubst '${REDIS_PASSWORD_SHA256}' >secrets/redis-users.acl
STATS_PASSWORD_HASH=$(openssl passwd -5 -stdin <secrets/haproxy-stats-password) \
  envsubst '${STATS_PASSWORD_HASH}' <haproxy-stats-users.cfg.template >secrets/haproxy-stats-users.cfg
jwt_secret=$(openssl rand -base64 48 | tr -d '\n')
printf '{"JWT_SECRET":"%s","SETTINGS_KEY":"%s","METRICS_TOKEN":"%s","DATABASE_URL":"postgres://parley:%s@postgres:5432/parley","REDIS_URL":"redis://parley:%s@redis:6379"}\n' \
  "$jwt_secret" "$(openssl rand -base64 32)" "$(cat secrets/metrics-token)" \
  "$(cat secrets/postgres-password)" "$(cat secrets/redis-password)" >secrets/relay-config.json
chmod 644 secrets/*

log "building the relay's image"
if ! "${engine[@]}" image exists parley-relay:latest 2>/dev/null || [[ -n "${CHECK_STACK_REBUILD:-}" ]]; then
  IMAGE=parley-relay:latest CHECK_IMAGE_BUILD_ONLY=1 bash "$root/scripts/check-image.sh" >"$work/image.log" 2>&1 ||
    fail "the relay's image: $(tail -20 "$work/image.log")"
fi

log "up: ${services[*]}"
start=$(date +%s)
# Podman runs health checks from systemd timers; without systemd (a container, CI) nothing runs
# them and compose would wait for "healthy" forever: run each container's check every 2 s here.
if [[ ${engine[0]} == podman ]]; then
  (while sleep 2; do
    for c in $("${engine[@]}" ps -q --filter "label=com.docker.compose.project=$project"); do
      "${engine[@]}" healthcheck run "$c" >/dev/null 2>&1 || true
    done
  done) &
  health_pid=$!
fi
PARLEY_PORT=$port PARLEY_ORIGIN=https://chat.example.com \
  "${compose[@]}" -p "$project" -f compose.yaml up -d --no-build "${services[@]}" >"$work/up.log" 2>&1 ||
  fail "compose up: $(tail -30 "$work/up.log")"
ready() {
  curl -fsS "http://127.0.0.1:$port/ready" >/dev/null 2>&1
}
for _ in $(seq 240); do ready && break; sleep 0.5; done
ready || fail "HAProxy's /ready never answered: $("${compose[@]}" -p "$project" -f compose.yaml logs --tail 20 2>&1)"
echo "ready through HAProxy after $(($(date +%s) - start)) s"
"${compose[@]}" -p "$project" -f compose.yaml ps

curl -fsS -H 'Host: chat.example.com' "http://127.0.0.1:$port/" | grep -q '<div id="root">' ||
  fail "the web app is not served through HAProxy"
echo "web app: served through HAProxy"

token=$(cd "$root" && node --import tsx -e '
  import("./bench/lib/jwt.ts").then(({ signHs256 }) =>
    process.stdout.write(signHs256("stack-check", process.argv[1])));' "$jwt_secret")
talk() {
  PARLEY_TOKEN=$token bash "$root/scripts/two-turns.sh" "ws://127.0.0.1:$port/ws" ||
    fail "the spoken conversation through HAProxy"
}
log "a spoken conversation through HAProxy"
talk
stored=$("${compose[@]}" -p "$project" -f compose.yaml exec -T postgres \
  psql -U parley -d parley -tAc 'select count(*) from turns')
echo "turns stored in PostgreSQL: $stored"
[[ "$stored" -ge 2 ]] || fail "the turns were not stored in PostgreSQL"

log "Prometheus: both relays scraped, our alert rules loaded"
targets=""
for _ in $(seq 60); do
  targets=$("${compose[@]}" -p "$project" -f compose.yaml exec -T relay-1 node -e '
    fetch("http://prometheus:9090/api/v1/targets").then((r) => r.json()).then((j) =>
      console.log(j.data.activeTargets.map((t) => `${t.labels.instance}=${t.health}`).sort().join(" ")))')
  [[ "$targets" == *relay-1*=up*relay-2*=up* ]] && break
  sleep 1
done
echo "targets: $targets"
[[ "$targets" == *relay-1*=up*relay-2*=up* ]] || fail "Prometheus does not scrape both relays"
rules=$("${compose[@]}" -p "$project" -f compose.yaml exec -T relay-1 node -e '
  fetch("http://prometheus:9090/api/v1/rules").then((r) => r.json()).then((j) =>
    console.log(j.data.groups.flatMap((g) => g.rules).length))')
echo "alert rules loaded: $rules"
[[ "$rules" -gt 5 ]] || fail "Prometheus has not loaded the alert rules"

log "relay-1 stopped: the next conversation goes to relay-2"
"${compose[@]}" -p "$project" -f compose.yaml stop -t 20 relay-1 >/dev/null 2>&1
talk
printf '\ncheck-stack: passed (%s; services: %s)\n' "${engine[*]}" "${services[*]}"
