#!/usr/bin/env bash
# npm start: the main job. For now, the seed example with the engine's API.
set -euo pipefail
cd "$(dirname "$0")/../examples/kitchen"
go run .
