// The kernel table in ipvsadm-restore format: for directors without keepalived, for comparing with
// `ipvsadm -Sn` on a live director, and as the benchmark floor.
import { ipFamily } from '../schemas/net';
import { activeRealServers, effectiveWeight, inKernelTable, serviceShape } from './keepalived';
import { quiescentOf, type RenderService } from './model';
import type { ConsoleSettings } from '../schemas/settings';

const hostPort = (ip: string, port: number) => (ipFamily(ip) === 6 ? `[${ip}]:${port}` : `${ip}:${port}`);

/**
 * One service's rules. `live`: as the kernel holds them, admin states applied (halted real servers
 * absent, drained ones at weight 0, no thresholds since ipvsadm -Sn prints none); otherwise as
 * configured (admin states are applied by keepalived from the state files, not by this file).
 */
function serviceLines(s: RenderService, live: boolean, settings?: ConsoleSettings): string[] {
  const shape = serviceShape(s);
  const protoFlags = s.protocol === 'udp' ? '-u' : '-t';
  const svc = shape.single ? `${protoFlags} ${hostPort(s.ip, shape.firstPort)}` : `-f ${s.fwmark}`;
  let head = `-A ${svc} -s ${s.scheduler}`;
  if (s.persistence.enabled) {
    head += ` -p ${s.persistence.timeout}`;
    if (s.persistence.granularity) head += ` -M ${s.persistence.granularity}`;
  }
  const out = [head];
  for (const r of live ? activeRealServers(s, quiescentOf(s, settings)) : s.realServers) {
    const port = shape.single ? (r.port ?? shape.firstPort) : 0;
    let line = `-a ${svc} -r ${hostPort(r.ip, port)} ${s.forwarding === 'dr' ? '-g' : '-m'} -w ${live ? effectiveWeight(r) : r.weight}`;
    if (!live) {
      if (r.maxConnections > 0) line += ` -x ${r.maxConnections}`;
      if (r.minConnections > 0) line += ` -y ${r.minConnections}`;
    }
    out.push(line);
  }
  return out;
}

// The same services keepalived puts in the kernel.
const order = (services: RenderService[]) => services.filter(inKernelTable).sort((a, b) => a.label.localeCompare(b.label));

/** Input for `ipvsadm-restore` (which clears the table first). */
export function renderIpvsadmRules(services: RenderService[]): string {
  const lines = [
    '# lvs-console IPVS table (ipvsadm-restore format), as configured. Generated.',
    '# Drain and halt are applied live by keepalived from the state files, not here.',
  ];
  for (const s of order(services)) lines.push(`# ${s.label}`, ...serviceLines(s, false));
  return lines.join('\n') + '\n';
}

/**
 * What `ipvsadm -Sn` prints for this table, as a sorted list (it prints no thresholds). Real servers
 * whose health check fails are absent from a live table, so compare with care.
 */
export function expectedIpvsSave(services: RenderService[], settings?: ConsoleSettings): string[] {
  return order(services)
    .flatMap((s) => serviceLines(s, true, settings))
    .sort();
}
