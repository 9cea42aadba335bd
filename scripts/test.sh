#!/usr/bin/env bash
# The project's whole test suite (`npm test`). Each room of the project adds one
# script under scripts/test.d/; they run in name order and every one runs even
# when an earlier one failed, so one report shows everything that is broken.
# A part exits 0 (passed), 77 (skipped: it could run nothing here), or anything
# else (failed). Tests skipped inside a part are written to $GO_REDEFINE_SKIPS by
# cannot_run (scripts/lib.sh) and listed at the end; on CI they fail instead.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
bash scripts/setup.sh || { echo "setup failed" >&2; exit 1; }

GO_REDEFINE_SKIPS=$(mktemp)
export GO_REDEFINE_SKIPS
trap 'rm -f "$GO_REDEFINE_SKIPS"' EXIT

failed=()
skipped=()
passed=0
# GO_REDEFINE_TEST_PARTS: another folder of parts (test/unit/scripts.test.ts uses it).
for part in "${GO_REDEFINE_TEST_PARTS:-scripts/test.d}"/*.sh; do
  name=$(basename "$part" .sh)
  echo
  echo "=== $name"
  start=$SECONDS
  status=0
  bash "$part" || status=$?
  case $status in
    0)
      echo "=== $name: ok ($((SECONDS - start))s)"
      passed=$((passed + 1))
      ;;
    "$SKIPPED_PART")
      echo "=== $name: SKIPPED ($((SECONDS - start))s)"
      skipped+=("$name")
      ;;
    *)
      echo "=== $name: FAILED with status $status ($((SECONDS - start))s)"
      failed+=("$name")
      ;;
  esac
done

echo
if [ -s "$GO_REDEFINE_SKIPS" ]; then
  echo "SKIPPED inside parts ($(wc -l <"$GO_REDEFINE_SKIPS")):"
  sed 's/^/  /' "$GO_REDEFINE_SKIPS"
fi
if ((${#skipped[@]})); then
  echo "SKIPPED parts: ${skipped[*]}"
fi
if ((${#failed[@]})); then
  echo "FAILED parts: ${failed[*]}"
fi
echo "parts: $passed passed, ${#failed[@]} failed, ${#skipped[@]} skipped"
((${#failed[@]} == 0))
