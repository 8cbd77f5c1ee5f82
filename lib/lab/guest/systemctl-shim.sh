#!/bin/sh
# The lab's directors have no systemd: this stands in for `systemctl start|stop|restart|reload|
# is-active keepalived`, with keepalived's own pid files, as a real director's unit would.
quiet=no
verb=$1
shift
for a in "$@"; do
  case "$a" in
    -q|--quiet) quiet=yes ;;
    -*) ;;
    *) unit=${a%.service} ;;
  esac
done
unit=${unit:-}
[ "$unit" = keepalived ] || { echo "lab systemctl: only keepalived is managed here" >&2; exit 1; }
pid() { cat /run/keepalived.pid 2>/dev/null; }
running() { p=$(pid) && [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
start() {
  running && return 0
  [ -s /etc/keepalived/keepalived.conf ] || return 0 # like the unit's ConditionFileNotEmpty
  keepalived -n -l -D -f /etc/keepalived/keepalived.conf -p /run/keepalived.pid -r /run/keepalived_vrrp.pid -c /run/keepalived_checkers.pid \
    </dev/null >>/run/keepalived.log 2>&1 &
  for i in $(seq 1 50); do running && return 0; sleep 0.1; done
  echo "keepalived did not start; see /run/keepalived.log" >&2
  return 1
}
stop() {
  running || return 0
  kill "$(pid)"
  for i in $(seq 1 50); do running || return 0; sleep 0.1; done
  kill -9 "$(pid)" 2>/dev/null
}
case "$verb" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  reload) running && kill -HUP "$(pid)" || start ;;
  is-active) if running; then [ "$quiet" = yes ] || echo active; else [ "$quiet" = yes ] || echo inactive; exit 3; fi ;;
  *) echo "lab systemctl: $verb is not supported" >&2; exit 1 ;;
esac
