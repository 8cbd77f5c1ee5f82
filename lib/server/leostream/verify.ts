// "Verify the deployment" (guide §12), run from the directors after an apply: every gateway and broker
// answers its health page on its own address, the services are in every director's kernel, and in
// Direct Routing no real server answers ARP for a VIP. Each result says what to fix.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { contactableDirectors, withDirectorSession } from '../directors/sessions';
import { getLeostreamSetup } from './wizard';
import { takeSnapshot, type DirectorSnapshot } from '../../director/snapshot';
import { runVerifyProbe, type VerifyProbeResult } from '../../director/leostream-verify';
import { BROKER_CHECK, BROKER_SERVICE_LABEL, GATEWAY_CHECK, GATEWAY_SERVICE_LABEL } from '../../schemas/leostream';
import { prepareAnchor } from '../../render/leostream-checklist';

export type VerifyStatus = 'pass' | 'fail' | 'warn';

export interface VerifyItem {
  id: string;
  title: string;
  status: VerifyStatus;
  detail: string;
  /** What to do about a failure. */
  fix?: string;
  /** A real server's preparation steps on the checklist. */
  prepare?: string;
}

export interface VerifyReport {
  checkedAt: string;
  passed: boolean;
  items: VerifyItem[];
}

interface DirectorRun {
  name: string;
  snapshot?: DirectorSnapshot;
  probe?: VerifyProbeResult;
  error?: string;
}

const explainCurl = (exit: number) =>
  exit === 28
    ? 'did not answer within 4 s'
    : exit === 7
      ? 'refused the connection on 443'
      : exit === 35 || exit === 60
        ? 'failed the TLS handshake'
        : exit === 6
          ? 'could not be resolved'
          : `could not be reached (curl exit ${exit})`;

/** POST /api/v1/wizards/leostream/verify, the wizard's Verify button and `cli leostream verify`. */
export async function verifyLeostream(): Promise<VerifyReport> {
  const setup = await getLeostreamSetup();
  if (!setup.exists)
    throw new AppError(
      'NOT_FOUND',
      `There is no Leostream deployment to verify (no ${GATEWAY_SERVICE_LABEL} service). Run the Leostream wizard and apply first.`,
    );
  const { input } = setup;
  const db = getDb();
  const directors = await contactableDirectors(DEFAULT_CLUSTER_ID);
  if (directors.length === 0)
    throw new AppError(
      'CONFLICT',
      'No director has a confirmed host key: add the directors and run Test connection (Local Configuration > Directors), then apply.',
    );
  const services = await db.virtualService.findMany({
    where: { clusterId: DEFAULT_CLUSTER_ID, label: { in: [GATEWAY_SERVICE_LABEL, BROKER_SERVICE_LABEL] } },
  });
  const servers = await db.realServer.findMany({
    where: { virtualServiceId: { in: services.map((s) => s.id) } },
    orderBy: { createdAt: 'asc' },
  });

  // Each real server's own health page, once (a broker that is also a gateway is checked as a gateway).
  const checked = [
    ...input.gateways.map((g) => ({ ...g, role: 'gateway', check: GATEWAY_CHECK })),
    ...input.brokers
      .filter((b) => !input.gateways.some((g) => g.ip === b.ip))
      .map((b) => ({ ...b, role: 'connection broker', check: BROKER_CHECK })),
  ];
  const probes = checked.map((s) => ({ ip: s.ip, path: s.check.request }));
  const vips = input.mode === 'dr' ? [input.gatewayVip, ...(input.brokerVip ? [input.brokerVip] : [])] : [];

  const runs = await probeDirectors(directors, probes, vips);
  const items: VerifyItem[] = [];
  const ok = runs.filter((r) => r.probe && r.snapshot);

  for (const r of runs) {
    if (r.error)
      items.push({
        id: `director-${r.name}`,
        title: `${r.name} reachable`,
        status: 'fail',
        detail: r.error,
        fix: 'Check that the director is up and its SSH answers (Local Configuration > Directors > Test connection), then verify again.',
      });
  }

  items.push(...healthItems(checked, ok), ...kernelItems(services, servers, ok));
  if (input.mode === 'dr') items.push(...arpItems([...input.gateways, ...input.brokers], vips, ok));
  return { checkedAt: new Date().toISOString(), passed: items.every((i) => i.status === 'pass'), items };
}

type Directors = Awaited<ReturnType<typeof contactableDirectors>>;
type Checked = { label: string; ip: string; role: string; check: { request: string; response: string } };

/** On every director at once: a snapshot (the kernel table) and the probe (health pages, neighbours, ARP). */
function probeDirectors(directors: Directors, probes: { ip: string; path: string }[], vips: string[]): Promise<DirectorRun[]> {
  return Promise.all(
    directors.map(async (d): Promise<DirectorRun> => {
      try {
        return await withDirectorSession(d, async (conn) => ({
          name: d.name,
          snapshot: await takeSnapshot(conn, { timeoutMs: 15_000 }),
          probe: await runVerifyProbe(conn, probes, vips),
        }));
      } catch (err) {
        return { name: d.name, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}

/** Health pages, on each real server's own address, from every reachable director. */
function healthItems(checked: Checked[], ok: DirectorRun[]): VerifyItem[] {
  const items: VerifyItem[] = [];
  for (const s of checked) {
    const failures: string[] = [];
    for (const r of ok) {
      const h = r.probe!.health.get(s.ip);
      if (!h) failures.push(`${r.name}: no answer recorded`);
      else if (h.exit !== 0) failures.push(`from ${r.name} it ${explainCurl(h.exit)}`);
      else if (h.body.trim() !== s.check.response)
        failures.push(`from ${r.name} it answered "${h.body.slice(0, 60) || '(nothing)'}" instead of ${s.check.response}`);
    }
    items.push({
      id: `health-${s.label}`,
      title: `${s.label} (${s.ip}) answers ${s.check.request} with ${s.check.response}`,
      status: ok.length === 0 ? 'warn' : failures.length ? 'fail' : 'pass',
      detail:
        ok.length === 0
          ? 'Not checked: no director could be reached.'
          : failures.length
            ? `${s.label} ${failures.join('; ')}.`
            : `Checked from ${ok.map((r) => r.name).join(' and ')}.`,
      fix: failures.length
        ? `Check that the Leostream ${s.role} service runs on ${s.ip} and listens on HTTPS 443, and that the directors can reach it.`
        : undefined,
    });
  }
  return items;
}

/** The services in every director's kernel, with every real server that is not halted. */
function kernelItems(
  services: { id: string; label: string; fwmark: number }[],
  servers: { virtualServiceId: string; adminState: string; ip: string; label: string }[],
  ok: DirectorRun[],
): VerifyItem[] {
  const items: VerifyItem[] = [];
  for (const svc of services) {
    const wanted = servers.filter((r) => r.virtualServiceId === svc.id && r.adminState !== 'halt');
    const problems: string[] = [];
    for (const r of ok) {
      const live = r.snapshot!.services.find((x) => x.key === `FWM ${svc.fwmark}`);
      if (!live) {
        problems.push(`${r.name} has no ${svc.label} in its kernel table`);
        continue;
      }
      const missing = wanted.filter((w) => !live.realServers.some((l) => l.address.replace(/:\d+$/, '').replace(/^\[|\]$/g, '') === w.ip));
      if (missing.length)
        problems.push(`${r.name} lacks ${missing.map((m) => m.label).join(', ')} (a failing health check takes a real server out)`);
    }
    items.push({
      id: `kernel-${svc.label}`,
      title: `${svc.label} is in the kernel of every director`,
      status: ok.length === 0 ? 'warn' : problems.length ? 'fail' : 'pass',
      detail:
        ok.length === 0
          ? 'Not checked: no director could be reached.'
          : problems.length
            ? `${problems.join('; ')}.`
            : `${wanted.length} real server(s) on ${ok.map((r) => r.name).join(' and ')}.`,
      fix: problems.length
        ? 'Apply the configuration (Maintenance > Apply); if a real server is missing, fix its health check first (above).'
        : undefined,
    });
  }
  return items;
}

/** Direct Routing: an ARP request for each VIP, from the director that holds it, must get no answer. */
function arpItems(everyone: { label: string; ip: string }[], vips: string[], ok: DirectorRun[]): VerifyItem[] {
  const items: VerifyItem[] = [];
  const byMac = new Map<string, { label: string; ip: string }>();
  for (const r of ok)
    for (const s of everyone) {
      const mac = r.probe!.neighbours.get(s.ip);
      if (mac) byMac.set(mac, s);
    }
  for (const vip of vips) {
    const holder = ok.find((r) => r.probe!.vipDevices.has(vip));
    const id = `arp-${vip}`;
    const title = `No real server answers ARP for ${vip}`;
    if (!holder) {
      items.push({
        id,
        title,
        status: 'fail',
        detail: `No director holds ${vip}.`,
        fix: 'Apply the configuration and check that keepalived runs (System Overview shows who is MASTER).',
      });
      continue;
    }
    if (!holder.probe!.arpTool) {
      items.push({
        id,
        title,
        status: 'warn',
        detail: `${holder.name} has no arping, so the ARP problem was not checked.`,
        fix: `Install it on each director: apt-get install -y iputils-arping; then verify again.`,
      });
      continue;
    }
    const macs = holder.probe!.arpReplies.get(vip) ?? [];
    const dev = holder.probe!.vipDevices.get(vip);
    if (macs.length === 0) {
      items.push({ id, title, status: 'pass', detail: `Asked from ${holder.name} (${dev}); only the director answers for it.` });
      continue;
    }
    for (const mac of macs) {
      const who = byMac.get(mac);
      items.push({
        id: `${id}-${mac}`,
        title,
        status: 'fail',
        detail: who
          ? `${who.label} (${who.ip}, ${mac}) answers ARP for ${vip}: it has not solved the ARP problem, so clients can reach it directly instead of through the director.`
          : `A host with MAC ${mac} (not one of the real servers the directors know) answers ARP for ${vip} on ${dev}.`,
        fix: who
          ? `On ${who.label}: set arp_ignore=1 and arp_announce=2, and keep ${vip} on lo only (not on its network interface); see its preparation steps.`
          : `Find the host with MAC ${mac} (ip neigh, the switch's MAC table): it claims ${vip}.`,
        prepare: who ? prepareAnchor(who.label) : undefined,
      });
    }
  }
  return items;
}
