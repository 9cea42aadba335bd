#!/usr/bin/env bash
# The debugger strategy's cost for BENCHMARKS.md: debug sessions (real Delve, the real redefine
# command) of the seed example with 1 and 50 redefinitions, debugger strategy against in place,
# interleaved. Not part of npm test: timings are not asserted. ROUNDS=N (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
npx tsc -p .
dlv=$(bash scripts/install-dlv.sh)
bin="$CACHE_DIR/test-bin/redefine"
mkdir -p "$(dirname "$bin")"
(cd native && go build -o "$bin" ./cmd/redefine)
echo "## debug sessions, linux/amd64 ($(go version | cut -d' ' -f3), $("$dlv" version | sed -n 's/^Version: //p'), $(nproc) cores)"
GO_REDEFINE_TEST_DLV="$dlv" GO_REDEFINE_TEST_REDEFINE="$bin" node out/test/bench/debugger-stops.js
