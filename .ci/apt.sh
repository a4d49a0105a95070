# Sourced by the CI scripts: installs Debian packages that are missing, running `apt-get update`
# at most once per CI run (the flag is exported, so scripts started from .ci/run see it).
export DEBIAN_FRONTEND=noninteractive

# apt_update_once: refresh the package lists unless this CI run already did.
apt_update_once() {
  if [ -z "${CONFTEKTON_APT_UPDATED:-}" ]; then
    apt-get update -qq
    export CONFTEKTON_APT_UPDATED=1
  fi
}

# ensure_packages LABEL PKG...: installs the packages dpkg does not know as installed.
ensure_packages() {
  local label=$1
  shift
  local missing=() p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "$label: installing ${missing[*]}"
    apt_update_once
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
