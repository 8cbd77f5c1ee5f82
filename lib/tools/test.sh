#!/usr/bin/env bash
# npm test: every test of the project. The formatter's, linter's and type checks, unit tests (vitest),
# the director lab's tests (IPVS in a QEMU VM), then browser tests (Playwright in Debian's Chromium) against real console servers. Installs the
# Debian packages the tests need when run as root.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NEXT_TELEMETRY_DISABLED=1

t0=$(date +%s)
bash lib/tools/system-packages.sh chromium keepalived ipvsadm nftables iptables iproute2 util-linux openssh-server openssh-client openssl \
  qemu-system-x86 linux-image-amd64 busybox-static socat python3 curl procps kmod postgresql
# The second database: a private PostgreSQL server on 127.0.0.1 in a folder of this run (never the
# machine's own cluster). The domain tests and the API browser tests run on it as well.
export LVS_PG_DIR=/tmp/lvs-console-pg-$$ LVS_PG_PORT=${LVS_PG_PORT:-55433}
# The director lab's VM and the PostgreSQL server are always stopped, also when a test fails or the run is interrupted.
trap 'npx tsx lib/lab/cli.ts stop >/dev/null 2>&1 || true; bash lib/tools/postgres.sh stop; rm -rf "$LVS_PG_DIR" "$LVS_PG_DIR.initdb.log"' EXIT

# The import tests read the sample configurations of ldirectord and keepalived. unpack PKG extracts a
# package's files (not installed) into /tmp/lvs-console-PKG.
unpack() {
  ( cd /tmp && apt-get download "$1" >/dev/null 2>&1 && dpkg-deb -x "$1"_*.deb "/tmp/lvs-console-$1" && rm -f "$1"_*.deb ) \
    || echo "[test] could not fetch $1's package for its sample configuration (apt-get download $1)"
}
export LVS_LDIRECTORD_SAMPLE=/tmp/lvs-console-ldirectord/usr/share/doc/ldirectord/examples/ldirectord.cf
[ -f "$LVS_LDIRECTORD_SAMPLE" ] || unpack ldirectord
# The example Prometheus alerting rules are checked by promtool, from Debian's prometheus package (not installed).
export LVS_PROMTOOL=/tmp/lvs-console-prometheus/usr/bin/promtool
[ -x "$LVS_PROMTOOL" ] || unpack prometheus
# keepalived's are where its package puts them, unless this machine leaves documentation out (a dpkg
# path-exclude for /usr/share/doc).
export LVS_KEEPALIVED_SAMPLES=/usr/share/doc/keepalived/samples
if [ ! -f "$LVS_KEEPALIVED_SAMPLES/keepalived.conf.vrrp" ]; then
  LVS_KEEPALIVED_SAMPLES=/tmp/lvs-console-keepalived/usr/share/doc/keepalived/samples
  [ -f "$LVS_KEEPALIVED_SAMPLES/keepalived.conf.vrrp" ] || unpack keepalived
fi

# Each part's output is also kept in a log of this run, so that the end of the output (all that a CI
# summary may show) repeats what failed, after the parts that passed.
logs=$(mktemp -d /tmp/lvs-console-test-logs.XXXXXX)
failed=()
part() { # part NAME COMMAND...: runs a part, tees its output, remembers it if it failed
  local name=$1; shift
  if "$@" 2>&1 | tee "$logs/$name.log"; then return 0; fi
  failed+=("$name"); status=1
}

status=0
# The formatter, the linter and the type checker first: their findings fail the run like a test's.
echo "[test] formatter (prettier --check), linter (eslint, no warnings allowed), types (tsc)"
part format npx prettier --check .
part lint npx eslint . --max-warnings 0
part typecheck npx tsc --noEmit

echo "[test] unit tests"
part unit npx vitest run

echo "[test] director lab tests (IPVS in a QEMU VM)"
lab_t0=$(date +%s)
part lab npx vitest run -c vitest.lab.config.ts
echo "[test] director lab part took $(( $(date +%s) - lab_t0 )) s"
if pgrep -f "qemu-system-x86_64.*lvs-lab\|qemu-system-x86_64.*/.lab/" >/dev/null; then
  echo "[test] a lab QEMU process was left running:"; pgrep -af qemu-system-x86_64; status=1
fi

echo "[test] browser tests"
part browser npx playwright test -c e2e/playwright.config.ts "$@"

echo "[test] PostgreSQL: the domain tests and the API browser tests again, on a PostgreSQL server"
pg_t0=$(date +%s)
if pg_url=$(bash lib/tools/postgres.sh start); then
  part postgres-domain env LVS_TEST_POSTGRES="$pg_url" npx vitest run lib/server
  part postgres-browser env LVS_TEST_POSTGRES="$pg_url" npx playwright test -c e2e/playwright.config.ts api-keys api-validation backup consoles import setup virtual-services scale
else
  echo "[test] PostgreSQL did not start"; status=1
fi
echo "[test] PostgreSQL part took $(( $(date +%s) - pg_t0 )) s"

for name in "${failed[@]}"; do
  # Vitest and Playwright end with the failed tests and their errors: repeat that end, without colours.
  echo "[test] ===== $name FAILED: the end of its output ($logs/$name.log) ====="
  sed 's/\x1b\[[0-9;]*m//g' "$logs/$name.log" | grep -v ' ✓ \|^ *✓ ' | tail -n 150
done
echo "[test] finished in $(( $(date +%s) - t0 )) s: $([ $status = 0 ] && echo 'all passed' || echo 'FAILURES above')"
exit $status
