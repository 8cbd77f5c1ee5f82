// "Where does client X land?" on every director: its persistence template and connections, named by
// service and real server. IPVS cannot forget one client's template (no ipvsadm, netlink or /proc
// call does it): the answer says so, and what works instead.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { parseOrThrow } from '../platform/validation';
import { AppError } from '../platform/errors';
import { contactableDirectors, withDirectorSession } from '../directors/sessions';
import { lookUpClient, type ClientEntry } from '../../director/client-lookup';
import { ipSchema } from '../../schemas/common';
import { parsePorts } from '../../schemas/net';

export interface ClientLanding extends ClientEntry {
  service: string | null;
  realServerLabel: string | null;
}

export interface ClientLookup {
  client: string;
  directors: { director: string; reachable: boolean; error: string | null; templates: ClientLanding[]; connections: ClientLanding[] }[];
  note: string;
}

export const CLIENT_TEMPLATE_NOTE =
  'IPVS cannot delete one client’s persistence template. To move this client now, drain its real server (its persistent clients then go elsewhere at their next connection) or halt it (its connections are reset); otherwise the template expires after the time shown, counted from the client’s last connection.';

export async function findClient(ipInput: unknown): Promise<ClientLookup> {
  const client = parseOrThrow(ipSchema, ipInput);
  const db = getDb();
  const [services, servers, directors] = await Promise.all([
    db.virtualService.findMany(),
    db.realServer.findMany(),
    contactableDirectors(DEFAULT_CLUSTER_ID),
  ]);
  const name = (e: ClientEntry): ClientLanding => {
    const onAddress = services.filter((x) => x.ip === e.virtualAddress);
    const byPort = onAddress.find((x) => {
      const p = parsePorts(x.ports);
      return p.ok && p.ranges.some((r) => e.virtualPort >= r.from && e.virtualPort <= r.to);
    });
    const s = e.fwmark !== null ? services.find((x) => x.fwmark === e.fwmark) : (byPort ?? onAddress[0]);
    const r = s ? servers.find((x) => x.virtualServiceId === s.id && x.ip === e.realServer) : undefined;
    return { ...e, service: s?.label ?? null, realServerLabel: r?.label ?? null };
  };
  const results = await Promise.all(
    directors.map(async (d) => {
      try {
        const entries = (await withDirectorSession(d, (conn) => lookUpClient(conn, client), { lane: 'read' })).map(name);
        return {
          director: d.name,
          reachable: true,
          error: null,
          templates: entries.filter((e) => e.template),
          connections: entries.filter((e) => !e.template),
        };
      } catch (err) {
        // Too many reads at once is not "unreachable": the whole lookup is refused with 429.
        if (err instanceof AppError && err.code === 'RATE_LIMITED') throw err;
        return {
          director: d.name,
          reachable: false,
          error: err instanceof Error ? err.message : String(err),
          templates: [],
          connections: [],
        };
      }
    }),
  );
  return { client, directors: results, note: CLIENT_TEMPLATE_NOTE };
}
