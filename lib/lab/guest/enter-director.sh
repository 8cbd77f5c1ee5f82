#!/bin/sh
# One SSH connection to a director: sshd in inetd mode, inside the director's network and mount
# namespaces (its own /etc/keepalived, /etc/lvs-console, /run, ...). Refused until the topology exists.
d=$1
[ -e "/run/lab/mnt/$d" ] || exit 1
# A crashed director (Lab.killDirector) answers no SSH either, until the topology is rebuilt.
[ -e "/run/lab/down/$d" ] && exit 1
exec nsenter --net="/run/netns/$d" --mount="/run/lab/mnt/$d" /usr/sbin/sshd -i -f "/lab/sshd_$d.conf" -E "/run/lab/sshd_$d.log"
