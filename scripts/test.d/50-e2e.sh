#!/usr/bin/env bash
# End-to-end: the packaged extension in a real VS Code (code-server + headless Chromium),
# driven through the three user flows and Restricted Mode. See docs/e2e.md.
# The first run installs code-server (~620 MB, a few minutes; cached afterwards).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash scripts/e2e/run.sh
