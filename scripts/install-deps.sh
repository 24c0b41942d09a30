#!/usr/bin/env bash
# Installs every Debian 12 package mydocker needs to build, test and run.
# Idempotent and quiet: apt is only called when something is missing.
# Engineers: add a package to PACKAGES below (or append a plain `apt-get install -y ...`).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ccache g++ pkg-config clang-format
  # libraries
  libboost1.81-dev nlohmann-json3-dev libarchive-dev libssl-dev zlib1g-dev catch2 libexpected-dev
  libcli11-dev libcap-dev libseccomp-dev
  libmnl-dev   # rtnetlink (network/): bridge, veth, addresses, routes
  libnftables-dev   # nftables in-process (network/): NAT, published ports; no nft binary on hosts
  libcurl4-openssl-dev   # registry client (layers/registry): HTTP, TLS, redirects
  # runtime + tests
  busybox-static iproute2 curl python3 openssl
  docker-registry   # local registry for pull/push tests
  zstd              # zstd layers in the registry tests
  clang libclang-rt-14-dev   # libFuzzer + ASan/UBSan harnesses of test/fuzz (scripts/fuzz.sh)
)

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps.sh: run as root (sudo scripts/install-deps.sh)" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
    missing+=("$pkg")
  fi
done

# The integration tests need a python3 that has the Docker SDK; Debian's if ours lacks it.
if ! python3 -c 'import docker' >/dev/null 2>&1; then
  missing+=(python3-docker)
fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Packages such as docker-registry would start a system service; tests start their own.
  created_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  trap 'if [[ $created_policy == 1 ]]; then rm -f /usr/sbin/policy-rc.d; fi' EXIT
  log=$(mktemp)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
fi
echo "install-deps: all packages present"
