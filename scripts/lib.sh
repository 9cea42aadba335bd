# Shared helpers for the scripts in this folder (sourced, not run).
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/go-redefine"
mkdir -p "$CACHE_DIR"

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive quietly apt-get update -qq >&2
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive quietly apt-get install -y -qq --no-install-recommends "$@" >&2
}

# npm_fresh CMD...: runs CMD without the variables an enclosing npm (`npm test`, `npm start`)
# hands its scripts. They describe that npm, not the one CMD starts: npm_config_user_agent
# names the Node that ran `npm test`, and code-server's postinstall reads the Node version
# from it (and refused Node 24 as "node v20" on a first run). Settings from npmrc files and
# the user's own npm_config_* variables stay.
npm_fresh() {
  local unset=() v
  for v in $(compgen -e); do
    case $v in
      npm_config_user_agent | npm_config_local_prefix | npm_config_global_prefix | npm_config_prefix | \
        npm_config_node_gyp | npm_config_npm_version | npm_config_call | npm_command | npm_execpath | \
        npm_node_execpath | npm_lifecycle_* | npm_package_*) unset+=(-u "$v") ;;
    esac
  done
  env "${unset[@]}" "$@"
}

# go_releases prints the supported Go releases, oldest first.
go_releases() { grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/go-releases.txt"; }

# cannot_run WHAT WHY: for a test that needs something this machine lacks. On CI (CI=true)
# that is a failure: the script ends with status 1. Elsewhere it is a loud skip, listed in the
# closing summary of scripts/test.sh, and cannot_run returns 1 so the caller can go on.
cannot_run() {
  if [ "${CI:-}" = true ]; then
    log "FAIL: $1 cannot run: $2"
    exit 1
  fi
  log "!!! SKIPPING $1: $2"
  if [ -n "${GO_REDEFINE_SKIPS:-}" ]; then
    printf '%s: %s (%s)\n' "$(basename "$0" .sh)" "$1" "$2" >>"$GO_REDEFINE_SKIPS"
  fi
  return 1
}

# A part of scripts/test.d that ran nothing at all exits with this status (automake's SKIP).
SKIPPED_PART=77

# need_qemu succeeds when qemu-aarch64-static can run arm64 binaries; otherwise cannot_run.
need_qemu() {
  command -v qemu-aarch64-static >/dev/null && return 0
  cannot_run "the linux/arm64 tests" "qemu-aarch64-static is not installed (apt-get install qemu-user-static)"
}

# quietly CMD...: runs CMD with its output kept aside; prints the last line when it succeeds
# and the whole output when it fails, so a failure is never cut short.
quietly() {
  local out status=0
  out=$(mktemp)
  "$@" >"$out" 2>&1 || status=$?
  if ((status)); then
    log "FAILED (exit $status): $*"
    cat "$out" >&2
  else
    tail -n 1 "$out"
  fi
  rm -f "$out"
  return "$status"
}

# run_arm64_tests DIR NAME [test flags]: builds the tests of the Go package
# in DIR for linux/arm64 and runs them under qemu.
run_arm64_tests() {
  local dir=$1 name=$2
  shift 2
  local bin
  bin="$(mktemp -d)/$name-arm64.test"
  (cd "$dir" && GOARCH=arm64 CGO_ENABLED=0 go test -c -o "$bin" .) || return 1
  REDEFINE_TEST_EXEC=qemu-aarch64-static qemu-aarch64-static "$bin" "$@"
}
