#!/usr/bin/env bash
# The redefine command (native/, module goredefine.dev): vet and tests.
# Module downloads are cached in the Go module cache.
set -euo pipefail
cd "$(dirname "$0")/../../native"
go vet ./...
go test -count=1 ./...
