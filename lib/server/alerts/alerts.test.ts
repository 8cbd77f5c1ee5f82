// Alerts from the poller's overviews to an SMTP server and a webhook on 127.0.0.1: the settings keep their
// secrets, 200 real servers going down at once become one digest per channel, a message queued while the
// mail server is down is delivered when it is back (each attempt in the delivery log), nothing is repeated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { startSmtpSink, startWebhookReceiver, type SmtpSink, type WebhookReceiver } from '../../test/alert-sinks';
import { getAlertSettings, updateAlertSettings } from './settings';
import { resetAlertWatcher, watchForAlerts, type ClusterOverview } from './watch';
import { deliverDueAlerts, KEEP_DELIVERED_MS, listAlertDeliveries, pruneAlertLog } from './outbox';
import { signature } from './send';
import { sendTestAlert } from './test-alert';
import { createSilence, endSilence, listSilences } from './silences';
import { getDb } from '../platform/db-client';
import { finishRun } from '../apply/runs';
import type { Overview } from '../../schemas/overview';

let sink: SmtpSink;
let receiver: WebhookReceiver;
let smtpPort: number;
let hookUrl: string;
let mails: SmtpSink['mails'];
let posts: WebhookReceiver['posts'];

beforeAll(async () => {
  await useTempDatabase();
  sink = await startSmtpSink();
  receiver = await startWebhookReceiver();
  ({ port: smtpPort, mails } = sink);
  ({ url: hookUrl, posts } = receiver);
});

afterAll(async () => {
  await sink.stop();
  await receiver.stop();
});

/** Polls `done` every 50 ms for up to 5 s (a delivery runs in the background). */
async function waitUntil(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(done()).toBe(true);
}

/** 20 services x 10 real servers; `down(i, j)` says which real servers fail their check. */
function overview(down: (i: number, j: number) => boolean): Overview {
  return {
    generatedAt: new Date().toISOString(),
    pollIntervalMs: 10_000,
    source: 'director1',
    splitBrain: null,
    noStandby: null,
    directors: [],
    virtualServices: Array.from({ length: 20 }, (_, i) => {
      const rs = Array.from({ length: 10 }, (_, j) => ({
        id: `rs${i}_${j}`,
        label: `GW${i}_${j}`,
        ip: `10.1.${i}.${j + 1}`,
        port: 443,
        adminState: 'online',
        health: down(i, j) ? 'down' : 'up',
      }));
      const ups = rs.filter((r) => r.health === 'up').length;
      return {
        id: `vs${i}`,
        label: `VS_${i}`,
        ip: `10.0.0.${i + 1}`,
        ports: '443',
        state: ups === 10 ? 'up' : ups ? 'degraded' : 'down',
        realServers: rs,
      };
    }),
  } as unknown as Overview;
}

describe('alerts', () => {
  it('keeps the SMTP password and the webhook secret write-only, and audits the change', async () => {
    const view = await updateAlertSettings({
      input: {
        email: {
          host: '127.0.0.1',
          port: smtpPort,
          security: 'none',
          username: '',
          password: 'not-shown',
          from: 'lvs@example.com',
          to: ['noc@example.com'],
        },
        webhooks: [{ url: hookUrl, secret: 's3cret' }],
        holdDownSeconds: 30,
        digestWindowSeconds: 10,
      },
      actor: 'admin',
    });
    expect(view.email).toMatchObject({ host: '127.0.0.1', passwordSet: true });
    expect(JSON.stringify(await getAlertSettings())).not.toMatch(/not-shown|s3cret/);
    expect((await getAlertSettings()).webhooks).toEqual([{ url: hookUrl, secretSet: true }]);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { objectType: 'Alerts' } });
    expect(`${audit.before} ${audit.after}`).not.toMatch(/not-shown|s3cret/);
    await expect(
      updateAlertSettings({ input: { email: { host: 'smtp://x', port: 0, security: 'ssl', from: 'x', to: [] } }, actor: 'admin' }),
    ).rejects.toThrow();
  });

  it('200 real servers going down at once give one digest per channel, after the hold-down time; the webhook is signed', async () => {
    resetAlertWatcher();
    const allDown = overview(() => true);
    expect(
      await watchForAlerts(
        overview(() => false),
        0,
      ),
    ).toBe(0); // the baseline
    for (const t of [10, 20, 30]) expect(await watchForAlerts(allDown, t)).toBe(0); // holding down
    // Held at 40 s; nothing else is changing, so no need to wait for the digest window: one message per channel.
    expect(await watchForAlerts(allDown, 40)).toBe(2);
    await deliverDueAlerts();
    await waitUntil(() => mails.length === 1 && posts.length === 1);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(['noc@example.com']);
    expect(mails[0].text).toMatch(/Subject: \[lvs-console\] 200 real servers down \(20 services\), 20 virtual services down/);
    expect(posts).toHaveLength(1);
    expect(posts[0].signature).toBe(signature('s3cret', posts[0].body));
    const body = JSON.parse(posts[0].body) as { title: string; events: { facts: Record<string, string> }[] };
    expect(body.title).toBe('200 real servers down (20 services), 20 virtual services down');
    expect(body.events.find((e) => e.facts.realServer === 'GW3_4')?.facts).toEqual({
      service: 'VS_3',
      realServer: 'GW3_4',
      address: '10.1.3.5:443',
    });
    // Still down: nothing more.
    for (const t of [60, 70, 80]) expect(await watchForAlerts(allDown, t)).toBe(0);
  });

  it('a message queued while the mail server is down is delivered when it is back, across a restart; each attempt is logged', async () => {
    await sink.stop();
    const oneBack = overview((i, j) => !(i === 0 && j === 0));
    for (const t of [90, 100, 110, 120, 130]) await watchForAlerts(oneBack, t);
    await deliverDueAlerts();
    await waitUntil(() => posts.length === 2); // the webhook got it; the email failed
    const failed = (await listAlertDeliveries({ ok: false }))[0];
    expect(failed).toMatchObject({ channel: 'email', ok: false, status: 'pending', attempts: 1 });
    expect(failed.detail).toMatch(new RegExp(`^127\\.0\\.0\\.1:${smtpPort}: .*ECONNREFUSED`));
    // A restart: the engine's memory is gone, the outbox and what was reported are in the database.
    resetAlertWatcher();
    await sink.start();
    expect(await deliverDueAlerts(new Date())).toBe(0); // not due yet: retried with back-off
    expect(await deliverDueAlerts(new Date(Date.now() + 20_000))).toBe(1);
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain('Real server GW0_0 (10.1.0.1:443) of VS_0 (10.0.0.1:443) is up again.');
    const log = await listAlertDeliveries({ channel: 'email' });
    expect(log.slice(0, 2).map((d) => d.ok)).toEqual([true, false]);
    expect(log[0].detail).toMatch(/answered: 250/);
    // The restarted watcher starts from what was reported: nothing is sent again.
    for (const t of [140, 150, 160, 170, 180]) expect(await watchForAlerts(oneBack, t)).toBe(0);
  });

  it('Send a test alert says what each server answered', async () => {
    const results = await sendTestAlert({ actor: 'admin' });
    expect(results.map((r) => [r.channel, r.ok])).toEqual([
      ['email', true],
      [`webhook:${hookUrl}`, true],
    ]);
    expect(results[1].detail).toBe(`${hookUrl} answered HTTP 200 OK: received`);
  });

  it('an apply that fails is reported at once on every channel, with who ran it and why', async () => {
    const run = await getDb().applyRun.create({ data: { actor: 'admin', comment: 'new gateway' } });
    await finishRun({
      runId: run.id,
      actor: 'admin',
      comment: 'new gateway',
      failure: 'director1: keepalived --config-test exited 1',
      revisionId: null,
      directors: ['director1'],
    });
    const queued = await getDb().alertMessage.findMany({ where: { status: 'pending', subject: { contains: 'An apply' } } });
    expect(queued.map((m) => m.channel).sort()).toEqual(['email', `webhook:${hookUrl}`]);
    expect(queued[0].subject).toBe('[lvs-console] An apply by admin failed: director1: keepalived --config-test exited 1');
    expect(queued[0].body).toContain('comment: new gateway');
  });

  it('the delivery log keeps 30 days: older delivered messages and their attempts go, pending ones stay', async () => {
    const before = await getDb().alertMessage.count();
    const pending = await getDb().alertMessage.count({ where: { status: 'pending' } });
    expect(await pruneAlertLog(new Date(Date.now() + KEEP_DELIVERED_MS + 60_000))).toBe(before - pending);
    expect(await getDb().alertMessage.count()).toBe(pending);
    expect(await getDb().alertAttempt.count({ where: { message: { status: 'delivered' } } })).toBe(0);
  });

  it('changes seen a few seconds apart go out as one message when the second holds within the digest window', async () => {
    const up = overview(() => false);
    for (const t of [1000, 1010, 1020, 1030, 1040]) await watchForAlerts(up, t); // all back up
    await deliverDueAlerts();
    await waitUntil(() => mails.some((m) => m.text.includes('199 real servers up (20 services)')));
    const a = overview((i, j) => i === 5 && j === 1);
    const ab = overview((i, j) => i === 5 && (j === 1 || j === 2));
    expect(await watchForAlerts(a, 1050)).toBe(0); // GW5_1 down
    expect(await watchForAlerts(ab, 1060)).toBe(0); // GW5_2 down 10 s later
    expect(await watchForAlerts(ab, 1070)).toBe(0);
    expect(await watchForAlerts(ab, 1080)).toBe(0); // GW5_1 held; GW5_2, seen within 10 s of it, still holding
    expect(await watchForAlerts(ab, 1090)).toBe(2); // both, in one message per channel
    await deliverDueAlerts();
    const about = () => mails.filter((m) => /^Subject: .*GW5_1/m.test(m.text));
    await waitUntil(() => about().length > 0);
    expect(about()).toHaveLength(1);
    expect(about()[0].text).toMatch(
      /Subject: \[lvs-console\] Real server GW5_1 .* is down\. Real server GW5_2 .* is down\. Virtual service VS_5 .* is degraded/,
    );
  });

  it('a service’s own Email alert addresses get that service’s changes, in a message of their own; the global recipients get all', async () => {
    const db = getDb();
    const service = (i: number, emailAlert: string) =>
      db.virtualService.create({
        data: { id: `vs${i}`, label: `VS_${i}`, ip: `10.0.0.${i + 1}`, ports: '443', fwmark: 900 + i, emailAlert },
      });
    await service(7, 'gw7-team@example.com, noc@example.com'); // noc@ is a global recipient too: told once
    await service(8, 'vs8-owner@example.com');
    const down = overview((i, j) => (i === 5 && (j === 1 || j === 2)) || (j === 0 && (i === 7 || i === 8 || i === 9)));
    const sent = mails.length;
    let queued = 0;
    for (const t of [1100, 1110, 1120, 1130, 1140]) queued += await watchForAlerts(down, t);
    expect(queued).toBe(4); // the webhook, the global recipients, gw7-team@, vs8-owner@
    await deliverDueAlerts();
    await waitUntil(() => mails.length === sent + 3);
    const to = (address: string) => mails.slice(sent).filter((m) => m.to.includes(address));
    expect(to('noc@example.com')).toHaveLength(1);
    expect(to('noc@example.com')[0].text).toMatch(/GW7_0[\s\S]*GW8_0[\s\S]*GW9_0/);
    expect(to('gw7-team@example.com')).toHaveLength(1);
    expect(to('gw7-team@example.com')[0].to).toEqual(['gw7-team@example.com']);
    expect(to('gw7-team@example.com')[0].text).toContain(
      'Subject: [lvs-console] Real server GW7_0 (10.1.7.1:443) of VS_7 (10.0.0.8:443) is down. Virtual service VS_7 (10.0.0.8:443) is degraded',
    );
    expect(to('gw7-team@example.com')[0].text).not.toMatch(/GW8_0|GW9_0/);
    expect(to('vs8-owner@example.com')[0].text).toMatch(/GW8_0/);
    expect(to('vs8-owner@example.com')[0].text).not.toMatch(/GW7_0|GW9_0/);
  });

  it('a silence keeps a service, or one real server, out of the alerts for its window; what still holds at its end is sent then', async () => {
    const db = getDb();
    const seen = new Set((await db.alertMessage.findMany({ select: { id: true } })).map((m) => m.id));
    /** The subjects of the email messages queued since the last call. */
    const newSubjects = async () => {
      const rows = await db.alertMessage.findMany({ where: { channel: 'email' }, orderBy: { createdAt: 'asc' } });
      const fresh = rows.filter((r) => !seen.has(r.id));
      for (const r of rows) seen.add(r.id);
      return fresh.map((r) => r.subject);
    };
    const watch = async (o: Overview, times: number[]) => {
      for (const t of times) await watchForAlerts(o, t);
    };
    await watch(
      overview(() => false),
      [1200, 1210, 1220, 1230, 1240],
    ); // all up again
    await newSubjects();
    await db.virtualService.create({ data: { id: 'vs3', label: 'VS_3', ip: '10.0.0.4', ports: '443', fwmark: 903 } });
    await db.virtualService.create({ data: { id: 'vs4', label: 'VS_4', ip: '10.0.0.5', ports: '443', fwmark: 904 } });
    await db.realServer.create({ data: { id: 'rs4_2', virtualServiceId: 'vs4', label: 'GW4_2', ip: '10.1.4.3' } });
    const at = (s: number) => new Date(s * 1000);
    const whole = await createSilence({ input: { service: 'VS_3', minutes: 5, reason: 'patching VS_3' }, actor: 'admin', now: at(1300) });
    await createSilence({
      input: { service: 'VS_4', realServer: 'GW4_2', minutes: 5, reason: 'replacing GW4_2' },
      actor: 'op',
      now: at(1300),
    });
    expect(whole).toMatchObject({ target: 'VS_3', until: at(1600).toISOString(), active: true });
    // Wrong names say what to fix.
    await expect(createSilence({ input: { service: 'VS_33', minutes: 5, reason: 'x' }, actor: 'admin' })).rejects.toThrow(
      /No virtual service is labelled VS_33/,
    );
    await expect(createSilence({ input: { service: 'VS_4', realServer: 'GW9', minutes: 5, reason: 'x' }, actor: 'admin' })).rejects.toThrow(
      /VS_4 has no real server labelled GW9/,
    );

    // GW3_1 (silenced service), GW4_2 (silenced real server) and GW4_1 go down: only GW4_1 is reported.
    const three = overview((i, j) => (i === 3 && j === 1) || (i === 4 && (j === 1 || j === 2)));
    await watch(three, [1300, 1310, 1320, 1330, 1340, 1350]);
    const during = await newSubjects();
    expect(during).toHaveLength(1);
    expect(during[0]).toContain('GW4_1');
    expect(during[0]).not.toMatch(/GW3_1|GW4_2|VS_3/);
    // GW4_2 is back within the window: never reported at all.
    const gw31 = overview((i, j) => (i === 3 && j === 1) || (i === 4 && j === 1));
    await watch(gw31, [1400, 1410, 1500, 1590]);
    expect(await newSubjects()).toEqual([]);
    // The window ends with GW3_1 still down: reported after the hold-down time, as any change.
    await watch(gw31, [1600, 1610, 1620]);
    expect(await newSubjects()).toEqual([]);
    await watch(gw31, [1630, 1640]);
    const after = await newSubjects();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatch(/Real server GW3_1 .* is down\. Virtual service VS_3 .* is degraded/);
    expect(after[0]).not.toMatch(/GW4_2/);
    // Ending one early (twice is fine), and both in the audit log.
    const list = await listSilences(at(1350));
    expect(list.map((v) => [v.target, v.active])).toEqual([
      ['VS_3', true],
      ['VS_4 / GW4_2', true],
    ]);
    const ended = await endSilence({ id: whole.id, actor: 'admin', now: at(1360) });
    expect(ended).toMatchObject({ active: false, endedBy: 'admin', until: at(1360).toISOString() });
    expect((await endSilence({ id: whole.id, actor: 'admin', now: at(1370) })).until).toBe(at(1360).toISOString());
    const audited = await db.auditEvent.findMany({ where: { objectType: 'AlertSilence' }, orderBy: { createdAt: 'asc' } });
    expect(audited.map((a) => `${a.actor} ${a.action}`)).toEqual(['admin create', 'op create', 'admin end']);
  });

  it('a director whose state became unknown (an action on it did not finish) is reported, and again when it is known', async () => {
    const db = getDb();
    const withDirector = (stateUnknown: string | null): Overview => ({
      ...overview(() => false),
      directors: [{ id: 'd1', name: 'director1', reachable: true, revision: 'in-sync', stateUnknown } as Overview['directors'][number]],
    });
    const bodies = async (since: Date) =>
      (await db.alertMessage.findMany({ where: { channel: 'email', createdAt: { gte: since } } })).map((m) => m.body).join('\n');
    for (const t of [2000, 2010, 2020, 2030, 2040, 2050]) await watchForAlerts(withDirector(null), t); // the baseline
    const t0 = new Date();
    for (const t of [2060, 2070, 2080, 2090, 2100, 2110]) await watchForAlerts(withDirector('the link dropped after the swap'), t);
    expect(await bodies(t0)).toContain(
      'Director director1 is in an unknown state: an action on it did not finish (see Local Configuration > Directors).',
    );
    expect(await bodies(t0)).toContain('why: the link dropped after the swap');
    const t1 = new Date();
    for (const t of [2120, 2130, 2140, 2150, 2160]) await watchForAlerts(withDirector(null), t);
    expect(await bodies(t1)).toContain('Director director1 is in a known state again.');
  });

  it("on a console with several clusters each alert names its cluster, and each cluster's pair is watched apart", async () => {
    const db = getDb();
    // YORK's pair: two directors, one reachable and active; default's pair as the other tests have it (none).
    const york = (standby: boolean): ClusterOverview[] => [
      { cluster: { id: 'default', name: 'default' }, overview: overview(() => false) },
      {
        cluster: { id: 'c-york', name: 'YORK' },
        overview: {
          ...overview(() => false),
          virtualServices: [],
          noStandby: standby ? null : 'york2 is unreachable: the pair has no standby.',
          directors: [
            { id: 'y1', name: 'york1', reachable: true, holdsFloatingIps: true, revision: 'in-sync' },
            { id: 'y2', name: 'york2', reachable: standby, holdsFloatingIps: false, revision: 'in-sync' },
          ] as Overview['directors'],
        },
      },
    ];
    const bodies = async (since: Date) =>
      (await db.alertMessage.findMany({ where: { channel: 'email', createdAt: { gte: since } } }))
        .map((m) => `${m.subject}\n${m.body}`)
        .join('\n');
    for (const t of [3000, 3010, 3020, 3030, 3040, 3050]) await watchForAlerts(york(true), t); // the baseline
    const t0 = new Date();
    for (const t of [3060, 3070, 3080, 3090, 3100, 3110]) await watchForAlerts(york(false), t);
    const said = await bodies(t0);
    expect(said).toContain('YORK: Director york2 cannot be reached.');
    expect(said).toContain('YORK: The pair has no standby');
    // The webhook's events carry the cluster as a fact.
    const hooks = await db.alertMessage.findMany({ where: { channel: { startsWith: 'webhook:' }, createdAt: { gte: t0 } } });
    const facts = hooks.flatMap((h) =>
      (JSON.parse(h.payload) as { events: { facts: Record<string, string> }[] }).events.map((e) => e.facts),
    );
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.every((f) => f.cluster === 'YORK')).toBe(true);
    expect(said).not.toMatch(/^default: /m);
    // Its pair's states are kept under YORK's own keys, apart from default's pair.
    const keys = (await db.alertState.findMany({ select: { key: true } })).map((r) => r.key);
    expect(keys).toEqual(expect.arrayContaining(['pair:c-york:standby', 'director:y2']));
  });
});
