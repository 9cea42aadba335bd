#!/usr/bin/env bash
# The redefine command (native/, module goredefine.dev): vet (also for darwin,
# where doctor has its own code), then every test, end-to-end ones included.
# Module downloads are cached in the Go module cache.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
cd native

log "go vet (linux, darwin/arm64)"
go vet ./...
GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go vet ./...

log "go test"
go test -count=1 ./...

# The command embeds a copy of the engine for binaries installed away from
# this tree; say so when it is older than native/redefine (not an error:
# binaries built here use the tree itself).
embed=$(go test -count=1 -run TestEmbeddedCopyIsCurrent -v ./internal/engine)
if ! grep -q -- '--- PASS' <<<"$embed"; then
  log "note: native/internal/engine/engine.txtar is older than native/redefine; run 'go generate ./internal/engine' in native/ and commit it"
fi
