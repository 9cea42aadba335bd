#!/usr/bin/env bash
# Real linux/arm64 programs for the duplicate strategy's identical-results
# test and benchmarks, built once into ~/.cache/go-redefine/duplicate-inputs
# and printed as paths (one a line):
#
#   scripts/duplicate-inputs.sh gopls            gopls (pinned), as released
#   scripts/duplicate-inputs.sh gopls-engine DIR the same gopls importing the
#                                                engine at DIR (native/redefine)
#   scripts/duplicate-inputs.sh generated N      benchgen's program with N
#                                                64-case switches
#
# The engine-importing builds are redone each time (the engine changes); the
# others are cached, per Go release.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

GOPLS_VERSION="${GOPLS_VERSION:-v0.23.0}"
# Per Go release: the tests read a program's moduledata with the layout of
# the release that runs them.
root=$CACHE_DIR/duplicate-inputs/$(go env GOVERSION)
engine=$PWD/native/redefine
export GOOS=linux GOARCH=arm64 CGO_ENABLED=0

# gopls_source prints a writable copy of gopls's module: its main package
# imports gopls/internal/..., so only a build inside the module can add a file
# to it, and the module cache is read-only.
gopls_source() {
  local src=$root/gopls-$GOPLS_VERSION/src
  if [ ! -f "$src/go.mod" ]; then
    local dir
    dir=$(cd "$(mktemp -d)" && GOFLAGS=-mod=mod go mod download -json "golang.org/x/tools/gopls@$GOPLS_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    [ -n "$dir" ] || { log "FAIL: could not download golang.org/x/tools/gopls@$GOPLS_VERSION"; exit 1; }
    rm -rf "$src.tmp" && mkdir -p "$(dirname "$src")"
    cp -r "$dir" "$src.tmp" && chmod -R u+w "$src.tmp" && mv "$src.tmp" "$src"
  fi
  echo "$src"
}

gopls() {
  local out=$root/gopls-$GOPLS_VERSION/gopls-arm64
  if [ ! -x "$out" ]; then
    local src
    src=$(gopls_source)
    log "building gopls $GOPLS_VERSION for linux/arm64 (a minute or two, once)"
    (cd "$src" && go build -trimpath -o "$out.tmp" . && mv "$out.tmp" "$out")
  fi
  echo "$out"
}

gopls_engine() {
  local eng=${1:-$engine} src out
  eng=$(cd "$eng" && pwd)
  src=$(gopls_source)
  out=$root/gopls-$GOPLS_VERSION/gopls-engine-arm64
  printf '//go:build redefinebench\n\npackage main\n\nimport _ "goredefine.dev/redefine"\n' >"$src/zz_redefine_import.go"
  # A copy of go.mod, so that the plain build above never sees the engine.
  cp "$src/go.mod" "$src/go.engine.mod"
  [ -f "$src/go.sum" ] && cp "$src/go.sum" "$src/go.engine.sum"
  (cd "$src" && go mod edit -modfile go.engine.mod -require goredefine.dev/redefine@v0.0.0 -replace "goredefine.dev/redefine=$eng" &&
    go build -modfile go.engine.mod -tags redefinebench -trimpath -o "$out" .)
  echo "$out"
}

generated() {
  local funcs=${1:?number of functions} dir
  dir=$root/generated-$funcs
  if [ ! -x "$dir/bench" ]; then
    log "generating and building $funcs 64-case switches for linux/arm64 (minutes for thousands, once)"
    (cd "$engine" && GOOS= GOARCH= go run ./internal/benchgen -funcs "$funcs" -o "$dir" -engine "$engine")
    (cd "$dir" && go build -o bench.tmp . && mv bench.tmp bench)
  fi
  echo "$dir/bench"
}

case "${1:-}" in
gopls) gopls ;;
gopls-engine) gopls_engine "${2:-}" ;;
generated) generated "${2:-}" ;;
*) log "usage: $0 gopls | gopls-engine [ENGINE_DIR] | generated N"; exit 2 ;;
esac
