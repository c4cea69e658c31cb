#!/usr/bin/env bash
# Builds relay/native/parley-sphinx (PocketSphinx with partial hypotheses) when gcc and Debian's
# libpocketsphinx-dev are installed; otherwise says why and exits 0: the relay then runs
# pocketsphinx_continuous (one partial per speech segment). Skips the build when up to date.
#   bash relay/native/build.sh           build if needed
#   bash relay/native/build.sh --strict  fail when it cannot be built (tests, images)
set -euo pipefail
cd "$(dirname "$0")"
out=parley-sphinx
if [[ -x $out && $out -nt parley-sphinx.c ]]; then exit 0; fi
why=
command -v gcc >/dev/null || why="gcc is not installed"
[[ -n $why ]] || pkg-config --exists pocketsphinx 2>/dev/null ||
  why="libpocketsphinx-dev (and pkg-config) are not installed"
if [[ -n $why ]]; then
  echo "parley-sphinx not built: $why; the relay uses pocketsphinx_continuous (no partial words within a phrase)." >&2
  [[ "${1:-}" == "--strict" ]] && exit 1
  exit 0
fi
# shellcheck disable=SC2046 # pkg-config's flags are words
gcc -O2 -Wall -Wno-unused-parameter -o "$out.tmp" parley-sphinx.c $(pkg-config --cflags --libs pocketsphinx)
mv "$out.tmp" "$out"
