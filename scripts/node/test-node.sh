#!/usr/bin/env bash
# Runs vitest under another Node major, installed from the npm registry into a cache outside the
# repository (scripts/node/install-node.sh). The workspace's packages are the ones installed for
# the machine's own Node; their native parts are Node-API, so they load on every major.
#
#   pnpm test:node 24              the relay's and shared's tests: the unit project's shared/ and
#                                  relay/ files and the relay project's integration tests
#                                  (or: bash scripts/node/test-node.sh 24 [vitest arguments…])
#   pnpm test:node 24 --unit       the unit project's shared/ and relay/src/ files only: no
#                                  PostgreSQL, cluster servers or relay build
#   pnpm test:node 24 --all        every project and file, as `vitest run` (npm test's vitest step)
#
# As in the full test command, every suite runs or fails: PostgreSQL and the cluster's servers
# are started (and installed when missing) and a skipped test fails the run. Set
# PARLEY_TEST_POSTGRES=0, PARLEY_TEST_CLUSTER=0 or PARLEY_TEST_NO_SKIPS=0 to relax that.
set -euo pipefail
cd "$(dirname "$0")/../.."
want=${1:?usage: test-node.sh MAJOR [--unit|--all] [vitest arguments…] (e.g. 24)}
shift
suites=(--project unit --project relay shared/src/ relay/src/ relay/test/)
case ${1:-} in
  --unit)
    suites=(--project unit shared/src/ relay/src/)
    shift
    ;;
  --all)
    suites=()
    shift
    ;;
esac
bin=$(bash scripts/node/install-node.sh "$want")
export PATH="$bin:$PATH"
# Every child the tests start by name ("node", tsx's shebang) must be this Node too.
actual=$(node --version)
[[ $(command -v node) == "$bin/node" ]] || {
  echo "test-node: 'node' on PATH is $(command -v node), not $bin/node" >&2
  exit 1
}
echo "test-node: ${suites[*]:-every project} on Node $actual ($bin/node)"
export PARLEY_TEST_POSTGRES=${PARLEY_TEST_POSTGRES:-1}
export PARLEY_TEST_CLUSTER=${PARLEY_TEST_CLUSTER:-1}
export PARLEY_TEST_NO_SKIPS=${PARLEY_TEST_NO_SKIPS:-1}
exec node node_modules/vitest/vitest.mjs run "${suites[@]}" "$@"
