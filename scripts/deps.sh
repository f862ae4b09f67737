#!/usr/bin/env bash
# Installs the Debian packages Ashyq needs to build, test and run the demo.
# Idempotent and quiet when everything is already present. Run as root on Debian 12.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  ccache                            # repeated builds (sanitizer, fuzz, a fresh clone) reuse objects
  clang libclang-rt-14-dev          # libFuzzer and sanitizers
  libsodium-dev                     # Ed25519, SHA-256, KDF (vetted, constant time)
  libssl-dev                        # OpenSSL 3: P-256, the e-voting group (decision 0016)
  libgmp-dev                        # GMP: the ElectionGuard 4096-bit group, the e-voting baseline
  libdecaf-dev                      # ristretto255 through libdecaf: the second e-voting backend
  libsqlite3-dev                    # embedded store
  libpq-dev                         # the store's PostgreSQL backend (libpq)
  postgresql                        # tests: a throwaway cluster (scripts/pg_cluster.sh)
  libcli11-dev                      # command line
  libgtest-dev libgmock-dev         # unit tests
  libbenchmark-dev                  # bench/
  libcpp-httplib-dev                # ashyq serve (HTTP)
  nginx                             # the public front (deploy/nginx), and its test
  curl openssl python3              # the front's test: requests, a throwaway certificate, slow clients
  libcairo2-dev libqrencode-dev     # observer copies: PDF with a QR code
  fonts-dejavu-core                 # the copy's font (Cyrillic and Kazakh letters)
  zbar-tools poppler-utils          # tests read the printed QR and PDF back
  chromium                          # results-site tests (Playwright drives Debian's Chromium)
)
# Node.js and npm run the browser tests; a machine that has them already (e.g. a newer
# Node.js whose package bundles npm) keeps its own.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "deps.sh: missing packages: ${missing[*]}" >&2
  echo "deps.sh: run as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 2
fi

echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
