#!/usr/bin/env bash
# The extension's part of `npm test`: type-check and compile every TypeScript source from
# scratch (test/vscode/, the @vscode/test-electron suite, included: it runs in real VS Code on
# the runners of .github/workflows/macos.yml, since these machines cannot download VS Code),
# check the manifest, then run the unit tests (node's test runner, no VS Code).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
[ -d node_modules ] || quietly npm ci --no-audit --no-fund --cache "$CACHE_DIR/npm"
rm -rf out
npx tsc -p .
node --test out/test/unit/*.test.js
