#!/bin/sh
# lvs-console lab: (re)builds the Leostream-like topology, with the deployment guide's own addresses.
#   topology.sh dr   client, directors and real servers on one network (192.168.98.0/24)
#   topology.sh nat  client outside (192.168.85.0/24), real servers inside (192.168.98.0/24), the
#                    directors on both (eth0 outside, eth1 inside); real servers' gateway 192.168.98.100
set -eu
MODE=${1:-dr}
STATE=/run/lab/state
mkdir -p "$STATE" /run/lab/mnt

# --- tear down whatever a previous run left ----------------------------------------------------
for ns in $(ip netns list 2>/dev/null | cut -d' ' -f1); do
  for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
done
for m in /run/lab/mnt/*; do [ -e "$m" ] && { umount "$m" 2>/dev/null || true; rm -f "$m"; }; done
rm -rf /run/lab/down
ip link del br-lan 2>/dev/null || true
ip link del br-ext 2>/dev/null || true
rm -f "$STATE"/*

if ! mountpoint -q /run/lab/mnt; then
  mount -t tmpfs tmpfs /run/lab/mnt
  mount --make-private /run/lab/mnt
fi

ip link add br-lan type bridge && ip link set br-lan up
ip link add br-ext type bridge && ip link set br-ext up

# node NAME: a network namespace with lo up
node() {
  ip netns add "$1"
  ip -n "$1" link set lo up
  ip netns exec "$1" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
}
# link NAME IFNAME BRIDGE ADDRESS/PREFIX
link() {
  host="v$(echo "$1" | tr -d -c 'a-z0-9' | cut -c1-10)$2"
  # A namespace kept alive by a kernel thread (IPVS's sync daemon of a keepalived killed with -9)
  # keeps its veth pair too: remove our end, which takes the other with it.
  ip link del "$host" 2>/dev/null || true
  ip link add "$host" type veth peer name "$2" netns "$1"
  ip link set "$host" master "$3" up
  ip -n "$1" addr add "$4" dev "$2"
  ip -n "$1" link set "$2" up
}

# --- directors: own network namespace and own mount namespace -------------------------------------
director() {
  node "$1"
  ip netns exec "$1" sysctl -qw net.ipv4.ip_forward=1
  touch "/run/lab/mnt/$1"
  unshare --mount="/run/lab/mnt/$1" --propagation private sh -c "
    for d in /etc/keepalived /etc/lvs-console /run /tmp /var/lib/lvs-console /usr/local/lib/lvs-console /usr/local/sbin; do
      mkdir -p \$d 2>/dev/null; mount -t tmpfs tmpfs \$d
    done
    mkdir -p /run/sshd /run/lab
    cp /lab/guest/systemctl-shim.sh /usr/local/sbin/systemctl
    chmod 755 /usr/local/sbin/systemctl
  "
}
director director1
director director2

# --- real servers: HTTPS/HTTP/TCP/UDP listeners that answer with their name -----------------------
realserver() { # NAME ADDRESS
  node "$1"
  link "$1" eth0 br-lan "$2/24"
  addresses="$2"
  if [ "$MODE" = dr ]; then
    addresses="$2 192.168.98.238 192.168.98.237"
    # The guide's ARP method 1: VIPs on lo, no ARP answers or announcements for them.
    ip netns exec "$1" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
      net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
    ip -n "$1" addr add 192.168.98.238/32 dev lo
    ip -n "$1" addr add 192.168.98.237/32 dev lo
  else
    ip -n "$1" route add default via 192.168.98.100
  fi
  # shellcheck disable=SC2086
  ip netns exec "$1" /usr/bin/python3 -S /lab/guest/realserver.py "$1" $addresses </dev/null >"/run/lab/$1.log" 2>&1 &
  echo $! > "$STATE/$1.pid"
}

if [ "$MODE" = dr ]; then
  link director1 eth0 br-lan 192.168.98.21/24
  link director2 eth0 br-lan 192.168.98.22/24
  node client
  link client eth0 br-lan 192.168.98.10/24
else
  link director1 eth0 br-ext 192.168.85.101/24
  link director1 eth1 br-lan 192.168.98.21/24
  link director2 eth0 br-ext 192.168.85.102/24
  link director2 eth1 br-lan 192.168.98.22/24
  node client
  link client eth0 br-ext 192.168.85.10/24
fi
realserver gw1 192.168.98.231
realserver gw2 192.168.98.232
realserver brk1 192.168.98.230
realserver brk2 192.168.98.233

# Wait until every real server answers on its own address (python starts slowly under emulation).
for i in $(seq 1 150); do
  ready=0
  for n in gw1 gw2 brk1 brk2; do [ -e "$STATE/$n.ready" ] && ready=$((ready + 1)); done
  [ "$ready" = 4 ] && break
  sleep 0.2
done
[ "$ready" = 4 ] || { echo "topology: real servers did not start:"; cat /run/lab/*.log; exit 1; }
echo "$MODE" > "$STATE/mode"
echo "topology $MODE ready"
