# Shared helpers for the scripts in this folder (sourced, not run).
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/go-redefine"
mkdir -p "$CACHE_DIR"

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
