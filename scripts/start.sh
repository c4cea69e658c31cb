#!/usr/bin/env bash
# One command from a fresh machine to a running app on http://localhost:8787 (PORT overrides):
# installs what is missing, builds the web app and the relay, and starts the relay serving both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
bash scripts/bootstrap.sh
pnpm run build
export PORT="${PORT:-8787}"
echo
echo "  Parley is starting on http://localhost:${PORT}  (Ctrl+C to stop)"
echo
exec node relay/dist/main.js
