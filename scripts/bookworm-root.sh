#!/usr/bin/env bash
# Copies a minimal Debian bookworm root filesystem (debootstrap's minbase, made once and kept in
# BOOKWORM_CACHE) into the folder given: the base of the images check-image.sh and
# compose-standins.sh stand in where no image registry is reachable.
#   bash scripts/bookworm-root.sh DIR
set -euo pipefail
dest=${1:?usage: bookworm-root.sh DIR}
cache=${BOOKWORM_CACHE:-/var/cache/parley/bookworm}
if [[ ! -x "$cache/bin/sh" ]]; then
  command -v debootstrap >/dev/null ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  rm -rf "$cache.tmp"
  mkdir -p "$(dirname "$cache")"
  debootstrap --variant=minbase bookworm "$cache.tmp" http://deb.debian.org/debian >/dev/null
  rm -f "$cache.tmp"/var/cache/apt/archives/*.deb
  mv "$cache.tmp" "$cache"
fi
rm -rf "$dest"
cp -a "$cache" "$dest"
