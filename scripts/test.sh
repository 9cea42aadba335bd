#!/usr/bin/env bash
# The project's whole test suite (`npm test`). Each room of the project adds one
# script under scripts/test.d/; they run in name order and every one runs even
# when an earlier one failed, so one report shows everything that is broken.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup failed" >&2; exit 1; }

failed=()
passed=0
for part in scripts/test.d/*.sh; do
  name=$(basename "$part" .sh)
  echo
  echo "=== $name"
  start=$SECONDS
  if bash "$part"; then
    echo "=== $name: ok ($((SECONDS - start))s)"
    passed=$((passed + 1))
  else
    echo "=== $name: FAILED ($((SECONDS - start))s)"
    failed+=("$name")
  fi
done

echo
if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
fi
echo "parts: $passed passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
