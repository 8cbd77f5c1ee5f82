#!/usr/bin/env bash
# A private PostgreSQL server for the tests: its own cluster in a temporary folder, listening on
# 127.0.0.1 only, trust authentication, never the machine's own cluster. Uses Debian's `postgresql`
# package (lib/tools/system-packages.sh installs it).
#
#   postgres.sh start   prints the URL of a superuser connection (postgresql://lvs@127.0.0.1:PORT/postgres)
#   postgres.sh stop
set -euo pipefail
PORT=${LVS_PG_PORT:-55432}
DIR=${LVS_PG_DIR:-/tmp/lvs-console-pg-$PORT}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }

# PostgreSQL refuses to run as root: run it as the `postgres` user Debian's package creates.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if ! as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      if [ ! -f "$DIR/PG_VERSION" ]; then
        mkdir -p "$DIR"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
        as_owner "$BIN/initdb" -D "$DIR" -U lvs --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR.initdb.log" 2>&1 \
          || { cat "$DIR.initdb.log" >&2; exit 1; }
      fi
      as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    fi
    echo "postgresql://lvs@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_owner "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: postgres.sh start|stop" >&2; exit 2
    ;;
esac
