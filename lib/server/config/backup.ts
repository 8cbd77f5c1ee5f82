// The whole configuration as one JSON document (Backup & Restore, `cli export`, GET /api/v1/config), and
// what the renderers load (lib/server/config/rendering.ts). No secrets: SSH keys and passwords are not part of it.
import 'server-only';
import { getDb } from '../platform/db-client';
import { CONFIG_FORMAT, type ConfigDocument } from '../../schemas/config-document';
import type { FloatingIpSpec } from '../../schemas/floating-ip';
import { toDirectorSpec } from '../directors/directors';
import { getConsoleSettings } from './settings';
import { toRealServerSpec, toVirtualServiceSpec } from './rows';
import { configurationRows } from './version';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';

/** One cluster's configuration as it is in the database (`default` unless told). No secrets: SSH keys and passwords are not part of it. */
export async function exportConfiguration(clusterId: string = DEFAULT_CLUSTER_ID): Promise<ConfigDocument> {
  const db = getDb();
  const [services, floating, directors, settings] = await Promise.all([
    configurationRows(clusterId),
    db.floatingIp.findMany({ where: { clusterId }, orderBy: { address: 'asc' } }),
    db.director.findMany({ where: { clusterId }, orderBy: { name: 'asc' } }),
    getConsoleSettings(db),
  ]);
  const serviceAddresses = new Set(services.map((s) => s.ip));
  return {
    format: CONFIG_FORMAT,
    exportedAt: new Date().toISOString(),
    virtualServices: services.map((s) => ({
      ...toVirtualServiceSpec(s),
      fwmark: s.fwmark,
      realServers: s.realServers.map(toRealServerSpec),
    })),
    // Service addresses are derived from the services; only the admin's own floating IPs are listed.
    floatingIps: floating
      .filter((f) => f.purpose !== 'vip' || !serviceAddresses.has(f.address))
      .map((f) => ({ address: f.address, prefix: f.prefix, purpose: f.purpose as FloatingIpSpec['purpose'], interface: f.interface })),
    directors: directors.map(toDirectorSpec),
    settings,
  };
}
