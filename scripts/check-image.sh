#!/usr/bin/env bash
# Builds the relay's container image from ./Dockerfile and checks what the deploy guide promises:
# the container runs as a non-root user, its HEALTHCHECK passes, it serves the web app, answers a
# spoken two-turn conversation (pnpm talk, embedded providers) and stops cleanly on SIGTERM.
#
#   bash scripts/check-image.sh        (or: pnpm check:image)
#
# Uses Docker when a Docker engine answers. Otherwise Podman (daemonless, from Debian's packages,
# installed here when running as root) with the runc runtime. Where no registry is reachable
# (this workplace reaches only npm and Debian), the Dockerfile's FROM node:<major>-bookworm-slim is
# stood in for by a Debian bookworm made with debootstrap plus that Node major, taken from the npm
# registry's package of Node's Linux binaries (scripts/node/install-node.sh), and this machine's
# npm (made once per major, cached); the Dockerfile itself is built as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

IMAGE=${IMAGE:-parley-check}
PORT=${CHECK_IMAGE_PORT:-18787}
name="parley-check-$$"
work=$(mktemp -d)

log() { printf '\n== %s\n' "$*"; }
fail() {
  printf '\ncheck-image: FAILED: %s\n' "$*" >&2
  exit 1
}

# The image the Dockerfile builds on, and its Node major: the stand-in below must run the same.
BASE=$(awk '$1 == "FROM" { print $2; exit }' Dockerfile)
[[ $BASE =~ ^node:([0-9]+)-bookworm-slim$ ]] || fail "the Dockerfile's base is $BASE, not node:<major>-bookworm-slim"
node_major=${BASH_REMATCH[1]}
BASE_CACHE=${BASE_CACHE:-/var/cache/parley/bookworm-node$node_major}

if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  engine=(docker)
  build_flags=()
else
  if ! command -v podman >/dev/null || ! command -v runc >/dev/null; then
    [[ $(id -u) -eq 0 ]] || fail "no Docker engine; install podman and runc (apt-get install podman runc)"
    log "installing podman and runc (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap >/dev/null
  fi
  # The engine's default ulimits may exceed what a sandbox allows; the container inherits ours.
  # (check-stack.sh gives its own, which also names the network backend.)
  if [[ -z "${CONTAINERS_CONF:-}" ]]; then
    printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
    export CONTAINERS_CONF="$work/containers.conf"
  fi
  engine=(podman --runtime runc)
  # Docker's image format keeps HEALTHCHECK (OCI has no field for it).
  build_flags=(--format docker)
fi
cleanup() {
  "${engine[@]}" rm -f "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if ! "${engine[@]}" image exists "$BASE" 2>/dev/null && ! timeout 60 "${engine[@]}" pull -q "$BASE" >/dev/null 2>&1; then
  log "no registry for $BASE: standing in Debian bookworm + Node $node_major from the npm registry"
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  if [[ ! -x "$BASE_CACHE/usr/local/bin/node" ]]; then
    rm -rf "$BASE_CACHE.tmp"
    bash scripts/bookworm-root.sh "$BASE_CACHE.tmp"
    node_bin="$(bash scripts/node/install-node.sh "$node_major")/node"
    npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
    install -D "$node_bin" "$BASE_CACHE.tmp/usr/local/bin/node"
    mkdir -p "$BASE_CACHE.tmp/usr/local/lib/node_modules"
    cp -r "$npm_dir" "$BASE_CACHE.tmp/usr/local/lib/node_modules/npm"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$BASE_CACHE.tmp/usr/local/bin/npm"
    chroot "$BASE_CACHE.tmp" /bin/sh -c 'groupadd -g 1000 node && useradd -u 1000 -g node -m node'
    rm -f "$BASE_CACHE.tmp"/var/cache/apt/archives/*.deb
    mv "$BASE_CACHE.tmp" "$BASE_CACHE"
  fi
  changes=(--change 'CMD ["node"]')
  # A TLS-intercepting proxy's CA (as here) must be trusted inside the build as on the host.
  ca=${NODE_EXTRA_CA_CERTS:-}
  if [[ -n "$ca" && -f "$ca" ]]; then
    install -D -m 644 "$ca" "$BASE_CACHE/etc/ssl/certs/host-extra-ca.crt"
    changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-extra-ca.crt')
  fi
  tar -C "$BASE_CACHE" -c . | "${engine[@]}" import "${changes[@]}" - "docker.io/library/$BASE" >/dev/null
fi

log "building $IMAGE from a clean copy of HEAD"
git clone -q "$root" "$work/src"
start=$(date +%s)
"${engine[@]}" build "${build_flags[@]}" --network host -t "$IMAGE" "$work/src" >"$work/build.log" 2>&1 ||
  {
    tail -40 "$work/build.log" >&2
    fail "docker build"
  }
echo "built in $(($(date +%s) - start)) s; image size $("${engine[@]}" image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
# check-stack.sh wants the image only.
[[ -z "${CHECK_IMAGE_BUILD_ONLY:-}" ]] || exit 0

log "running it"
# (Podman without systemd says it cannot schedule the healthcheck timer; the check below runs it.)
"${engine[@]}" run -d --name "$name" --network host -e PORT="$PORT" -e HOST=127.0.0.1 "$IMAGE" \
  >/dev/null 2>"$work/run.err" || fail "could not start the container: $(cat "$work/run.err")"
user=$("${engine[@]}" exec "$name" id -un)
[[ "$user" != root ]] || fail "the relay runs as root"
echo "runs as: $user"
for _ in $(seq 60); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/health" || fail "/health did not answer"
echo
"${engine[@]}" healthcheck run "$name" 2>/dev/null || [[ ${engine[0]} == docker ]] ||
  fail "the image's HEALTHCHECK failed"
[[ ${engine[0]} == docker ]] || echo "HEALTHCHECK: passed"
curl -fsS "http://127.0.0.1:$PORT/" | grep -q '<div id="root">' || fail "the web app is not served"
echo "web app: served"

log "a spoken conversation through the container"
bash scripts/two-turns.sh "ws://127.0.0.1:$PORT/ws" || fail "the spoken conversation"

log "stopping (SIGTERM through tini)"
"${engine[@]}" stop -t 15 "$name" >/dev/null 2>"$work/stop.err" || fail "stop: $(cat "$work/stop.err")"
code=$("${engine[@]}" inspect "$name" --format '{{.State.ExitCode}}')
"${engine[@]}" logs "$name" 2>&1 | grep -q '"msg":"relay stopped"' || fail "no clean shutdown in the logs"
[[ "$code" == 0 ]] || fail "exit code $code after SIGTERM"
echo "stopped cleanly (exit 0)"
printf '\ncheck-image: passed (%s)\n' "${engine[*]}"
