#!/usr/bin/env bash
# The engine on every supported Go release (scripts/go-releases.txt), built
# with the default linker flags: a go:linkname the runtime stops allowing, or
# a runtime layout that moved, fails here. Toolchains come from the Go module
# proxy through GOTOOLCHAIN and are cached in the module cache.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
releases=$(go_releases)
oldest=$(head -n1 <<<"$releases")
newest=$(tail -n1 <<<"$releases")
cd native/redefine

for v in $releases; do
  log "$v, linux/amd64"
  GOTOOLCHAIN=$v go test -count=1 -short ./...
done

if need_qemu; then
  for v in "$oldest" "$newest"; do
    for strategy in inplace duplicate; do
      log "$v, linux/arm64 under qemu, strategy $strategy"
      REDEFINE_STRATEGY=$strategy GOTOOLCHAIN=$v quietly run_arm64_tests . "engine-$v" -test.count=1 -test.short
    done
  done
fi
