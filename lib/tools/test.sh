#!/usr/bin/env bash
# npm test: every test of the project. Unit tests (vitest), then browser tests (Playwright in Debian's
# Chromium) against real console servers. Installs the Debian packages the tests need when run as root.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NEXT_TELEMETRY_DISABLED=1

t0=$(date +%s)
bash lib/tools/system-packages.sh chromium keepalived ipvsadm nftables iptables iproute2 util-linux openssh-server openssh-client openssl

status=0
echo "[test] unit tests"
npx vitest run || status=1

echo "[test] browser tests"
npx playwright test -c e2e/playwright.config.ts "$@" || status=1

echo "[test] finished in $(( $(date +%s) - t0 )) s: $([ $status = 0 ] && echo 'all passed' || echo 'FAILURES above')"
exit $status
