#!/usr/bin/env bash
# Installs the Debian packages the project needs, idempotently:
#   - pocketsphinx + pocketsphinx-en-us: the embedded speech recogniser
#   - gcc, pkg-config, libpocketsphinx-dev: to build its decoder with partial hypotheses
#     (relay/native/parley-sphinx.c; without them the relay runs pocketsphinx_continuous)
#   - flite, sox, espeak-ng: test speech fixtures
#   - chromium: end-to-end tests; webkit2gtk-driver (WebKitWebDriver, MiniBrowser), xvfb and
#     firefox-esr: their core in WebKit and Firefox (e2e/engines/); postgresql, redis-server,
#     nginx: the storage and many-relay tests; openssl: the certificate nginx presents in the
#     HTTPS tests; prometheus: its promtool checks deploy/prometheus/; systemd: its
#     systemd-analyze checks deploy/parley.service; logrotate: rotates the log file of
#     deploy/logging/ in its test; haproxy: the cluster tests run through it
#     too (deploy/haproxy.cfg.template); docker-compose: its `config` checks deploy/compose.yaml;
#     kubernetes-client, where no kubectl is installed: its kubectl builds deploy/k8s (kustomize);
#     pocketsphinx-testdata: recorded human voices, which the human-voice spec speaks into the
#     page and bench:recognition and bench:end-of-turn --set human read (only with --for-tests)
# Uses apt-get when running as root or with passwordless sudo; otherwise prints what to install.
set -euo pipefail

packages=(pocketsphinx pocketsphinx-en-us flite sox)
# Wanted, not needed: without them the relay runs pocketsphinx_continuous (no words mid-phrase).
optional=(gcc libc6-dev pkg-config libpocketsphinx-dev)
# The tests check the decoder with partial hypotheses: there they are needed.
if [[ "${1:-}" == "--for-tests" ]]; then
  packages+=(chromium webkit2gtk-driver xvfb firefox-esr postgresql redis-server nginx openssl)
  packages+=(prometheus systemd logrotate haproxy docker-compose pocketsphinx-testdata)
  packages+=("${optional[@]}")
  # Any kubectl builds deploy/k8s; Debian's (1.20) where there is none (it would clash with one).
  command -v kubectl >/dev/null || packages+=(kubernetes-client)
  optional=()
fi

absent() {
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}
mapfile -t missing < <(absent "${packages[@]}")
mapfile -t wanted < <(absent "${optional[@]}")
if [[ ${#missing[@]} -eq 0 && ${#wanted[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  if [[ ${#wanted[@]} -gt 0 ]]; then
    echo "For live words while the user speaks, also install: ${wanted[*]}" >&2
  fi
  if [[ ${#missing[@]} -eq 0 ]]; then exit 0; fi
  echo "Parley needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
missing+=("${wanted[@]}")

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
