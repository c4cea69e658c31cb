#!/usr/bin/env bash
# pnpm bench:loss: builds the lossy link (net.sh), runs the bench at niceness 10 and removes the
# link on every way out (done, failed, Ctrl-C, killed by TERM). Root only: it makes a network
# namespace, veths and an nftables table.
set -euo pipefail
if [[ $(id -u) -ne 0 ]]; then
  echo "bench:loss needs root (a network namespace, veth pairs, an nftables table); run it as root." >&2
  exit 1
fi
HERE=$(cd "$(dirname "$0")" && pwd)
DELAY_MS=${LOSS_DELAY_MS:-40}
# The system packages it needs, installed once.
if ! command -v nft >/dev/null || ! command -v ethtool >/dev/null || ! command -v python3 >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq nftables ethtool python3 >/dev/null
fi
trap '"$HERE/net.sh" down' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
read -r NS _ RELAY_ADDR < <("$HERE/net.sh" addresses)
nice -n 10 "$HERE/net.sh" up "$DELAY_MS"
LOSS_NS=$NS LOSS_RELAY_ADDR=$RELAY_ADDR LOSS_DELAY_MS=$DELAY_MS LOG_LEVEL=silent \
  nice -n 10 node --import tsx "$HERE/main.ts" "$@"
