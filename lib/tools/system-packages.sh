#!/usr/bin/env bash
# Checks the Debian packages the tests need and, as root, installs the missing ones with apt-get.
# Usage: system-packages.sh PACKAGE...   Exits non-zero, naming what is missing, when it cannot install.
set -euo pipefail

missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them as root:  apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "[test] installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Packages such as keepalived must not start services on the test machine.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && created_policy=1
fi
trap '[ "$created_policy" = 1 ] && rm -f "$policy"' EXIT
apt-get update -qq
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/lvs-apt.log 2>&1; then
  tail -n 30 /tmp/lvs-apt.log >&2
  echo "Could not install: ${missing[*]} (full log: /tmp/lvs-apt.log)" >&2
  exit 1
fi
