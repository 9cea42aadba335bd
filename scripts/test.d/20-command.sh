#!/usr/bin/env bash
# The redefine command (native/, module goredefine.dev): vet (also for darwin,
# where doctor has its own code), then every test, end-to-end ones included,
# and the language server once more built with -race.
# Module downloads are cached in the Go module cache.
# After a change to native/redefine, run `go generate ./internal/engine` in
# native/ (the command embeds the engine; TestEmbeddedCopyIsCurrent says so).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
cd native

log "go vet (linux, darwin/arm64)"
go vet ./...
GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go vet ./...

# gopls, for TestEngineAsModule (a user's module that imports the engine
# must satisfy gopls too); built once, cached.
if [ ! -x "$CACHE_DIR/bin/gopls" ]; then
  log "installing gopls into $CACHE_DIR/bin"
  GOBIN="$CACHE_DIR/bin" GOFLAGS= go install golang.org/x/tools/gopls@v0.23.0
fi

log "go test"
go test -count=1 ./...

log "the language server built with -race, driven over stdio"
REDEFINE_TEST_BUILDFLAGS=-race go test -count=1 -run 'LanguageServer' ./cmd/redefine
