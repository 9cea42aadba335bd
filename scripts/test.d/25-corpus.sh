#!/usr/bin/env bash
# The regression corpus: real third-party modules from the module proxy
# (robfig/cron go 1.12, sirupsen/logrus go 1.13, google/uuid with no go
# line; pinned in native/cmd/redefine/corpus_test.go, cached in the Go
# module cache), each tested with go test and with redefine test plus a
# transparent redefinition of time.Now: on linux/amd64 natively (logrus once
# more with -race, uuid with -cover) and on linux/arm64 under qemu with the
# duplicate strategy. The sets of passed, failed and skipped tests must be
# the same. About three minutes on two cores with warm caches.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
cd native

log "third-party corpus: go test and redefine test, amd64 and arm64 (duplicate strategy)"
out=$(mktemp)
status=0
REDEFINE_CORPUS=1 go test -count=1 -timeout 20m -run '^TestCorpus$' -v ./cmd/redefine >"$out" 2>&1 || status=$?
if ((status == 0)); then
  grep -E '^\s*--- |^ok|corpus_test' "$out" || true
else
  cat "$out"
  log "FAIL: go test and redefine test differ on the corpus (above)"
fi
rm -f "$out"
exit $status
