// A strict reader of the ipvsadm-restore lines we generate (ipvsadm(8) option grammar). Test-only.
export interface IpvsService {
  key: string;
  scheduler: string;
  persistence: number | null;
}
export interface IpvsServer {
  service: string;
  server: string;
  method: string;
  weight: number;
}

const SERVICE = /^-A (-t \S+|-u \S+|-f \d+) -s (rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh)( -p (\d+))?( -M \S+)?$/;
const SERVER = /^-a (-t \S+|-u \S+|-f \d+) -r (\S+:\d+) (-g|-m|-i) -w (\d+)( -x \d+)?( -y \d+)?$/;

export function parseIpvsadmRules(text: string): { services: IpvsService[]; servers: IpvsServer[] } {
  const services: IpvsService[] = [];
  const servers: IpvsServer[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    let m = SERVICE.exec(line);
    if (m) {
      services.push({ key: m[1], scheduler: m[2], persistence: m[4] ? Number(m[4]) : null });
      continue;
    }
    m = SERVER.exec(line);
    if (m) {
      if (!services.some((s) => s.key === m[1])) throw new Error(`real server before its service: ${line}`);
      servers.push({ service: m[1], server: m[2], method: m[3], weight: Number(m[4]) });
      continue;
    }
    throw new Error(`not an ipvsadm rule: ${line}`);
  }
  return { services, servers };
}
