// npm run cli -- <command>: the console's command line, on the same domain layer as the WebUI and API.
import fs from 'node:fs';
import readline from 'node:readline';
import { Writable } from 'node:stream';
import path from 'node:path';
import { createApiKey, listApiKeys, revokeApiKey } from '../server/auth/api-keys';
import { AppError } from '../server/platform/errors';
import { ValidationError } from '../server/platform/validation';
import { getDb } from '../server/platform/db-client';
import { applyPendingMigrations } from '../server/platform/migrations';
import { createVirtualService, deleteVirtualService, listVirtualServices } from '../server/config/virtual-services';
import { createCluster, listClusters, resolveClusterId } from '../server/clusters/clusters';
import { exportFleet, restoreFleet } from '../server/clusters/fleet-backup';
import { FLEET_BACKUP_FORMAT } from '../schemas/cluster';
import { createRealServer, deleteRealServer, listRealServers } from '../server/config/real-servers';
import { createFloatingIp, deleteFloatingIp, listFloatingIps } from '../server/config/floating-ips';
import { exportConfiguration } from '../server/config/backup';
import { restoreConfiguration, type RestorePlan } from '../server/config/restore';
import { loadRenderInput } from '../server/config/rendering';
import { importFile, importFromDirector, localIncludeReader, MERGE_EXPLANATION, parseFwmarkFlags } from '../server/config/adopt';
import { renderConfiguration } from '../render';
import { IMPORT_MAX_BYTES, tooLargeMessage, type ImportFormat } from '../schemas/import-source';
import { loadConfig } from '../server/platform/config';
import { SEED_DR, SEED_NAT } from '../schemas/seed';
import { createDirector, listDirectors, pinHostKey, testDirectorConnection } from '../server/directors/directors';
import { catchUpBehindDirectors } from '../server/apply/catch-up';
import { directorDrift, fixDrift } from '../server/apply/drift';
import { startApply } from '../server/apply/start';
import { makeDirectorActive } from '../server/ha/make-active';
import { setRealServerState } from '../server/live/real-server-state';
import { pollOverviewNow } from '../server/live/poller';
import { findClient } from '../server/live/clients';
import { dropAllDirectorSessions } from '../server/directors/sessions';
import { getConsolePublicKey } from '../server/directors/console-key';
import { getLeostreamChecklist, runLeostreamWizard } from '../server/leostream/wizard';
import { createUser, deleteUser, listUsers, setUserPassword, unlockUser } from '../server/auth/users';
import { verifyLeostream } from '../server/leostream/verify';
import { describeCheck } from '../schemas/health-check';

const USAGE = `usage: npm run cli -- <command>

  vs list                                   list virtual services
  vs add --label L --ip IP --ports 80,443 [--protocol tcp|udp|tcpudp] [--forwarding dr|nat|snat]
         [--scheduler wlc] [--persistence on|off] [--persistence-timeout 300]
         [--check negotiate|connect|smtp|dns|udp|ping|external|none] [--check-port N]
         negotiate: [--check-protocol http|https] [--request /path] [--response TEXT] [--status 200-399]
                    [--digest MD5] [--virtual-host HOST]   (more URLs: --json with healthCheck.moreUrls)
         smtp: [--helo-name NAME]   dns: [--dns-name NAME] [--dns-type A|AAAA|NS|CNAME|SOA|MX|TXT]
         udp: [--udp-payload HEX] [--udp-reply any|HEX]   external: --command SCRIPT [--args "WORDS"]
         [--quorum WEIGHT] [--hysteresis WEIGHT] [--quiescent on|off]   (default: the global setting)
         (an external check's SCRIPT is a file name in /usr/local/lib/lvs-console/checks/ on the directors)
  vs add --json '{...}'                     the same fields as the REST API
  vs delete --label L
  rs list --vs L                            real servers of a virtual service
  rs add --vs L --label L --ip IP [--port N] [--weight 100] [--min-connections 0] [--max-connections 0]
  rs delete --vs L --label L
  rs drain|halt|online --vs L --label L [--all-services] [--halt-when-idle SECONDS]
                                            live on every director, no reload; --all-services: that address in every service;
                                            --halt-when-idle (with drain): halt when its connections are gone, at the latest after SECONDS
  client IP                                 where a client lands: its persistence template and connections on each director
  overview                                  the live state of the directors, services and real servers
  fip list | fip add --address IP[/prefix] [--purpose gateway|vip] [--interface eth1] | fip delete --address IP
  export [--out FILE] [--cluster NAME | --all]
                                            a cluster's configuration as JSON (stdout by default); --all: every cluster's
  import FILE [--dry-run] [--cluster NAME]  replace the cluster's configuration with FILE (validated first); a file of
                                            export --all restores each cluster it names (made if missing)
  import-keepalived FILE [--dry-run] [--merge [LABEL]] [--fwmark N=IP:PORTS[/tcp|udp|tcpudp]]
                                            the services and floating IPs of an existing keepalived.conf (and its
                                            includes); directors and settings stay. Refused, naming file and line,
                                            if anything in it cannot be represented. --merge: services on one
                                            address with the same settings become one multi-port service
  import-from-director NAME [--dry-run] [--merge [LABEL]] [--fwmark ...]
                                            the same from the director's /etc/keepalived/keepalived.conf and
                                            its includes, read over SSH (host key confirmed first)
  import-ldirectord FILE [--dry-run] [--merge [LABEL]] [--fwmark ...]
                                            the same from an ldirectord.cf (its virtual= blocks)
  import-ipvsadm FILE [--dry-run] [--merge [LABEL]] [--fwmark N=IP:PORTS[/tcp|udp|tcpudp]]
                                            the same from \`ipvsadm -Sn\` output (no health checks in it:
                                            imported with "No checks")
  render [--director NAME] [--out DIR]      every artefact each director would run
  example dr|nat                            the deployment guide's Leostream setup as an import file
  director list | director add --name N --host H [--port 22] [--user root] [--role primary|secondary]
         [--interface eth0] [--vrrp-address IP] [--host-key SHA256:...]
  director test --name N                    connect and report (shows the host key to confirm)
  director pin --name N --host-key SHA256:...   pin the confirmed host key
  director drift --name N [--fix]           compare with the last applied revision (and put it back)
  director make-active --name N             move the floating IPs to this director of the pair (manual failover)
  director catch-up                         bring directors that missed an apply (unreachable then) to the last revision
  ssh-key                                   the console's public key and the command to authorise it
  apply [--comment TEXT] [--cluster NAME]   push the cluster's configuration to its directors; exits non-zero on failure
  cluster list | cluster add --name N [--site S] [--description D]
                                            the clusters (sites) with their directors, services and active director
  --cluster NAME                            on apply, vs list|add, director list|add, import-*: that cluster (id or name);
                                            lists show every cluster's without it, the others need it once there are two
  api-key create --name NAME [--role read-only|operator|admin | --clusters CLUSTER=ROLE[,CLUSTER=ROLE...]]
                                            create an API key and print it (shown once); read-only unless --role says otherwise;
                                            with --clusters it has those roles in those clusters and none elsewhere
  api-key list | api-key revoke --name NAME
  user list                                 the console's users and their roles
  user add --name N --role read-only|operator|admin
                                            add a user; the password is read from standard input (never the command line)
  user passwd --name N                      set a user's password (from standard input); ends their sessions
  user remove --name N                      remove a user (never the last admin)
  user unlock --name N                      forget a user's failed sign-ins (from every address)
  leostream --mode dr|nat|snat --gateway-vip IP --gateway LABEL=IP [--gateway LABEL=IP ...]
         [--broker-vip IP] [--broker LABEL=IP ...] [--protocols rdp,pcoip,rgs,nomachine,dcv,tgx]
         [--gateway-port-range 20001-23000] [--persistence-timeout 300]
         [--gateway-floating-ip IP --gateway-floating-ip-interface eth1] [--dry-run]
  leostream --json '{...}' [--dry-run]     the Leostream wizard (the same fields as the REST API); prints the plan
  leostream checklist                       the Leostream-side checklist for this deployment (Markdown)
  leostream verify                          check the deployment from the directors; exits non-zero if a check fails

Environment: LVS_DATA_DIR (default ./data) or DATABASE_URL selects the database.`;

const CLI_ACTOR = `cli:${process.env.SUDO_USER || process.env.USER || 'root'}`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function required(args: string[], name: string): string {
  const v = flag(args, name);
  if (!v) throw new AppError('BAD_REQUEST', `missing --${name} <value>\n\n${USAGE}`);
  return v;
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function serviceByLabel(label: string) {
  const vs = (await listVirtualServices()).find((s) => s.label === label);
  if (!vs) throw new AppError('NOT_FOUND', `No virtual service is labelled ${label}; see \`npm run cli -- vs list\`.`);
  return vs;
}

const table = (rows: string[][]) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows)
    console.log(
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
};

function flags(args: string[], name: string): string[] {
  return args.flatMap((a, i) =>
    a === `--${name}` && args[i + 1] !== undefined ? [args[i + 1]] : a.startsWith(`--${name}=`) ? [a.slice(name.length + 3)] : [],
  );
}

const labelled = (list: string[], what: string) =>
  list.map((v) => {
    const [label, ip, extra] = v.split('=');
    if (!label || !ip || extra !== undefined)
      throw new AppError('BAD_REQUEST', `Write each ${what} as LABEL=IP, e.g. --${what} GW01=192.168.98.231 (got "${v}").`);
    return { label, ip };
  });

async function leostream(args: string[]): Promise<void> {
  const verb = args[1];
  if (verb === 'checklist') {
    process.stdout.write((await getLeostreamChecklist()).markdown);
    return;
  }
  if (verb === 'verify') {
    const report = await verifyLeostream();
    for (const i of report.items) {
      console.log(`${i.status.toUpperCase().padEnd(4)}  ${i.title}: ${i.detail}`);
      if (i.fix) console.log(`      fix: ${i.fix}`);
    }
    console.log(report.passed ? 'verify passed' : 'verify found problems');
    if (!report.passed) process.exitCode = 3;
    return;
  }
  const json = flag(args, 'json');
  const protocols = flag(args, 'protocols');
  const input = json
    ? (JSON.parse(json) as unknown)
    : defined({
        mode: flag(args, 'mode'),
        gatewayVip: flag(args, 'gateway-vip'),
        gateways: labelled(flags(args, 'gateway'), 'gateway'),
        brokerVip: flag(args, 'broker-vip'),
        brokers: labelled(flags(args, 'broker'), 'broker'),
        protocols:
          protocols === undefined
            ? undefined
            : protocols
                .split(',')
                .map((p) => p.trim())
                .filter(Boolean),
        gatewayPortRange: flag(args, 'gateway-port-range'),
        persistenceTimeout: flag(args, 'persistence-timeout'),
        gatewayFloatingIp: flag(args, 'gateway-floating-ip'),
        gatewayFloatingIpInterface: flag(args, 'gateway-floating-ip-interface'),
      });
  const dryRun = args.includes('--dry-run');
  const { plan, written } = await runLeostreamWizard({ input, actor: CLI_ACTOR, dryRun: dryRun || undefined });
  const sign = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;
  for (const i of plan.items)
    console.log(
      `${sign[i.action]} ${i.kind} ${i.service ? `${i.service}/` : ''}${i.name}${i.details.length ? `: ${i.details.join('; ')}` : ''}`,
    );
  for (const n of plan.notes) console.log(`note: ${n}`);
  console.log(
    written
      ? `written: ${plan.changes} change(s); apply them with: npm run cli -- apply`
      : plan.changes
        ? `dry run: ${plan.changes} change(s) would be written`
        : 'nothing to change',
  );
}

const setRsState: Command = async (args) => {
  const [, verb] = args;
  const vs = await serviceByLabel(required(args, 'vs'));
  const label = required(args, 'label');
  const rs = (await listRealServers(vs.id)).find((r) => r.label === label);
  if (!rs) throw new AppError('NOT_FOUND', `${vs.label} has no real server labelled ${label}.`);
  const idle = flag(args, 'halt-when-idle');
  const r = await setRealServerState({
    virtualServiceId: vs.id,
    id: rs.id,
    input: {
      state: verb,
      allServices: args.includes('--all-services'),
      ...(idle ? { haltWhenIdle: { deadlineSeconds: Number(idle) } } : {}),
    },
    actor: CLI_ACTOR,
  });
  console.log(
    `${r.realServers.map((x) => `${x.label} (${x.service})`).join(', ')}: ${r.state}${r.haltWhenIdleDeadline ? `; the console halts it when idle, at the latest ${r.haltWhenIdleDeadline.toISOString()} (it must be running)` : ''}`,
  );
  for (const d of r.directors) console.log(`  ${d.director}: ${d.done ? 'done' : d.message}`);
  if (r.directors.some((d) => !d.done)) process.exitCode = 1;
  return;
};
type Command = (args: string[]) => Promise<void>;

/** --cluster NAME (id or name), checked; without it: every cluster (lists) or the only one (changes). */
async function clusterOf(args: string[], required: true): Promise<string>;
async function clusterOf(args: string[], required: false): Promise<string | undefined>;
async function clusterOf(args: string[], required: boolean): Promise<string | undefined> {
  const asked = flag(args, 'cluster');
  return asked || required ? resolveClusterId(asked) : undefined;
}

/** Every command, by its words (`vs list`) or its one word (`export`). */
const COMMANDS: Record<string, Command> = {
  'cluster list': async () => {
    const list = await listClusters();
    table([
      ['NAME', 'ID', 'SITE', 'DIRECTORS', 'SERVICES', 'ACTIVE', 'LAST APPLY'],
      ...list.map((c) => [
        c.name,
        c.id,
        c.site || '-',
        String(c.rollup.directors),
        String(Object.values(c.rollup.services).reduce((a, b) => a + b, 0)),
        c.rollup.activeDirector ?? '-',
        c.rollup.lastApply ? `${c.rollup.lastApply.status} ${c.rollup.lastApply.at}` : 'never',
      ]),
    ]);
  },
  'cluster add': async (args) => {
    const c = await createCluster({
      input: defined({ name: flag(args, 'name'), site: flag(args, 'site'), description: flag(args, 'description') }),
      actor: CLI_ACTOR,
    });
    console.log(`added cluster ${c.name} (id ${c.id}); add its directors and services with --cluster ${c.name}`);
  },
  'vs list': async (args) => {
    const list = await listVirtualServices(await clusterOf(args, false));
    if (!list.length) return console.log('no virtual services');
    table([
      ['LABEL', 'IP', 'PORTS', 'PROTOCOL', 'METHOD', 'PERSISTENCE', 'CHECK'],
      ...list.map((s) => [
        s.label,
        s.ip,
        s.ports,
        s.protocol,
        s.forwarding,
        s.persistence.enabled ? `${s.persistence.timeout}s` : 'off',
        describeCheck(s.healthCheck),
      ]),
    ]);
    return;
  },
  'vs add': async (args) => {
    const json = flag(args, 'json');
    const persistence = flag(args, 'persistence');
    const input = json
      ? (JSON.parse(json) as unknown)
      : defined({
          label: flag(args, 'label'),
          ip: flag(args, 'ip'),
          ports: flag(args, 'ports'),
          protocol: flag(args, 'protocol'),
          forwarding: flag(args, 'forwarding'),
          scheduler: flag(args, 'scheduler'),
          persistence: defined({
            enabled: persistence === undefined ? undefined : persistence === 'on',
            timeout: flag(args, 'persistence-timeout'),
          }),
          healthCheck: defined({
            type: flag(args, 'check'),
            port: flag(args, 'check-port'),
            protocol: flag(args, 'check-protocol'),
            request: flag(args, 'request'),
            response: flag(args, 'response'),
            virtualHost: flag(args, 'virtual-host'),
            command: flag(args, 'command'),
            status: flag(args, 'status'),
            digest: flag(args, 'digest'),
            heloName: flag(args, 'helo-name'),
            dnsName: flag(args, 'dns-name'),
            dnsType: flag(args, 'dns-type'),
            udpPayload: flag(args, 'udp-payload'),
            udpReply: flag(args, 'udp-reply'),
            args: flag(args, 'args'),
          }),
          quiescent: flag(args, 'quiescent') === undefined ? undefined : flag(args, 'quiescent') === 'on',
          quorum: flag(args, 'quorum'),
          hysteresis: flag(args, 'hysteresis'),
        });
    const { value, warnings } = await createVirtualService({ input, actor: CLI_ACTOR, clusterId: await clusterOf(args, true) });
    console.log(`created virtual service ${value.label} (${value.ip} ${value.ports})`);
    for (const w of warnings) console.error(`warning: ${w}`);
    return;
  },
  'vs delete': async (args) => {
    const vs = await serviceByLabel(required(args, 'label'));
    await deleteVirtualService({ id: vs.id, actor: CLI_ACTOR });
    return console.log(`deleted virtual service ${vs.label}`);
  },
  'rs list': async (args) => {
    const vs = await serviceByLabel(required(args, 'vs'));
    const list = await listRealServers(vs.id);
    if (!list.length) return console.log(`${vs.label} has no real servers`);
    table([
      ['LABEL', 'IP', 'PORT', 'WEIGHT', 'MIN', 'MAX', 'STATE'],
      ...list.map((r) => [
        r.label,
        r.ip,
        String(r.port ?? '-'),
        String(r.weight),
        String(r.minConnections),
        String(r.maxConnections),
        r.adminState,
      ]),
    ]);
    return;
  },
  'rs add': async (args) => {
    const vs = await serviceByLabel(required(args, 'vs'));
    const input = defined({
      label: flag(args, 'label'),
      ip: flag(args, 'ip'),
      port: flag(args, 'port'),
      weight: flag(args, 'weight'),
      minConnections: flag(args, 'min-connections'),
      maxConnections: flag(args, 'max-connections'),
    });
    const rs = await createRealServer({ virtualServiceId: vs.id, input, actor: CLI_ACTOR });
    return console.log(`added real server ${rs.label} (${rs.ip}) to ${vs.label}`);
  },
  'rs delete': async (args) => {
    const vs = await serviceByLabel(required(args, 'vs'));
    const label = required(args, 'label');
    const rs = (await listRealServers(vs.id)).find((r) => r.label === label);
    if (!rs) throw new AppError('NOT_FOUND', `${vs.label} has no real server labelled ${label}.`);
    await deleteRealServer({ virtualServiceId: vs.id, id: rs.id, actor: CLI_ACTOR });
    return console.log(`deleted real server ${label} of ${vs.label}`);
  },
  'rs drain': (args) => setRsState(args),
  'rs halt': (args) => setRsState(args),
  'rs online': (args) => setRsState(args),
  client: async (args) => {
    const [, verb] = args;
    const r = await findClient(verb);
    for (const d of r.directors) {
      console.log(`${d.director}:${d.reachable ? '' : ` unreachable: ${d.error}`}`);
      for (const t of d.templates)
        console.log(
          `  persistent to ${t.realServerLabel ?? t.realServer} (${t.realServer}) in ${t.service ?? t.virtualAddress}, expires in ${t.expiresInSeconds} s`,
        );
      for (const c of d.connections)
        console.log(
          `  ${c.protocol} :${c.clientPort} -> ${c.virtualAddress}:${c.virtualPort} (${c.service ?? '?'}) on ${c.realServerLabel ?? c.realServer}, ${c.state}, expires in ${c.expiresInSeconds} s`,
        );
      if (d.reachable && !d.templates.length && !d.connections.length) console.log('  nothing for this client');
    }
    console.log(`\n${r.note}`);
    return;
  },
  overview: async () => {
    const o = await pollOverviewNow();
    table([
      ['DIRECTOR', 'ROLE', 'REACHABLE', 'VRRP', 'FLOATING IPS', 'SYNC DAEMON', 'DATA FROM'],
      ...o.directors.map((d) => [
        d.name,
        d.role,
        d.reachable ? 'yes' : `no: ${d.error ?? ''}`,
        d.vrrpState ?? '-',
        d.holdsFloatingIps === null ? '-' : d.holdsFloatingIps ? 'holds them' : 'no',
        d.syncDaemon ?? '-',
        d.takenAt ?? 'never',
      ]),
    ]);
    console.log('');
    const rows = [['SERVICE / REAL SERVER', 'ADDRESS', 'STATE', 'ADMIN', 'WEIGHT (LIVE/CONF)', 'ACTIVE', 'INACTIVE', 'PERSISTENT']];
    for (const s of o.virtualServices) {
      rows.push([
        s.label,
        `${s.ip} ${s.ports}`,
        s.state,
        '',
        '',
        String(s.activeConnections ?? '-'),
        String(s.inactiveConnections ?? '-'),
        '',
      ]);
      for (const r of s.realServers) {
        rows.push([
          `  ${r.label}`,
          r.ip,
          r.health,
          r.adminState + (r.pendingOn.length ? ` (pending on ${r.pendingOn.join(', ')})` : ''),
          `${r.liveWeight ?? '-'}/${r.configuredWeight}`,
          String(r.activeConnections ?? '-'),
          String(r.inactiveConnections ?? '-'),
          String(r.persistentClients ?? '-'),
        ]);
      }
    }
    table(rows);
    if (o.source) console.log(`\nconnections and health as ${o.source} sees them`);
    return;
  },
  'fip list': async () => {
    const list = await listFloatingIps();
    if (!list.length) return console.log('no floating IPs');
    table([
      ['ADDRESS', 'PURPOSE', 'INTERFACE', 'USED BY'],
      ...list.map((f) => [`${f.address}/${f.prefix}`, f.purpose, f.interface ?? '-', f.usedBy.join(',') || '-']),
    ]);
    return;
  },
  'fip add': async (args) => {
    const f = await createFloatingIp({
      input: defined({ address: flag(args, 'address'), purpose: flag(args, 'purpose'), interface: flag(args, 'interface') }),
      actor: CLI_ACTOR,
    });
    return console.log(`added floating IP ${f.address}/${f.prefix} (${f.purpose})`);
  },
  'fip delete': async (args) => {
    const address = required(args, 'address');
    const f = (await listFloatingIps()).find((x) => x.address === address);
    if (!f) throw new AppError('NOT_FOUND', `${address} is not a floating IP.`);
    await deleteFloatingIp({ id: f.id, actor: CLI_ACTOR });
    return console.log(`deleted floating IP ${address}`);
  },
  export: async (args) => {
    // --all: every cluster in one file; else one cluster's (--cluster NAME, needed once there are two).
    const doc = args.includes('--all') ? await exportFleet() : await exportConfiguration(await clusterOf(args, true));
    const text = JSON.stringify(doc, null, 2) + '\n';
    const out = flag(args, 'out');
    if (out) {
      fs.writeFileSync(out, text);
      console.error(`wrote ${out}`);
    } else process.stdout.write(text);
    return;
  },
  render: async (args) => {
    const rendered = renderConfiguration(await loadRenderInput());
    const only = flag(args, 'director');
    const names = Object.keys(rendered.directors).filter((n) => !only || n === only);
    if (only && !names.length)
      throw new AppError(
        'NOT_FOUND',
        `No director is named ${only}; directors: ${Object.keys(rendered.directors).join(', ') || 'none (add one under Local Configuration > Directors)'}.`,
      );
    if (!names.length)
      throw new AppError('BAD_REQUEST', 'No director is configured yet: add one (npm run cli -- import, or the WebUI) before rendering.');
    const out = flag(args, 'out');
    for (const name of names) {
      for (const [file, text] of Object.entries(rendered.directors[name])) {
        if (out) {
          const target = path.join(out, name, file);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, text);
        } else process.stdout.write(`### ${name}: ${file}\n${text}\n`);
      }
    }
    if (out) {
      for (const rs of rendered.realServers) {
        const dir = path.join(out, 'real-servers', rs.ip);
        fs.mkdirSync(dir, { recursive: true });
        if (rs.dr) for (const [m, text] of Object.entries(rs.dr.scripts)) fs.writeFileSync(path.join(dir, `dr-${m}.sh`), text);
        if (rs.nat) fs.writeFileSync(path.join(dir, 'nat-gateway.sh'), rs.nat.script);
      }
      console.error(`wrote ${names.length} director(s) and ${rendered.realServers.length} real server script set(s) to ${out}`);
    }
    return;
  },
  'director list': async (args) => {
    const list = await listDirectors(await clusterOf(args, false));
    if (!list.length) return console.log('no directors');
    table([
      ['NAME', 'ROLE', 'SSH', 'VRRP', 'HOST KEY', 'LAST APPLY'],
      ...list.map((d) => [
        d.name,
        d.role,
        `${d.user}@${d.host}:${d.port}`,
        `${d.vrrpInterface} ${d.vrrpAddress ?? ''}`.trim(),
        d.hostKeyFingerprint ?? 'not confirmed',
        d.lastApplyStatus ?? '-',
      ]),
    ]);
    return;
  },
  'director add': async (args) => {
    const d = await createDirector({
      input: defined({
        name: flag(args, 'name'),
        host: flag(args, 'host'),
        port: flag(args, 'port'),
        user: flag(args, 'user'),
        role: flag(args, 'role'),
        vrrpInterface: flag(args, 'interface'),
        vrrpAddress: flag(args, 'vrrp-address'),
        hostKeyFingerprint: flag(args, 'host-key'),
      }),
      actor: CLI_ACTOR,
      clusterId: await clusterOf(args, true),
    });
    return console.log(
      `added director ${d.name} (${d.user}@${d.host}:${d.port})${d.hostKeyFingerprint ? '' : ' - run `director test` and confirm its host key'}`,
    );
  },
  'director test': async (args) => {
    const d = (await listDirectors()).find((x) => x.name === required(args, 'name'));
    if (!d) throw new AppError('NOT_FOUND', `No director is named ${flag(args, 'name')}.`);
    const r = await testDirectorConnection(d.id);
    console.log(JSON.stringify(r, null, 2));
    if (r.error) process.exitCode = 1;
    else if (!r.hostKeyPinned)
      console.error(
        `Host key ${r.hostKeyFingerprint} is not confirmed yet: compare it with the director's, then: npm run cli -- director pin --name ${d.name} --host-key ${r.hostKeyFingerprint}`,
      );
    return;
  },
  'director pin': async (args) => {
    const d = (await listDirectors()).find((x) => x.name === required(args, 'name'));
    if (!d) throw new AppError('NOT_FOUND', `No director is named ${flag(args, 'name')}.`);
    await pinHostKey({ id: d.id, fingerprint: required(args, 'host-key'), actor: CLI_ACTOR });
    return console.log(`pinned the host key of ${d.name}`);
  },
  'director drift': async (args) => {
    const d = (await listDirectors()).find((x) => x.name === required(args, 'name'));
    if (!d) throw new AppError('NOT_FOUND', `No director is named ${flag(args, 'name')}.`);
    const r = args.includes('--fix') ? await fixDrift({ id: d.id, actor: CLI_ACTOR }) : await directorDrift(d.id);
    console.log(JSON.stringify(r, null, 2));
    if (r.drifted) process.exitCode = 1;
    return;
  },
  'director make-active': async (args) => {
    const d = (await listDirectors()).find((x) => x.name === required(args, 'name'));
    if (!d) throw new AppError('NOT_FOUND', `No director is named ${flag(args, 'name')}; see \`npm run cli -- director list\`.`);
    const r = await makeDirectorActive({ id: d.id, actor: CLI_ACTOR });
    console.log(r.changed ? `${r.active} is active (took ${(r.ms / 1000).toFixed(1)} s)` : `${r.active} was already active`);
    return;
  },
  'director catch-up': async () => {
    // Asked for now: a director waiting out its back-off is tried too.
    const runs = await catchUpBehindDirectors(CLI_ACTOR, { now: true });
    if (!runs.length) console.log('no director is behind and reachable');
    for (const r of runs) console.log(`${r.comment}: ${r.status}${r.error ? ` (${r.error})` : ''}`);
    if (runs.some((r) => r.status !== 'succeeded')) process.exitCode = 1;
    return;
  },
  'ssh-key': async () => {
    const k = await getConsolePublicKey();
    console.log(k.publicKey);
    console.error(`Authorise it on each director (as root):\n  ${k.authorizeCommand}`);
    return;
  },
  apply: async (args) => {
    const t0 = Date.now();
    const started = await startApply({
      comment: flag(args, 'comment') ?? '',
      actor: CLI_ACTOR,
      clusterId: await clusterOf(args, true),
      onStep: (director, e) => {
        if (e.status !== 'running')
          console.log(
            `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${director.padEnd(12)} ${e.name.padEnd(12)} ${e.status}${e.output ? `: ${e.output}` : ''}`,
          );
      },
    });
    const run = await started.done;
    if (run.status !== 'succeeded') {
      console.error(`apply failed: ${run.error}`);
      process.exitCode = 1;
    } else {
      for (const st of run.steps.filter((x) => x.name === 'keep-active' || x.name === 'hold-standby' || x.status === 'skipped'))
        console.log(`${st.name}: ${st.output ?? st.status}`);
      if (run.warning) console.error(`warning: ${run.warning}`);
      console.log(`applied in ${((Date.now() - t0) / 1000).toFixed(1)} s (revision ${run.revisionId})`);
    }
    return;
  },
  'api-key create': async (args) => {
    const clusters = flag(args, 'clusters');
    const { key: apiKey, summary } = await createApiKey({
      name: required(args, 'name'),
      role: flag(args, 'role'),
      clusters,
      actor: CLI_ACTOR,
    });
    const scope = clusters ? `in clusters ${clusters} only` : summary.role;
    console.error(`API key "${summary.name}" (${scope}) created. It is shown only this once; store it now:`);
    console.log(apiKey);
    return;
  },
  'api-key list': async () => {
    const keys = await listApiKeys();
    if (!keys.length) console.log('no API keys');
    for (const k of keys)
      console.log(
        `${k.name}\t${k.clusters ? `in clusters ${k.clusters} only` : k.role}\t${k.prefix}…\tcreated ${k.createdAt.toISOString()}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}`,
      );
    return;
  },
  'user list': async () => {
    const users = await listUsers();
    table([['NAME', 'ROLE', 'CREATED'], ...users.map((u) => [u.name, u.role, u.createdAt.toISOString()])]);
    return;
  },
  'user add': async (args) => {
    const name = required(args, 'name');
    const u = await createUser({ input: { name, role: required(args, 'role'), password: await readPassword(name) }, actor: CLI_ACTOR });
    return console.log(`added user ${u.name} (${u.role})`);
  },
  'user passwd': async (args) => {
    const name = required(args, 'name');
    await setUserPassword({ name, password: await readPassword(name), actor: CLI_ACTOR });
    return console.log(`set the password of ${name}; every session of ${name} has ended`);
  },
  'user remove': async (args) => {
    const name = required(args, 'name');
    await deleteUser({ name, actor: CLI_ACTOR });
    return console.log(`removed user ${name}`);
  },
  'user unlock': async (args) => {
    const name = required(args, 'name');
    const r = await unlockUser({ name, actor: CLI_ACTOR });
    return console.log(`${name} may sign in again (${r.forgotten} failed sign-in${r.forgotten === 1 ? '' : 's'} forgotten)`);
  },
  'api-key revoke': async (args) => {
    await revokeApiKey({ name: required(args, 'name'), actor: CLI_ACTOR });
    console.log('revoked');
    return;
  },
};

/** `example dr|nat`: the deployment guide's Leostream setup as an import file. */
const exampleCommand: Command = ([, verb]) => {
  const doc = verb === 'dr' ? SEED_DR : verb === 'nat' ? SEED_NAT : null;
  if (!doc) throw new AppError('BAD_REQUEST', "usage: npm run cli -- example dr|nat   (the deployment guide's Leostream examples)");
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  return Promise.resolve();
};

/** `import FILE`: a backup restored (validated first). */
const restoreCommand: Command = async (args) => {
  const [, verb] = args;
  if (!verb || verb.startsWith('--')) throw new AppError('BAD_REQUEST', 'usage: npm run cli -- import FILE [--dry-run] [--cluster NAME]');
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(verb, 'utf8'));
  } catch (err) {
    throw new AppError('BAD_REQUEST', `Cannot read ${verb} as JSON: ${(err as Error).message}`);
  }
  const dryRun = args.includes('--dry-run');
  if ((doc as { format?: unknown } | null)?.format === FLEET_BACKUP_FORMAT) {
    // A backup of every cluster: each cluster of the file restored (made if missing); the others untouched.
    const fleet = await restoreFleet({ document: doc, actor: CLI_ACTOR, dryRun });
    for (const c of fleet.clusters) {
      console.log(`cluster ${c.name}${c.created ? (dryRun ? ' (would be created)' : ' (created)') : ''}:`);
      printPlan(c.plan, dryRun, `${verb} (${c.name})`);
    }
    if (fleet.untouched.length) console.log(`not in the file, left as they are: ${fleet.untouched.join(', ')}`);
    return;
  }
  const clusterId = await clusterOf(args, true);
  printPlan(await restoreConfiguration({ document: doc, actor: CLI_ACTOR, dryRun, clusterId }), dryRun, verb);
};

/** A local file of another tool, size-checked before it is read. */
function readLocalFile(file: string): { path: string; text: string } {
  try {
    const size = fs.statSync(file).size;
    if (size > IMPORT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `${file}: ${tooLargeMessage(size)}`);
    return { path: path.resolve(file), text: fs.readFileSync(file, 'utf8') };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('BAD_REQUEST', `Cannot read ${file}: ${(err as Error).message}`);
  }
}

const IMPORT_FORMAT_OF: Record<string, ImportFormat> = {
  'import-keepalived': 'keepalived',
  'import-ldirectord': 'ldirectord',
  'import-ipvsadm': 'ipvsadm',
};

/** `import-keepalived|import-ldirectord|import-ipvsadm FILE`, `import-from-director NAME`: another tool's services adopted. */
const adoptCommand: Command = async (args) => {
  const [key, verb] = args;
  if (!verb || verb.startsWith('--'))
    throw new AppError(
      'BAD_REQUEST',
      `usage: npm run cli -- ${key} ${key === 'import-from-director' ? 'NAME' : 'FILE'} [--dry-run] [--merge [LABEL]] [--fwmark N=IP:PORTS[/tcp|udp|tcpudp]]${key === 'import-from-director' ? '' : ' [--cluster NAME]'}`,
    );
  const dryRun = args.includes('--dry-run');
  const mergeLabels = flags(args, 'merge').filter((v) => !v.startsWith('--'));
  const merge = mergeLabels.length ? mergeLabels : args.includes('--merge');
  const common = { merge, fwmarks: parseFwmarkFlags(flags(args, 'fwmark')), actor: CLI_ACTOR, dryRun };
  const r =
    key === 'import-from-director'
      ? await importFromDirector({ ...common, director: verb })
      : await importFile(IMPORT_FORMAT_OF[key], {
          ...common,
          file: readLocalFile(verb),
          read: localIncludeReader(),
          clusterId: await clusterOf(args, true),
        });
  if ('files' in r) console.log(`read from ${verb}: ${(r.files as string[]).join(', ')}`);
  printPlan(r.plan, dryRun, verb);
  console.log(`${r.services} services, ${r.realServers} real servers in ${verb}.`);
  for (const m of r.merges) {
    const how = m.merged ? '' : ` (--merge ${m.labels[0]})`;
    console.log(
      `${m.merged ? 'merged' : 'could merge'}: ${m.labels.join(', ')} -> one ${m.protocol} service on ${m.ip} ports ${m.ports}${how}`,
    );
  }
  if (r.merges.length) console.log(`  ${MERGE_EXPLANATION}`);
  if (r.notes.length) console.log('notes:');
  for (const n of r.notes) console.log(`  ${n.file}:${n.line}: ${n.message}`);
};

Object.assign(COMMANDS, {
  leostream,
  example: exampleCommand,
  import: restoreCommand,
  'import-keepalived': adoptCommand,
  'import-ldirectord': adoptCommand,
  'import-ipvsadm': adoptCommand,
  'import-from-director': adoptCommand,
});

/** The commands of one word (the others are a group and a verb: `vs list`). */
const ONE_WORD = [
  'export',
  'render',
  'import',
  'import-keepalived',
  'import-ldirectord',
  'import-ipvsadm',
  'import-from-director',
  'example',
  'ssh-key',
  'apply',
  'overview',
  'client',
  'leostream',
];

async function run(args: string[]): Promise<void> {
  const [group, verb] = args;
  const key = ONE_WORD.includes(group) ? group : `${group} ${verb ?? ''}`.trim();
  const command = COMMANDS[key];
  if (!command) throw new AppError('BAD_REQUEST', USAGE);
  await command(args);
}

/**
 * A password from standard input, never from the command line (where `ps` and the shell's history see it):
 * typed twice, hidden, at a terminal; otherwise the first line of what is piped in.
 */
async function readPassword(name: string): Promise<string> {
  if (process.stdin.isTTY) {
    const ask = (prompt: string) =>
      new Promise<string>((resolve) => {
        process.stderr.write(prompt);
        const rl = readline.createInterface({
          input: process.stdin,
          terminal: true,
          output: new Writable({ write: (_c, _e, done) => done() }),
        });
        rl.question('', (answer) => {
          rl.close();
          process.stderr.write('\n');
          resolve(answer);
        });
      });
    const first = await ask(`Password for ${name}: `);
    if ((await ask('The same password again: ')) !== first)
      throw new AppError('BAD_REQUEST', 'The two passwords differ; nothing was changed.');
    return first;
  }
  let input = '';
  for await (const chunk of process.stdin) {
    input += chunk;
    if (input.length > 4096) break;
  }
  const password = input.split(/\r?\n/)[0];
  if (!password)
    throw new AppError(
      'BAD_REQUEST',
      `Give the password on standard input, e.g.  printf '%s\\n' "$PASSWORD" | npm run cli -- user ... ; nothing was changed.`,
    );
  return password;
}

function printPlan(plan: RestorePlan, dryRun: boolean, source: string) {
  const changes = [...plan.create.map((c) => `+ ${c}`), ...plan.update.map((c) => `~ ${c}`), ...plan.delete.map((c) => `- ${c}`)];
  for (const c of changes) console.log(c);
  console.log(
    changes.length
      ? `${dryRun ? 'would change' : 'changed'}: ${plan.create.length} created, ${plan.update.length} updated, ${plan.delete.length} deleted; ${plan.unchanged} unchanged`
      : `nothing to change (${plan.unchanged} objects already as in ${source})`,
  );
}

async function main() {
  const args = process.argv.slice(2);
  if (!args.length || args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  // The CLI may run before the console ever started: bring the schema up to date first.
  await applyPendingMigrations(loadConfig().databaseUrl);
  try {
    await run(args);
  } finally {
    dropAllDirectorSessions();
    await getDb().$disconnect();
  }
}

main().catch((err) => {
  if (err instanceof ValidationError) {
    console.error('error: nothing was changed, because:');
    for (const f of err.fields) console.error(`  ${f.field || '(document)'}: ${f.message}`);
  } else console.error(err instanceof AppError ? `error: ${err.message}` : err);
  process.exit(err instanceof AppError ? 2 : 1);
});
