#!/usr/bin/env bash
# Installs the system packages the tests need (Debian/Ubuntu) when they are missing. PostgreSQL's programs are found
# with `pg_config --bindir`, whatever the distribution's major version (Debian 12: 15, Ubuntu 24.04: 16); the
# postgresql packages provide pg_config (postgresql-common's wrapper over postgresql-client-NN), and libpq-dev's copy
# stands in where that wrapper finds none. iproute2 gives `ip`, which the partition test uses for its network namespaces.
set -euo pipefail
packages=(postgresql chromium prometheus iproute2)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if dpkg -s postgresql >/dev/null 2>&1 && ! pg_config --bindir >/dev/null 2>&1; then missing+=(libpq-dev); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing test dependencies: ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
if ! pg_config --bindir >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpq-dev >/dev/null
fi
