#!/usr/bin/env bash
# Makes sure Node 20+ and pnpm are present and the workspace's npm packages are installed.
set -euo pipefail
cd "$(dirname "$0")/.."

major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if (( major < 20 )); then
  echo "Parley needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi
if (( major < 22 )); then
  echo "Node.js $(node --version) is past its end of life: Parley still runs on it, but Node 24 LTS is the one it is built and deployed on." >&2
fi
if ! command -v pnpm >/dev/null; then
  echo "Installing pnpm…"
  npm install -g pnpm@12 >/dev/null 2>&1 || npm install -g pnpm >/dev/null
fi
if [[ "${CI:-}" == "true" ]]; then
  pnpm install --frozen-lockfile
else
  pnpm install --prefer-offline
fi
# An operator who ships no GPL code leaves eSpeak NG out (ESPEAK_NG=off).
bash scripts/leave-out-espeak.sh
