#!/usr/bin/env bash
# `npm run package`: builds the extension's VSIX.
#
#   - esbuild bundles the extension (with the in-process debug adapter) and the standalone
#     debug adapter into the two files the manifest names (`main`, the debugger's `program`);
#   - native/ ships as sources: the extension builds `redefine` with the user's Go on first use
#     (the engine inside them once, as native/internal/engine/engine.txtar);
#   - a platform VSIX (--target) also carries bin/redefine, cross-compiled for that platform
#     (CGO_ENABLED=0, -trimpath) with this machine's Go, and bin/redefine.json saying which Go
#     release built it: the extension uses it, without a build or a network, when the user's
#     Go is that release on that platform (extension/toolchain/bundled.ts);
#   - .vscodeignore keeps tests, the TypeScript already bundled, and node_modules out (koffi,
#     a native module esbuild cannot bundle, is the one dependency shipped as a folder).
#
# Prints the VSIX path(s) on stdout. Options:
#   --target T        a platform VSIX: darwin-arm64, darwin-x64, linux-x64 or linux-arm64
#   --all             the universal VSIX and every platform's (into dist/, or --out-dir)
#   --out FILE        where the one VSIX goes (default dist/NAME-VERSION[-TARGET].vsix)
#   --out-dir DIR     where the VSIXs of --all go
#   --no-typecheck    when tsc just ran
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

TARGETS=(darwin-arm64 darwin-x64 linux-x64 linux-arm64)

out=
out_dir=dist
typecheck=1
targets=()
while (($#)); do
  case $1 in
    --out) out=$2; shift 2 ;;
    --out-dir) out_dir=$2; shift 2 ;;
    --target)
      [[ " ${TARGETS[*]} " == *" $2 "* ]] || { log "unknown target $2 (known: ${TARGETS[*]})"; exit 2; }
      targets=("$2"); shift 2 ;;
    --all) targets=(universal "${TARGETS[@]}"); shift ;;
    --no-typecheck) typecheck=; shift ;;
    *) log "unknown option $1"; exit 2 ;;
  esac
done
((${#targets[@]})) || targets=(universal)
if [ -n "$out" ] && ((${#targets[@]} > 1)); then
  log "--out names one VSIX; with --all use --out-dir"
  exit 2
fi

if [ ! -x node_modules/.bin/esbuild ] || [ ! -x node_modules/.bin/vsce ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error --cache "$CACHE_DIR/npm" >&2
fi

version=$(node -p 'require("./package.json").version')
name=$(node -p 'require("./package.json").name')

if [ -n "$typecheck" ]; then
  log "type-checking (tsc --noEmit)"
  npx tsc -p . --noEmit >&2
fi

# The entry points and where the manifest expects their bundles.
main=$(node -p 'require("./package.json").main')
adapter=$(node -p '(require("./package.json").contributes.debuggers || []).map((d) => d.program).filter(Boolean)[0] || ""')
bundle() { # ENTRY OUTFILE [esbuild flags]
  local entry=$1 outfile=$2
  shift 2
  log "bundling $entry -> $outfile"
  npx esbuild "$entry" --bundle --platform=node --target=node20 --format=cjs \
    --outfile="$outfile" --minify-syntax \
    --log-level=warning "$@" >&2
}
# vscode is the host's; koffi loads a native binary per platform, so it ships as a folder.
bundle extension/main.ts "$main" --external:vscode --external:koffi
if [ -n "$adapter" ]; then
  [ -f debug-adapter/main.ts ] || { log "package.json names a debug adapter ($adapter) but debug-adapter/main.ts is missing"; exit 1; }
  bundle debug-adapter/main.ts "$adapter" --external:vscode
fi

# koffi (used on macOS to ask about the CPU) loads a native binary per platform; npm installed
# only this machine's. Put the binary of every platform the extension supports where koffi
# looks for bundled copies (koffi/build/koffi/<platform>_<arch>/koffi.node), from the npm
# packages koffi itself would install there, fetched once into the cache.
koffi_version=$(node -p 'require("./node_modules/koffi/package.json").version')
for platform in darwin-arm64 darwin-x64 linux-x64 linux-arm64; do
  triplet=${platform/-/_}
  cached="$CACHE_DIR/koffi/$koffi_version/$triplet/koffi.node"
  if [ ! -f "$cached" ]; then
    log "fetching koffi's $platform binary (@koromix/koffi-$platform@$koffi_version)"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack "@koromix/koffi-$platform@$koffi_version" --cache "$CACHE_DIR/npm" --loglevel=error >/dev/null \
      && tar -xzf ./*.tgz package/"$triplet"/koffi.node)
    mkdir -p "$(dirname "$cached")"
    mv "$tmp/package/$triplet/koffi.node" "$cached"
    rm -rf "$tmp"
  fi
  mkdir -p "node_modules/koffi/build/koffi/$triplet"
  cp "$cached" "node_modules/koffi/build/koffi/$triplet/koffi.node"
done

# bin/ holds the platform binary while one platform VSIX is packaged, and nothing otherwise.
rm -rf bin
trap 'rm -rf bin' EXIT

# build_redefine TARGET: cross-compiles the command into bin/ with its manifest.
build_redefine() {
  local goos=${1%-*} arch=${1#*-}
  local goarch=$arch
  [ "$arch" = x64 ] && goarch=amd64
  mkdir -p bin
  log "building redefine for $goos/$goarch (CGO_ENABLED=0, -trimpath)"
  (cd native && CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch GOWORK=off GOFLAGS=-mod=readonly \
    go build -trimpath -ldflags='-s -w' -o ../bin/redefine ./cmd/redefine)
  # The Go release that built it: the extension uses the binary only with that release.
  printf '{"goVersion": "%s", "goos": "%s", "goarch": "%s"}\n' "$(go env GOVERSION)" "$goos" "$goarch" >bin/redefine.json
}

for target in "${targets[@]}"; do
  suffix=
  target_flag=()
  rm -rf bin
  if [ "$target" != universal ]; then
    suffix=-$target
    target_flag=(--target "$target")
    build_redefine "$target"
  fi
  vsix=${out:-$out_dir/$name-$version$suffix.vsix}
  mkdir -p "$(dirname "$vsix")"
  log "vsce package ${target_flag[*]} -> $vsix"
  # No repository URL yet: say so instead of letting vsce ask on the terminal.
  npx vsce package "${target_flag[@]}" --out "$vsix" --allow-missing-repository --no-rewrite-relative-links </dev/null >&2 \
    || { log "vsce package failed"; exit 1; }
  echo "$vsix"
done
