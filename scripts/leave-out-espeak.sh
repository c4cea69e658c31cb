#!/usr/bin/env bash
# With ESPEAK_NG=off (docs/configuring.md), removes eSpeak NG (GPL-3) from the installed
# packages, so that a deployment which ships no GPL code holds none of it; the relay, told the
# same switch, never asks for it. Run after every `pnpm install`: an install puts it back.
# bootstrap.sh and the Dockerfile run it. Without the switch it does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${ESPEAK_NG:-on}" != "off" ]]; then
  exit 0
fi
rm -rf node_modules/.pnpm/@echogarden+espeak-ng-emscripten@* \
  relay/node_modules/@echogarden/espeak-ng-emscripten
echo "ESPEAK_NG=off: eSpeak NG (GPL-3) removed; no offline voice speaks Dutch."
