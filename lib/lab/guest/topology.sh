#!/bin/sh
# lvs-console lab: (re)builds the Leostream-like topology, with the deployment guide's own addresses.
#   topology.sh dr   client, directors and real servers on one network (192.168.98.0/24)
#   topology.sh nat  client outside (192.168.85.0/24), real servers inside (192.168.98.0/24), the
#                    directors on both (eth0 outside, eth1 inside); real servers' gateway 192.168.98.100
# Under emulation every process start costs tens of milliseconds, and every test file resets: the
# network is built by a few `ip -batch` runs rather than one `ip` per link and address.
set -eu
MODE=${1:-dr}
STATE=/run/lab/state
NODES="director1 director2 client gw1 gw2 brk1 brk2"
mkdir -p "$STATE" /run/lab/mnt

# --- tear down whatever a previous run left ----------------------------------------------------
old=""
for f in /run/netns/*; do [ -e "$f" ] && old="$old ${f##*/}"; done
if [ -n "$old" ]; then
  pids=$(for ns in $old; do echo "netns pids $ns"; done | ip -force -batch - 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
fi
set -- /run/lab/mnt/*
[ -e "$1" ] && { umount "$@" 2>/dev/null || true; }
rm -rf /run/lab/down /run/lab/mnt/* "$STATE"/*
# A namespace kept alive by a kernel thread (IPVS's sync daemon of a keepalived killed with -9)
# keeps its veth pair too: removing our end of each pair takes the other with it.
{
  for ns in $old; do echo "netns del $ns"; done
  for v in vdirector1eth0 vdirector1eth1 vdirector2eth0 vdirector2eth1 vclienteth0 vgw1eth0 vgw2eth0 vbrk1eth0 vbrk2eth0; do echo "link del $v"; done
  echo "link del br-lan"
  echo "link del br-ext"
} | ip -force -batch - >/dev/null 2>&1 || true

if ! mountpoint -q /run/lab/mnt; then
  mount -t tmpfs tmpfs /run/lab/mnt
  mount --make-private /run/lab/mnt
fi

# --- the links: LINKS holds "node ifname bridge address/prefix" ----------------------------------
if [ "$MODE" = dr ]; then
  LINKS="director1 eth0 br-lan 192.168.98.21/24
director2 eth0 br-lan 192.168.98.22/24
client eth0 br-lan 192.168.98.10/24"
else
  LINKS="director1 eth0 br-ext 192.168.85.101/24
director1 eth1 br-lan 192.168.98.21/24
director2 eth0 br-ext 192.168.85.102/24
director2 eth1 br-lan 192.168.98.22/24
client eth0 br-ext 192.168.85.10/24"
fi
LINKS="$LINKS
gw1 eth0 br-lan 192.168.98.231/24
gw2 eth0 br-lan 192.168.98.232/24
brk1 eth0 br-lan 192.168.98.230/24
brk2 eth0 br-lan 192.168.98.233/24"

# In the root namespace: bridges, namespaces, veth pairs (the node's end moved into its namespace).
{
  echo "link add br-lan type bridge"; echo "link set br-lan up"
  echo "link add br-ext type bridge"; echo "link set br-ext up"
  for ns in $NODES; do echo "netns add $ns"; done
  echo "$LINKS" | while read -r node ifname bridge _; do
    echo "link add v$node$ifname type veth peer name $ifname netns $node"
    echo "link set v$node$ifname master $bridge up"
  done
} | ip -batch -

# Inside each namespace: lo and its links up with their addresses; in DR the real servers hold the
# VIPs on lo (the guide's ARP method 1), in NAT their default gateway is the directors' floating IP.
for ns in $NODES; do
  {
    echo "link set lo up"
    echo "$LINKS" | while read -r node ifname _ address; do
      [ "$node" = "$ns" ] || continue
      echo "addr add $address dev $ifname"
      echo "link set $ifname up"
    done
    case "$ns" in gw*|brk*)
      if [ "$MODE" = dr ]; then echo "addr add 192.168.98.238/32 dev lo"; echo "addr add 192.168.98.237/32 dev lo"
      else echo "route add default via 192.168.98.100"; fi ;;
    esac
  } | ip -n "$ns" -batch -
done

# --- directors: own network namespace and own mount namespace -------------------------------------
DIRECTOR_DIRS="/etc/keepalived /etc/lvs-console /etc/sysctl.d /run /tmp /var/lib/lvs-console /usr/local/lib/lvs-console /usr/local/sbin"
# shellcheck disable=SC2086
mkdir -p $DIRECTOR_DIRS
for d in director1 director2; do
  ip netns exec "$d" sh -c 'for f in all/rp_filter default/rp_filter; do echo 0 > /proc/sys/net/ipv4/conf/$f; done; echo 1 > /proc/sys/net/ipv4/ip_forward'
  : > "/run/lab/mnt/$d"
  unshare --mount="/run/lab/mnt/$d" --propagation private sh -c "
    for d in $DIRECTOR_DIRS; do mount -t tmpfs tmpfs \$d; done
    mkdir -p /run/sshd /run/lab
    install -m 755 /lab/guest/systemctl-shim.sh /usr/local/sbin/systemctl
  "
done
ip netns exec client sh -c 'for f in all/rp_filter default/rp_filter; do echo 0 > /proc/sys/net/ipv4/conf/$f; done'

# --- real servers: HTTPS/HTTP/TCP/UDP listeners that answer with their name -----------------------
realserver() { # NAME ADDRESS
  addresses="$2"
  sysctls='for f in all/rp_filter default/rp_filter; do echo 0 > /proc/sys/net/ipv4/conf/$f; done'
  if [ "$MODE" = dr ]; then
    addresses="$2 192.168.98.238 192.168.98.237"
    # The guide's ARP method 1: no ARP answers or announcements for the VIPs on lo.
    sysctls="$sysctls; for i in all eth0; do echo 1 > /proc/sys/net/ipv4/conf/\$i/arp_ignore; echo 2 > /proc/sys/net/ipv4/conf/\$i/arp_announce; done"
  fi
  ip netns exec "$1" sh -c "$sysctls; exec /usr/bin/python3 -S /lab/guest/realserver.py $1 $addresses" </dev/null >"/run/lab/$1.log" 2>&1 &
  echo $! > "$STATE/$1.pid"
}
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
