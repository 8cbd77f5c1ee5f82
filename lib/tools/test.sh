#!/usr/bin/env bash
# npm test: every test of the project. Unit tests (vitest), the director lab's tests (IPVS in a QEMU
# VM), then browser tests (Playwright in Debian's Chromium) against real console servers. Installs the
# Debian packages the tests need when run as root.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NEXT_TELEMETRY_DISABLED=1

t0=$(date +%s)
bash lib/tools/system-packages.sh chromium keepalived ipvsadm nftables iptables iproute2 util-linux openssh-server openssh-client openssl \
  qemu-system-x86 linux-image-amd64 busybox-static socat python3 curl procps kmod
# The director lab's VM is always stopped, also when a test fails or the run is interrupted.
trap 'npx tsx lib/lab/cli.ts stop >/dev/null 2>&1 || true' EXIT

status=0
echo "[test] unit tests"
npx vitest run || status=1

echo "[test] director lab tests (IPVS in a QEMU VM)"
lab_t0=$(date +%s)
npx vitest run -c vitest.lab.config.ts || status=1
echo "[test] director lab part took $(( $(date +%s) - lab_t0 )) s"
if pgrep -f "qemu-system-x86_64.*lvs-lab\|qemu-system-x86_64.*/.lab/" >/dev/null; then
  echo "[test] a lab QEMU process was left running:"; pgrep -af qemu-system-x86_64; status=1
fi

echo "[test] browser tests"
npx playwright test -c e2e/playwright.config.ts "$@" || status=1

echo "[test] finished in $(( $(date +%s) - t0 )) s: $([ $status = 0 ] && echo 'all passed' || echo 'FAILURES above')"
exit $status
