#!/usr/bin/env bash
# The VSIXs: the universal one and one per platform (darwin-arm64, darwin-x64, linux-x64,
# linux-arm64), each platform's carrying a `redefine` cross-compiled for it. Packaged as a
# release would be (scripts/package.sh --all), then checked from the outside by
# test/package/vsix.test.ts: targets, binary headers, the engine shipped once, and the command
# from a VSIX running a redefinition. The linux-x64 VSIX is used in the end-to-end run (50-e2e).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

command -v go >/dev/null || { log "go is not on PATH"; exit 1; }
[ -d node_modules ] || quietly npm ci --no-audit --no-fund --cache "$CACHE_DIR/npm"
npx tsc -p .
# The command's modules, so the first-use build below can run with the module proxy off.
(cd native && go mod download)
out=.artifacts/vsix
rm -rf "$out"
bash scripts/package.sh --all --no-typecheck --out-dir "$out" >/dev/null
GO_REDEFINE_VSIX_DIR="$PWD/$out" node --test --test-timeout=600000 out/test/package/
