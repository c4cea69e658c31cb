#!/usr/bin/env bash
# Every test: typecheck, lint, unit + integration (vitest), end-to-end in Chromium (Playwright),
# then the core of a call in WebKit and Firefox (vitest, e2e/engines/).
# Installs what is missing first, so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's seconds, printed last (also when a step fails): CI keeps only the end of the log.
timings=""
current=""
started=$SECONDS
step() {
  [ -z "$current" ] || timings+="$(printf '%6ss  %s' $((SECONDS - started)) "$current")"$'\n'
  current=$1
  started=$SECONDS
  echo
  echo "── $1 ──"
}
report_timings() {
  [ -z "$current" ] || timings+="$(printf '%6ss  %s' $((SECONDS - started)) "$current")"$'\n'
  echo
  echo "── seconds per step (the whole command: ${SECONDS}s) ──"
  printf '%s' "$timings"
}
trap report_timings EXIT

step "system packages and dependencies"
bash scripts/setup-system.sh --for-tests
# Every suite runs or fails: a missing server is an error, and a skipped test fails the run.
export PARLEY_TEST_POSTGRES=1 PARLEY_TEST_CLUSTER=1 PARLEY_TEST_NO_SKIPS=1
bash scripts/bootstrap.sh

# The typecheck and the lint side by side: the lint is one process on one core for minutes, the
# typecheck fits beside it. Each prints its own output when both are done.
step "typecheck, and lint + format beside it"
checks=$(mktemp -d)
(pnpm run typecheck >"$checks/typecheck.log" 2>&1 && echo 0 || echo $?) >"$checks/typecheck.rc" &
( (pnpm exec eslint . --max-warnings 0 && pnpm exec prettier --check . --log-level warn) \
  >"$checks/lint.log" 2>&1 && echo 0 || echo $?) >"$checks/lint.rc"
wait
for check in typecheck lint; do
  echo "── $check ──"
  cat "$checks/$check.log"
  if [ "$(cat "$checks/$check.rc")" != 0 ]; then echo "$check failed"; exit 1; fi
done
step "import rules (dependency-cruiser)"; pnpm depcruise
step "build";       pnpm run build && bash relay/native/build.sh --strict
step "unit + integration (vitest)"; PARLEY_COVERAGE=1 pnpm exec vitest run
step "end-to-end (Playwright, Chromium)"; pnpm exec playwright test
step "end-to-end core in WebKit and Firefox"; pnpm test:engines
echo; node --import tsx scripts/coverage-summary.ts
echo; echo "All tests passed."
