// Small director-side files: kernel settings and the VRRP notify hook.
import { ipFamily } from '../schemas/net';
import { DIRECTOR_PATHS, type RenderService } from './model';
import { translatesPorts } from '../schemas/virtual-service';
import { DEFAULT_SETTINGS, type ConsoleSettings } from '../schemas/settings';

/** /etc/sysctl.d file: the IPVS settings that make drain, halt and NAT behave. */
export function renderSysctl(services: RenderService[], settings: ConsoleSettings = DEFAULT_SETTINGS): string {
  const nat4 = services.some((s) => translatesPorts(s.forwarding) && ipFamily(s.ip) === 4);
  const nat6 = services.some((s) => translatesPorts(s.forwarding) && ipFamily(s.ip) === 6);
  const snat = services.some((s) => s.forwarding === 'snat');
  const lines = [
    '# IPVS settings for lvs-console directors. Generated.',
    '# Halt removes a real server: reset its clients at their next packet instead of letting them hang.',
    'net.ipv4.vs.expire_nodest_conn = 1',
    ...(settings.drainPersistentClients === 'follow'
      ? [
          '# Drain sets weight 0: also stop persistent (sticky) clients from being sent to a drained server.',
          'net.ipv4.vs.expire_quiescent_template = 1',
        ]
      : [
          '# Drain sets weight 0: persistent (sticky) clients stay on a drained server until their persistence times out.',
          'net.ipv4.vs.expire_quiescent_template = 0',
        ]),
  ];
  if (nat4) lines.push('# NAT: the director routes the real servers’ replies back to the clients.', 'net.ipv4.ip_forward = 1');
  if (nat6) lines.push('# NAT (IPv6): as above.', 'net.ipv6.conf.all.forwarding = 1');
  lines.push(
    ...(snat
      ? [
          '# Layer 4 SNAT: IPVS connections go through conntrack, so that the source NAT rules (marks.nft) see them.',
          'net.ipv4.vs.conntrack = 1',
        ]
      : ['# No Layer 4 SNAT service: IPVS connections stay out of conntrack (the kernel’s default).', 'net.ipv4.vs.conntrack = 0']),
  );
  return lines.join('\n') + '\n';
}

/** keepalived runs this on every VRRP change; the console reads the state file back. */
export function renderNotifyScript(): string {
  return [
    '#!/bin/sh',
    '# lvs-console VRRP notify hook. keepalived appends: TYPE NAME STATE PRIORITY.',
    '# Line 1: when the state last changed, and to what (to the millisecond); line 2: when it last left MASTER.',
    `state_file=${DIRECTOR_PATHS.vrrpState}`,
    'now=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)',
    'mkdir -p "$(dirname "$state_file")"',
    'left=$(awk \'$1 == "left-master" { print $2 }\' "$state_file" 2>/dev/null)',
    '[ "$(awk \'NR == 1 { print $4 }\' "$state_file" 2>/dev/null)" = MASTER ] && [ "$3" != MASTER ] && left=$now',
    '{ printf \'%s %s %s %s %s\\n\' "$now" "$1" "$2" "$3" "$4"; [ -z "$left" ] || printf \'left-master %s\\n\' "$left"; } > "$state_file.tmp"',
    'mv "$state_file.tmp" "$state_file"',
    'logger -t lvs-console "VRRP $1 $2 is now $3 (priority $4)"',
    'exit 0',
    '',
  ].join('\n');
}
