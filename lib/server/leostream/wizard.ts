// The Leostream wizard: plans a deployment against the current configuration and writes it in one
// transaction (audited), or only returns the plan (dry run). A second run edits what the first made.
import 'server-only';
import { DEFAULT_CLUSTER_ID } from '../../schemas/cluster';
import { getDb } from '../platform/db-client';
import { AppError } from '../platform/errors';
import { parseOrThrow, ValidationError } from '../platform/validation';
import { nextFwmark, syncServiceFloatingIps, virtualServiceColumns } from '../config/virtual-services';
import { toVirtualServiceDto, toVirtualServiceSpec, toRealServerDto, toRealServerSpec } from '../config/rows';
import { listDirectors } from '../directors/directors';
import { planLeostream, type CurrentService, type LeostreamCurrent, type LeostreamPlan } from '../../schemas/leostream-plan';
import {
  BROKER_SERVICE_LABEL,
  DEFAULT_PROTOCOLS,
  GATEWAY_SERVICE_LABEL,
  leostreamWizardSchema,
  readGatewayPorts,
  type LeostreamWizard,
} from '../../schemas/leostream';
import {
  checklistSummary,
  leostreamChecklist,
  renderLeostreamChecklist,
  type ChecklistInput,
  type ChecklistSection,
} from '../../render/leostream-checklist';
import type { Prisma } from '../generated/prisma/client';
import { audit } from '../platform/audit';
import { describeCheck } from '../../schemas/health-check';

type Tx = Prisma.TransactionClient;

async function loadService(db: Pick<Tx, 'virtualService' | 'realServer'>, label: string): Promise<CurrentService | null> {
  const row = await db.virtualService.findUnique({ where: { clusterId_label: { clusterId: DEFAULT_CLUSTER_ID, label } } });
  if (!row) return null;
  const servers = await db.realServer.findMany({ where: { virtualServiceId: row.id }, orderBy: { createdAt: 'asc' } });
  return {
    id: row.id,
    version: row.version,
    spec: toVirtualServiceSpec(row),
    realServers: servers.map((r) => ({ id: r.id, version: r.version, spec: toRealServerSpec(r) })),
  };
}

async function loadCurrent(db: Pick<Tx, 'virtualService' | 'realServer' | 'floatingIp'>): Promise<LeostreamCurrent> {
  const [services, floatingIps, gateway, broker] = await Promise.all([
    db.virtualService.findMany({ select: { id: true, label: true, ip: true, ports: true, protocol: true } }),
    db.floatingIp.findMany({ select: { address: true, purpose: true, interface: true } }),
    loadService(db, GATEWAY_SERVICE_LABEL),
    loadService(db, BROKER_SERVICE_LABEL),
  ]);
  return { services, floatingIps, gateway, broker };
}

export interface LeostreamResult {
  plan: LeostreamPlan;
  /** false for a dry run, or when nothing differs. */
  written: boolean;
}

/** POST /api/v1/wizards/leostream, the wizard's Create step and `cli leostream`. */
export async function runLeostreamWizard(args: { input: unknown; actor: string; dryRun?: boolean }): Promise<LeostreamResult> {
  const input = parseOrThrow(leostreamWizardSchema, args.input);
  const dryRun = args.dryRun ?? input.dryRun;
  if (dryRun) {
    const plan = planLeostream(input, await loadCurrent(getDb()));
    if (plan.issues.length) throw new ValidationError(plan.issues);
    return { plan, written: false };
  }
  return getDb().$transaction(async (tx) => {
    const plan = planLeostream(input, await loadCurrent(tx));
    if (plan.issues.length) throw new ValidationError(plan.issues);
    if (plan.changes === 0) return { plan, written: false };
    await writePlan(tx, plan, input, args.actor);
    return { plan, written: true };
  });
}

async function writePlan(tx: Tx, plan: LeostreamPlan, input: LeostreamWizard, actor: string) {
  for (const s of plan.services) {
    const serviceId = await writeService(tx, s, actor);
    if (serviceId) await writeRealServers(tx, s, serviceId, actor);
  }
  await writeGatewayFloatingIp(tx, plan, actor);
  await syncServiceFloatingIps(tx, actor);
  const { dryRun: _d, ...asked } = input;
  await audit(tx, {
    actor,
    action: 'run',
    objectType: 'LeostreamWizard',
    after: { input: asked, changes: plan.items.filter((i) => i.action !== 'unchanged') },
  });
}

type PlannedServiceRow = LeostreamPlan['services'][number];

/** One planned service written (with the stale-version check); its id, or null once deleted. */
async function writeService(tx: Tx, s: PlannedServiceRow, actor: string): Promise<string | null> {
  let serviceId = s.id;
  if (s.action === 'create') {
    const created = await tx.virtualService.create({ data: { ...virtualServiceColumns(s.spec), fwmark: await nextFwmark(tx) } });
    serviceId = created.id;
    await audit(tx, {
      actor,
      action: 'create',
      objectType: 'VirtualService',
      objectId: created.id,
      after: { ...toVirtualServiceDto(created), via: 'leostream-wizard' },
    });
  } else if (s.action === 'update') {
    const before = await tx.virtualService.findUniqueOrThrow({ where: { id: s.id } });
    const updated = await tx.virtualService.updateMany({
      where: { id: s.id, version: s.version },
      data: { ...virtualServiceColumns(s.spec), version: { increment: 1 } },
    });
    if (updated.count !== 1)
      throw new AppError('STALE_VERSION', `${s.spec.label} was changed while the wizard ran. Review the plan again; nothing was saved.`);
    const after = await tx.virtualService.findUniqueOrThrow({ where: { id: s.id } });
    await audit(tx, {
      actor,
      action: 'update',
      objectType: 'VirtualService',
      objectId: s.id,
      before: toVirtualServiceDto(before),
      after: { ...toVirtualServiceDto(after), via: 'leostream-wizard' },
    });
  } else if (s.action === 'delete') {
    await tx.virtualService.delete({ where: { id: s.id } });
    await audit(tx, {
      actor,
      action: 'delete',
      objectType: 'VirtualService',
      objectId: s.id,
      before: { ...s.spec, via: 'leostream-wizard' },
    });
    return null;
  }
  return serviceId!;
}

/** Its real servers: deletions first (a gateway whose address moves to a new label must not clash with itself). */
async function writeRealServers(tx: Tx, s: PlannedServiceRow, serviceId: string, actor: string): Promise<void> {
  for (const r of s.realServers.filter((x) => x.action === 'delete')) {
    await tx.realServer.delete({ where: { id: r.id } });
    await audit(tx, {
      actor,
      action: 'delete',
      objectType: 'RealServer',
      objectId: r.id,
      before: { service: s.spec.label, ...r.spec, via: 'leostream-wizard' },
    });
  }
  for (const r of s.realServers) {
    if (r.action === 'create') {
      const created = await tx.realServer.create({ data: { ...r.spec, virtualServiceId: serviceId } });
      await audit(tx, {
        actor,
        action: 'create',
        objectType: 'RealServer',
        objectId: created.id,
        after: { service: s.spec.label, ...toRealServerDto(created), via: 'leostream-wizard' },
      });
    } else if (r.action === 'update') {
      const updated = await tx.realServer.updateMany({
        where: { id: r.id, version: r.version },
        data: { label: r.spec.label, ip: r.spec.ip, port: r.spec.port, version: { increment: 1 } },
      });
      if (updated.count !== 1)
        throw new AppError(
          'STALE_VERSION',
          `Real server ${r.spec.label} was changed while the wizard ran. Review the plan again; nothing was saved.`,
        );
      await audit(tx, {
        actor,
        action: 'update',
        objectType: 'RealServer',
        objectId: r.id!,
        after: { service: s.spec.label, ...r.spec, via: 'leostream-wizard' },
      });
    }
  }
}

async function writeGatewayFloatingIp(tx: Tx, plan: LeostreamPlan, actor: string): Promise<void> {
  if (plan.floatingIp?.action !== 'create') return;
  const f = await tx.floatingIp.create({
    data: {
      address: plan.floatingIp.address,
      prefix: plan.floatingIp.address.includes(':') ? 128 : 32,
      purpose: 'gateway',
      interface: plan.floatingIp.interface,
    },
  });
  await audit(tx, {
    actor,
    action: 'create',
    objectType: 'FloatingIp',
    objectId: f.id,
    after: { address: f.address, purpose: 'gateway', interface: f.interface, via: 'leostream-wizard' },
  });
}

/** The wizard's answers as the current configuration gives them (a second run starts from here). */
export interface LeostreamSetup {
  exists: boolean;
  input: LeostreamWizard;
  keptPorts: string[];
  /** Which check guards which ports (the gateway service, then the brokers'). */
  checks: ChecklistInput['checks'];
}

export async function getLeostreamSetup(): Promise<LeostreamSetup> {
  const current = await loadCurrent(getDb());
  const gw = current.gateway;
  const rows = (s: CurrentService | null) => (s?.realServers ?? []).map((r) => ({ label: r.spec.label, ip: r.spec.ip }));
  if (!gw) {
    return {
      exists: false,
      keptPorts: [],
      checks: [],
      input: {
        mode: 'dr',
        gatewayVip: '',
        gateways: [],
        brokerVip: null,
        brokers: [],
        protocols: [...DEFAULT_PROTOCOLS],
        gatewayPortRange: null,
        persistenceTimeout: 300,
        gatewayFloatingIp: null,
        gatewayFloatingIpInterface: null,
        dryRun: false,
      },
    };
  }
  const ports = readGatewayPorts(gw.spec.ports);
  const gatewayFip = current.floatingIps.find((f) => f.purpose === 'gateway');
  const checks = [gw, current.broker]
    .filter((s) => s !== null)
    .map((s) => ({
      service: s.spec.label,
      ports: s.spec.ports,
      check: describeCheck(s.spec.healthCheck),
      none: s.spec.healthCheck.type === 'none',
    }));
  return {
    exists: true,
    keptPorts: ports.kept,
    checks,
    input: {
      mode: gw.spec.forwarding,
      gatewayVip: gw.spec.ip,
      gateways: rows(gw),
      brokerVip: current.broker?.spec.ip ?? null,
      brokers: rows(current.broker),
      protocols: ports.protocols,
      gatewayPortRange: ports.gatewayPortRange,
      persistenceTimeout: gw.spec.persistence.timeout,
      gatewayFloatingIp: gw.spec.forwarding === 'nat' ? (gatewayFip?.address ?? null) : null,
      gatewayFloatingIpInterface: gw.spec.forwarding === 'nat' ? (gatewayFip?.interface ?? null) : null,
      dryRun: false,
    },
  };
}

async function checklistInput(setup: LeostreamSetup): Promise<ChecklistInput> {
  const directors = await listDirectors(DEFAULT_CLUSTER_ID);
  return { ...setup.input, directors: directors.map((d) => ({ name: d.name, interface: d.vrrpInterface })), checks: setup.checks };
}

/** GET /api/v1/wizards/leostream/checklist: the Leostream-side steps for this deployment, as Markdown. */
export async function getLeostreamChecklist(): Promise<{ markdown: string; setup: LeostreamSetup }> {
  const setup = await getLeostreamSetup();
  if (!setup.exists)
    throw new AppError(
      'NOT_FOUND',
      `There is no Leostream deployment yet (no ${GATEWAY_SERVICE_LABEL} service). Run Cluster Configuration > Leostream Wizard first.`,
    );
  return { markdown: renderLeostreamChecklist(await checklistInput(setup)), setup };
}

/** The checklist page: the same steps as sections, or null before the wizard ran. */
export async function getLeostreamChecklistSections(): Promise<{ summary: string; sections: ChecklistSection[] } | null> {
  const setup = await getLeostreamSetup();
  if (!setup.exists) return null;
  const input = await checklistInput(setup);
  return { summary: checklistSummary(input), sections: leostreamChecklist(input) };
}
