#!/usr/bin/env bash
# Every test: typecheck, lint, unit + integration (vitest), end-to-end in Chromium (Playwright),
# then the core of a call in WebKit and Firefox (vitest, e2e/engines/).
# Installs what is missing first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh --for-tests
# Every suite runs or fails: a missing server is an error, and a skipped test fails the run.
export PARLEY_TEST_POSTGRES=1 PARLEY_TEST_CLUSTER=1 PARLEY_TEST_NO_SKIPS=1
bash scripts/bootstrap.sh

step() { echo; echo "── $1 ──"; }
step "typecheck";   pnpm run typecheck
step "lint + format";  pnpm exec eslint . --max-warnings 0 && pnpm exec prettier --check . --log-level warn
step "import rules (dependency-cruiser)"; pnpm depcruise
step "build";       pnpm run build && bash relay/native/build.sh --strict
step "unit + integration (vitest)"; pnpm exec vitest run
step "end-to-end (Playwright, Chromium)"; pnpm exec playwright test
step "end-to-end core in WebKit and Firefox"; pnpm test:engines
echo; echo "All tests passed."
