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

log "go test"
go test -count=1 ./...

log "the language server built with -race, driven over stdio"
REDEFINE_TEST_BUILDFLAGS=-race go test -count=1 -run 'LanguageServer' ./cmd/redefine
