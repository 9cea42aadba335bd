#!/usr/bin/env bash
# `npm run test:fresh`: runs `npm test` the way a newcomer's first run goes — a fresh clone of
# this checkout's HEAD, with an empty home directory, so no npm, Go or project cache helps it:
# every npm package, Go module, Go toolchain, Delve and code-server is downloaded and built.
# What the machine itself has (Go in /usr/local/go, Node, Debian packages) stays.
#
#   bash scripts/fresh-home.sh [--keep]
#
# Uncommitted changes are not in the clone: commit first. The clone and the home are removed
# afterwards unless --keep is given. The output is also written to .artifacts/fresh-home.log,
# and the clone's .artifacts/ (screenshots, logs) copied to .artifacts/fresh-home/.
# It downloads a few GB and takes about half an hour on 2 cores (docs/e2e.md has the figure).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

keep=
while (($#)); do
  case $1 in
    --keep) keep=1; shift ;;
    *) echo "fresh-home: unknown option $1 (known: --keep)" >&2; exit 2 ;;
  esac
done

if [ -n "$(git -C "$root" status --porcelain)" ]; then
  echo "fresh-home: the checkout has uncommitted changes; they are not in the clone this tests" >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/go-redefine-fresh-XXXXXX")
cleanup() {
  # The run's screenshots and logs outlive the clone.
  if [ -d "$work/repo/.artifacts" ]; then
    mkdir -p "$root/.artifacts"
    rm -rf "$root/.artifacts/fresh-home"
    cp -r "$work/repo/.artifacts" "$root/.artifacts/fresh-home"
  fi
  if [ -z "$keep" ]; then
    # The module cache is read-only on purpose: make it writable to remove it.
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work"
  else
    echo "fresh-home: kept $work" >&2
  fi
}
trap cleanup EXIT

git clone --quiet --no-hardlinks "$root" "$work/repo"
mkdir "$work/home"

# The machine's environment, less everything that points into the old home or at caches.
old_home=${HOME:-/nonexistent}
path=
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  case $d in "$old_home" | "$old_home"/*) continue ;; esac
  path=${path:+$path:}$d
done
unset_vars=()
for v in $(compgen -e); do
  case $v in
    XDG_* | GOPATH | GOCACHE | GOMODCACHE | GOENV | GOFLAGS | GOTOOLCHAIN | GOBIN | npm_* | NPM_* | NODE_PATH) unset_vars+=(-u "$v") ;;
  esac
done

echo "fresh-home: npm test in $work/repo with HOME=$work/home" >&2
mkdir -p "$root/.artifacts"
log="$root/.artifacts/fresh-home.log"
start=$SECONDS
status=0
(cd "$work/repo" && env "${unset_vars[@]}" HOME="$work/home" PATH="$path" npm test) 2>&1 | tee "$log" || status=$?
echo "fresh-home: npm test exited $status after $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s (log: $log)" | tee -a "$log" >&2
exit "$status"
