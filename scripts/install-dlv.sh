#!/usr/bin/env bash
# Installs a pinned Delve (dlv) into the project's cache and prints its path.
#   bash scripts/install-dlv.sh                  -> ~/.cache/go-redefine/dlv/<version>/dlv
#   bash scripts/install-dlv.sh --print-version  -> the pinned version
# Built from source with the local Go toolchain via `go install`; fast when already there.
# The version is pinned once, in contracts/delve.json (the debug adapter reads it too).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

DLV_VERSION="${DLV_VERSION:-$(node -p 'require("./contracts/delve.json").version')}"
if [ "${1:-}" = --print-version ]; then
  echo "$DLV_VERSION"
  exit 0
fi
dest="$CACHE_DIR/dlv/$DLV_VERSION"
if [ -x "$dest/dlv" ]; then
  echo "$dest/dlv"
  exit 0
fi
command -v go >/dev/null || { log "go is not on PATH: install Go first (https://go.dev/dl/)"; exit 1; }
log "installing Delve $DLV_VERSION into $dest (go install; takes a minute the first time)"
mkdir -p "$dest"
# CGO off keeps the build lean and independent of a C toolchain; -p 1 shares the 2 cores.
GOBIN="$dest" CGO_ENABLED=0 GOFLAGS="-p=1 -mod=mod" \
  go install "github.com/go-delve/delve/cmd/dlv@$DLV_VERSION" >&2
"$dest/dlv" version >&2
echo "$dest/dlv"
