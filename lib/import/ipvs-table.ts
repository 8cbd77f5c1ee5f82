// The IPVS table a keepalived.conf describes, in a form two configurations can be compared by: one
// entry per protocol, address and port (a multi-port or firewall-mark service counts once per port),
// with keepalived's defaults written out. Used to check that an import keeps the table it read.
import type { ConfNode } from './keepalived-parse';

export interface TableEntry {
  scheduler: string;
  method: 'DR' | 'NAT' | 'TUN';
  /** Persistence timeout in seconds, or null. */
  persistence: number | null;
  granularity: string | null;
  /** "ip:port weight", sorted (a port-less real server takes the service's port). */
  realServers: string[];
}

/** What a firewall mark carries (from the mark rules; the console's own rendering knows its marks). */
export type MarkTraffic = Record<number, { ip: string; ports: number[]; protocols: ('TCP' | 'UDP')[] }>;

export function ipvsTable(nodes: ConfNode[], marks: MarkTraffic = {}): Map<string, TableEntry> {
  const table = new Map<string, TableEntry>();
  const groups = new Map(nodes.filter((n) => n.keyword === 'virtual_server_group').map((n) => [n.args[0], n.children ?? []]));
  for (const vs of nodes.filter((n) => n.keyword === 'virtual_server')) {
    const kids = vs.children ?? [];
    const value = (k: string) => kids.find((x) => x.keyword === k);
    // keepalived: "no protocol set - defaulting to UDP".
    const protocol = (value('protocol')?.args[0] ?? 'UDP').toUpperCase() as 'TCP' | 'UDP';
    let endpoints: { ip: string; port: number; protocol: string }[] = [];
    if (vs.args[0] === 'fwmark') {
      const m = marks[Number(vs.args[1])];
      if (m) endpoints = m.protocols.flatMap((p) => m.ports.map((port) => ({ ip: m.ip, port, protocol: p })));
    } else if (vs.args[0] === 'group') {
      endpoints = (groups.get(vs.args[1]) ?? []).map((e) => ({ ip: e.keyword, port: Number(e.args[0] ?? 0), protocol }));
    } else endpoints = [{ ip: vs.args[0], port: Number(vs.args[1] ?? 0), protocol }];
    const pt = value('persistence_timeout');
    const base = {
      scheduler: (value('lvs_sched') ?? value('lb_algo'))?.args[0] ?? 'wlc',
      method: ((value('lvs_method') ?? value('lb_kind'))?.args[0]?.toUpperCase() ?? 'NAT') as TableEntry['method'],
      persistence: pt ? Number(pt.args[0] ?? 360) : null,
      granularity: value('persistence_granularity')?.args[0] ?? null,
    };
    const servers = kids.filter((k) => k.keyword === 'real_server');
    for (const e of endpoints) {
      const realServers = servers
        .map((r) => {
          const weight = (r.children ?? []).find((x) => x.keyword === 'weight')?.args[0] ?? '1';
          return `${r.args[0]}:${r.args[1] ?? e.port} ${weight}`;
        })
        .sort();
      table.set(`${e.protocol} ${e.ip}:${e.port}`, { ...base, realServers });
    }
  }
  return table;
}
