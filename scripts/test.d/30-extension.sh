#!/usr/bin/env bash
# The extension's part of `npm test`: type-check and compile every TypeScript source from
# scratch, check the manifest, then run the unit tests (node's test runner, no VS Code).
# The @vscode/test-electron suite (test/vscode/) needs a VS Code download and is not run
# here: see docs/extension.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d node_modules ] || npm ci --no-audit --no-fund
rm -rf out
npx tsc -p .
node --test out/test/unit/*.test.js
