#!/bin/sh
# lvs-console lab: first thing the guest runs (busybox init sysinit), in the VM's root namespace.
set -u
log() { echo "lab-boot: $*" > /dev/console; }
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts && mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mkdir -p /run/netns /run/sshd /run/lab /var/run
hostname lab
# The host's dotfiles (pyenv and friends) cost seconds per shell under emulation.
for f in /root/.bashrc /root/.profile /root/.bash_profile; do [ -e "$f" ] && : > "$f"; done
: > /etc/resolv.conf
ip link set lo up
# Only the host's port forwards reach the guest; no default route: nothing is routed out.
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
modprobe -a ip_vs ip_vs_rr ip_vs_wrr ip_vs_wlc ip_vs_lc ip_vs_sh ip_vs_dh ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_lblc ip_vs_lblcr ip_vs_mh \
  nf_conntrack nf_nat nf_tables nft_compat nft_chain_nat xt_mark xt_multiport xt_comment iptable_mangle iptable_nat iptable_filter veth bridge 2>/dev/null \
  || log "some modules did not load"
/usr/sbin/sshd -f /lab/sshd_root.conf -E /run/lab/sshd_root.log || log "control sshd failed"
for d in director1 director2; do
  port=$(cat "/lab/keys/$d.port")
  socat TCP-LISTEN:"$port",reuseaddr,fork EXEC:"/bin/sh /lab/guest/enter-director.sh $d",nofork </dev/null >/run/lab/socat-$d.log 2>&1 &
done
log "LAB-READY"
