// The Leostream-side checklist (deployment guide §8.4-8.7 and §15.2), filled in with this
// deployment's addresses. Pure: the page renders the sections, the API and CLI the Markdown.
import { LEOSTREAM_PROTOCOLS, type LeostreamMode, type LeostreamWizard } from '../schemas/leostream';
import { FORWARDING_LABELS } from '../schemas/virtual-service';

export interface ChecklistInput extends LeostreamWizard {
  directors: { name: string; interface: string }[];
  /** Which health check guards which ports of each service (none: no check). */
  checks?: { service: string; ports: string; check: string; none: boolean }[];
}

/** What the gateways' section says to do first, per forwarding method. */
const GATEWAY_PREP: Record<LeostreamMode, (input: LeostreamWizard) => string> = {
  dr: () => ' First prepare each one for Direct Routing (see "Prepare each real server" below).',
  nat: (input) => ` First set each one's default gateway to ${input.gatewayFloatingIp} (see "Prepare each real server" below).`,
  snat: () =>
    " Layer 4 SNAT: nothing to change on them (no ARP change, no route change). They see each client's connection coming from the active director's own address, not from the client's.",
};

const SNAT_PREP =
  "Layer 4 SNAT: nothing to change on the real servers. The director sends each connection on with its own address on the real servers' network as the source, so the replies come back to it by themselves. What they will see: every client's connection comes from the active director's own address, not from the client's. Gateway logs show the director's address; a Leostream location or policy chosen by client address sees the director's address too.";

export interface ChecklistStep {
  text: string;
  /** Commands or file contents to copy, shown as a code block. */
  code?: string;
  /** An id to link to (a real server's preparation). */
  anchor?: string;
}

export interface ChecklistSection {
  id: string;
  title: string;
  intro?: string;
  steps: ChecklistStep[];
}

export const GATEWAY_CLUSTER_NAME = 'leogwclu01';
export const RANDOM_PORT_METHOD = 'From random gateway port to protocol-specific desktop port';
export const SPECIFIC_PORT_METHOD = 'Use protocol-specific port on both gateway and desktop, filtered by client source IP address';

/** The anchor of one real server's preparation steps (Verify links to it). */
export function prepareAnchor(label: string): string {
  return `prepare-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

export function brokerAddress(input: Pick<LeostreamWizard, 'brokerVip' | 'brokers'>): string {
  return input.brokerVip ?? input.brokers[0]?.ip ?? '<broker address>';
}

export function leostreamChecklist(input: ChecklistInput): ChecklistSection[] {
  const broker = brokerAddress(input);
  const brokerWhat = input.brokerVip
    ? `the broker VIP ${input.brokerVip}`
    : input.brokers[0]
      ? `the connection broker's own address ${broker}`
      : 'the connection broker’s address';
  const random = input.gatewayPortRange !== null;
  const protocols = LEOSTREAM_PROTOCOLS.filter((p) => input.protocols.includes(p.id));
  const sections: ChecklistSection[] = [];

  sections.push({
    id: 'gateways',
    title: 'Leostream Gateways (on each gateway)',
    intro: `Gateways: ${input.gateways.map((g) => `${g.label} ${g.ip}`).join(', ')}.${GATEWAY_PREP[input.mode](input)}`,
    steps: [
      { text: `Point the gateway at ${brokerWhat}:`, code: `leostream-gateway --broker ${broker}` },
      {
        text: random
          ? `Check that the gateway's port range is ${input.gatewayPortRange}, the range on the gateway VIP (a different range would be dropped at the VIP):`
          : 'Check that Connection Broker forwarding is on:',
        code: 'leostream-gateway --info',
      },
    ],
  });

  sections.push({
    id: 'gateway-cluster',
    title: 'Connection Broker: Gateway Cluster',
    intro: 'Sign in to the connection broker as an administrator: Setup > Gateways > Add Gateway Cluster.',
    steps: [
      { text: `Name: ${GATEWAY_CLUSTER_NAME} (any name).` },
      { text: 'Set up forwarding ports on: All Gateways in this cluster (the load balancer may choose any gateway).' },
      {
        text: `Public IP address or FQDN of the external load balancer: ${input.gatewayVip} — the gateway VIP, which clients reach. (The deployment guide's text says the broker VIP here; its own screenshot and the clients need the gateway VIP.)`,
      },
      {
        text: `Method for routing display protocol traffic: ${random ? RANDOM_PORT_METHOD : SPECIFIC_PORT_METHOD}${random ? ` — the gateway VIP carries the gateways' range ${input.gatewayPortRange}.` : ' — the gateway VIP carries each protocol’s own port.'}`,
      },
      { text: 'Save.' },
    ],
  });

  sections.push({
    id: 'add-gateway',
    title: 'Connection Broker: Add Gateway (one per gateway)',
    intro: 'Setup > Gateways > Add Gateway, once for each gateway:',
    steps: input.gateways.map((g) => ({
      text: `${g.label}: cluster ${GATEWAY_CLUSTER_NAME}; Public IP address or FQDN for use in Protocol Plans: ${input.gatewayVip}; IP address or FQDN used for Connection Broker communications to this Gateway: ${g.ip}.`,
    })),
  });

  sections.push({
    id: 'protocol-plans',
    title: 'Connection Broker: Protocol Plans',
    intro: 'Configuration > Protocol Plans > Edit the Default plan (and any other plan in use):',
    steps: [
      ...(protocols.length
        ? protocols.map((p) => ({ text: `${p.name}: Gateway = ${GATEWAY_CLUSTER_NAME}.` }))
        : [{ text: 'No display protocol was chosen; only logon (HTTP/HTTPS) goes through the gateways.' }]),
      { text: 'Save.' },
    ],
  });

  sections.push({
    id: 'agents',
    title: 'Leostream Agents (on each desktop)',
    steps: [
      { text: `Trusted Connection Broker Addresses: ${broker} (${brokerWhat}). Clear "Obtain Connection Broker address automatically".` },
    ],
  });

  sections.push({
    id: 'connect',
    title: 'Leostream Connect clients',
    steps: [
      {
        text: `Windows: right-click the Leostream icon > Options... > Broker: clear "Obtain Connection Broker address automatically"; Address: ${input.gatewayVip} (the gateway VIP).`,
      },
      {
        text: 'Java client: lc.conf next to LeostreamConnect.jar (set rdp_path to the RDP client in use):',
        code: [
          'trace_level=ERROR,WARN,INFO',
          'rdp_path=/usr/bin/remmina',
          'connection_broker_auto_discovery=false',
          `recent_brokers=${input.gatewayVip}`,
          `connection_broker_address=${input.gatewayVip}`,
        ].join('\n'),
      },
    ],
  });

  if (input.checks?.length)
    sections.push({
      id: 'checks',
      title: 'What the directors check',
      intro:
        'Each service has one health check; a real server that fails it gets no new connections on any port of that service. A port the check does not test can fail unnoticed: choose the check that matters most (for a gateway, its HTTPS), or an external script that tests several.',
      steps: input.checks.map((c) => ({
        text: c.none
          ? `${c.service} (ports ${c.ports}): no check. A failed real server keeps receiving connections.`
          : `${c.service} (ports ${c.ports}): ${c.check}.`,
      })),
    });

  const servers = [
    ...input.gateways.map((g) => ({ ...g, role: 'gateway', vips: [input.gatewayVip] })),
    ...input.brokers.map((b) => ({ ...b, role: 'connection broker', vips: input.brokerVip ? [input.brokerVip] : [] })),
  ];
  sections.push({
    id: 'prepare',
    title: 'Prepare each real server',
    intro:
      input.mode === 'dr'
        ? 'Direct Routing: each real server must accept traffic for its VIP without answering ARP for it (the guide\'s "Solving the ARP Problem", method 1). Make both changes permanent (/etc/sysctl.d and the network configuration); Verify checks that no real server answers ARP for a VIP.'
        : input.mode === 'nat'
          ? `NAT: replies must go back through the director. Set each real server's default gateway to the floating IP ${input.gatewayFloatingIp}, permanently (the network configuration), or the services stop working after a reboot.`
          : SNAT_PREP,
    steps: servers
      .filter((s) => input.mode === 'nat' || (input.mode === 'dr' && s.vips.length > 0))
      .map((s) => ({
        text: `${s.label} (${s.role}, ${s.ip})`,
        anchor: prepareAnchor(s.label),
        code:
          input.mode === 'dr'
            ? [
                '# /etc/sysctl.d/90-lvs-dr.conf',
                'net.ipv4.conf.all.arp_ignore=1',
                'net.ipv4.conf.all.arp_announce=2',
                'net.ipv4.conf.eth0.arp_ignore=1',
                'net.ipv4.conf.eth0.arp_announce=2',
                '# then: sysctl --system',
                ...s.vips.map((v) => `ip addr add dev lo ${v}/${v.includes(':') ? 128 : 32}`),
              ].join('\n')
            : `ip route replace default via ${input.gatewayFloatingIp}`,
      })),
  });

  if (input.mode === 'dr') {
    sections.push({
      id: 'directors',
      title: 'Directors',
      steps: [
        {
          text: `Verify's ARP check runs arping on the active director${input.directors.length ? ` (${input.directors.map((d) => `${d.name}, ${d.interface}`).join('; ')})` : ''}; install it once on each director:`,
          code: 'apt-get install -y iputils-arping',
        },
      ],
    });
  }
  return sections;
}

export function checklistSummary(input: ChecklistInput): string {
  return `${FORWARDING_LABELS[input.mode]}; gateway VIP ${input.gatewayVip}${input.brokerVip ? `; broker VIP ${input.brokerVip}` : ''}; display traffic ${input.gatewayPortRange ? `on random gateway ports ${input.gatewayPortRange}` : 'on protocol-specific ports'}.`;
}

export function checklistToMarkdown(input: ChecklistInput, sections: ChecklistSection[]): string {
  const lines = ['# Leostream checklist', '', checklistSummary(input), ''];
  for (const s of sections) {
    lines.push(`## ${s.title}`, '');
    if (s.intro) lines.push(s.intro, '');
    s.steps.forEach((step, i) => {
      lines.push(`${i + 1}. ${step.text}`);
      if (step.code) lines.push('', '   ```', ...step.code.split('\n').map((l) => `   ${l}`), '   ```');
    });
    lines.push('');
  }
  return lines.join('\n');
}

export function renderLeostreamChecklist(input: ChecklistInput): string {
  return checklistToMarkdown(input, leostreamChecklist(input));
}
