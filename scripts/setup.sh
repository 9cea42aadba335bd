#!/usr/bin/env bash
# Installs what the tests need on a fresh machine; fast when everything is there.
# Downloads are cached under the user's cache directory.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# qemu-user-static runs the linux/arm64 tests.
if ! command -v qemu-aarch64-static >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing qemu-user-static"
    apt_install qemu-user-static
  fi
fi

# npm packages.
if [ -f package-lock.json ] && [ ! -d node_modules ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --cache "$CACHE_DIR/npm"
fi
