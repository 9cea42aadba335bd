#!/usr/bin/env bash
# The go-redefine debug adapter's tests: DebugClient (over stdio) against the built standalone
# entry, real Go builds, the real `redefine` command and a pinned Delve.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

command -v go >/dev/null || { log "go is not on PATH"; exit 1; }
# npm packages, again when package-lock.json changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  quietly npm ci --no-audit --no-fund --cache "$CACHE_DIR/npm"
fi

log "compiling TypeScript"
npx tsc -p .

dlv=$(bash scripts/install-dlv.sh)
export GO_REDEFINE_TEST_DLV="$dlv"

# The redefine command, built from this checkout (its tests live with it; here it is a tool).
bin="$CACHE_DIR/test-bin/redefine"
mkdir -p "$(dirname "$bin")"
log "building the redefine command"
(cd native && go build -o "$bin" ./cmd/redefine)
export GO_REDEFINE_TEST_REDEFINE="$bin"

node --test --test-concurrency=1 --test-timeout=180000 out/test/adapter/
