// An alert's text: one change as one message, several (within the digest window) as one digest whose
// subject counts them ("47 real servers down (12 services)"). Pure.
import 'server-only';
import type { AlertEvent } from '../../schemas/alerts';

export interface ComposedAlert {
  subject: string;
  body: string;
  /** The webhook's JSON body: a Slack/Teams-compatible `text`, and the events as data. */
  payload: { text: string; title: string; events: (Omit<AlertEvent, 'at'> & { at: string; link: string | null })[] };
}

const MAX_LINES = 200;
/** Up to this many changes, a message names each in its subject. */
const FEW = 3;
const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const NOUN: Record<AlertEvent['kind'], [string, string]> = {
  'real-server': ['real server', 'real servers'],
  service: ['virtual service', 'virtual services'],
  director: ['director', 'directors'],
  failover: ['failover', 'failovers'],
  standby: ['standby change', 'standby changes'],
  'split-brain': ['split-brain change', 'split-brain changes'],
  flapping: ['flapping', 'flapping'],
  apply: ['apply', 'applies'],
  'catch-up': ['catch-up', 'catch-ups'],
  'halt-when-idle': ['halt when idle', 'halts when idle'],
};

/** "47 real servers down (12 services), 2 real servers up". */
export function digestSummary(events: AlertEvent[]): string {
  const groups = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const k = `${e.kind}\0${e.kind === 'failover' ? '' : e.to}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return [...groups.values()]
    .sort((a, b) => b.length - a.length)
    .map((g) => {
      const { kind, to } = g[0];
      const noun = NOUN[kind][g.length === 1 ? 0 : 1];
      const services = kind === 'real-server' ? new Set(g.map((e) => e.facts.service)).size : 0;
      const state = kind === 'failover' ? '' : kind === 'flapping' ? ' flapping' : ` ${to}`;
      return `${g.length} ${noun}${kind === 'flapping' ? '' : state}${services ? ` (${services} service${services === 1 ? '' : 's'})` : ''}`;
    })
    .join(', ');
}

export function composeAlert(events: AlertEvent[], consoleUrl?: string): ComposedAlert {
  const link = (e: AlertEvent) => (consoleUrl ? `${consoleUrl.replace(/\/$/, '')}${e.path}` : null);
  // The most specific first: a real server, then its service, then the rest.
  const order: AlertEvent['kind'][] = [
    'real-server',
    'flapping',
    'service',
    'director',
    'failover',
    'standby',
    'split-brain',
    'apply',
    'catch-up',
    'halt-when-idle',
  ];
  events = [...events].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.at - b.at);
  const one = events.length === 1 ? events[0] : null;
  // A few changes are named one by one; more become a count ("47 real servers down (12 services)").
  const title = events.length <= FEW ? events.map((e) => e.text).join(' ') : digestSummary(events);
  const lines = events.slice(0, MAX_LINES).map((e) => `${iso(e.at)}  ${e.text}${link(e) ? `  ${link(e)}` : ''}`);
  if (events.length > MAX_LINES) lines.push(`... and ${events.length - MAX_LINES} more (Logs > Alerts in the console).`);
  const facts = one ? Object.entries(one.facts).map(([k, v]) => `${k}: ${v}`) : [];
  const body = [title, '', ...lines, ...(facts.length ? ['', ...facts] : []), '', 'Sent by lvs-console.'].join('\n');
  return {
    subject: `[lvs-console] ${title}`,
    body,
    payload: { text: `${title}\n${lines.join('\n')}`, title, events: events.map((e) => ({ ...e, at: iso(e.at), link: link(e) })) },
  };
}

/** The virtual service an event is about (real servers, services, their flapping), from its key. */
export function serviceOf(e: Pick<AlertEvent, 'key'>): string | null {
  return /^(?:rs|service):([^:]+)/.exec(e.key)?.[1] ?? null;
}

/**
 * Who is told what by email: the global recipients every change; a service's own addresses (its
 * "Email alert") that service's changes, in a message of their own unless they are global recipients
 * too. Addresses told the same changes share one message.
 */
export function emailAudiences(
  events: AlertEvent[],
  globalTo: string[],
  serviceRecipients: Map<string, string[]>,
): { to: string[]; events: AlertEvent[] }[] {
  const global = new Set(globalTo.map((a) => a.toLowerCase()));
  const perAddress = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const service = serviceOf(e);
    for (const a of (service && serviceRecipients.get(service)) || []) {
      if (global.has(a.toLowerCase())) continue;
      perAddress.set(a, [...(perAddress.get(a) ?? []), e]);
    }
  }
  const groups = new Map<string, { to: string[]; events: AlertEvent[] }>();
  for (const [address, mine] of perAddress) {
    const signature = mine.map((e) => `${e.key}\0${e.to}`).join('\n');
    const g = groups.get(signature) ?? { to: [], events: mine };
    g.to.push(address);
    groups.set(signature, g);
  }
  return [{ to: globalTo, events }, ...groups.values()];
}
