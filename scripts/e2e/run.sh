#!/usr/bin/env bash
# `npm run test:e2e [-- FILTER]`: the end-to-end tests in a real VS Code (code-server) driven
# through headless Chromium by Playwright, against the VSIX `npm run package` builds.
# Installs what it needs once (cached under ~/.cache/go-redefine), and every test session stops
# what it started. Screenshots and logs: .artifacts/e2e/<session>/. FILTER: part of a test file's name.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
started=$SECONDS

command -v go >/dev/null || { log "go is not on PATH: the end-to-end flows build Go programs (https://go.dev/dl/)"; exit 1; }
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/esbuild ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error --cache "$CACHE_DIR/npm" >&2
fi

t=$SECONDS
tools=$(bash scripts/e2e/install.sh)
log "code-server ready ($((SECONDS - t))s): $tools"

# Delve, for the debugging flow: on code-server's PATH, as a Go developer would have it.
t=$SECONDS
dlv=$(bash scripts/install-dlv.sh)
extra_path=$(dirname "$dlv")
log "Delve ready ($((SECONDS - t))s): $dlv"

t=$SECONDS
log "compiling TypeScript"
npx tsc -p .
mkdir -p .artifacts/e2e
# The linux-x64 VSIX, as a Linux user gets it from a marketplace: its bundled redefine is used
# (this machine's Go built it), so no flow builds the command (0-workbench checks that).
vsix=$(bash scripts/package.sh --target linux-x64 --no-typecheck --out .artifacts/e2e/go-redefine-linux-x64.vsix)
log "packaged ($((SECONDS - t))s): $vsix"

export GO_REDEFINE_E2E_TOOLS="$tools"
export GO_REDEFINE_E2E_VSIX="$PWD/$vsix"
export GO_REDEFINE_E2E_PATH="$extra_path"
export GO_REDEFINE_E2E_ARTIFACTS="$PWD/.artifacts/e2e"

# FILTER picks test files by name: `npm run test:e2e -- restricted` runs d-restricted-mode.
files=(out/test/e2e/*.test.js)
if (($#)); then
  files=()
  for f in out/test/e2e/*.test.js; do
    case "${f,,}" in *"${1,,}"*) files+=("$f") ;; esac
  done
  ((${#files[@]})) || { log "no end-to-end test file matches '$1' (they are: $(ls out/test/e2e/*.test.js | xargs -n1 basename | tr '\n' ' '))"; exit 2; }
fi
t=$SECONDS
status=0
node --test --test-concurrency=1 --test-timeout=600000 "${files[@]}" || status=$?
log "tests took $((SECONDS - t))s; the whole run $((SECONDS - started))s; screenshots in .artifacts/e2e/"
exit $status
