// The deployment guide's own Leostream examples (sections 10 and 11), as configuration documents.
// Used by `npm run cli -- import`, the renderers' golden files and the director lab.
import { CONFIG_FORMAT } from './config-document';

const GATEWAY_PORTS = '80,443,3389,4172,42966,50001,50002';

const gatewayService = (ip: string, forwarding: 'dr' | 'nat') => ({
  label: 'GW_VIP_L4',
  ip,
  ports: GATEWAY_PORTS,
  protocol: 'tcpudp',
  forwarding,
  persistence: { enabled: true, timeout: 300 },
  healthCheck: { type: 'negotiate', port: 443, protocol: 'https', request: '/app/system/ping', response: 'OK' },
  realServers: [
    { label: 'GW01', ip: '192.168.98.231' },
    { label: 'GW02', ip: '192.168.98.232' },
  ],
});

const brokerService = (ip: string, forwarding: 'dr' | 'nat') => ({
  label: 'BROKER_VIP_L4',
  ip,
  ports: '80,443',
  protocol: 'tcp',
  forwarding,
  persistence: { enabled: true, timeout: 300 },
  healthCheck: { type: 'negotiate', port: 443, protocol: 'https', request: '/index.pl?action=cb_status', response: 'CB_IS_OK' },
  realServers: [
    { label: 'BRK01', ip: '192.168.98.230' },
    { label: 'BRK02', ip: '192.168.98.233' },
  ],
});

/** Section 10: Layer 4 DR mode, an HA pair on the real servers' network. */
export const SEED_DR = {
  format: CONFIG_FORMAT,
  virtualServices: [gatewayService('192.168.98.238', 'dr'), brokerService('192.168.98.237', 'dr')],
  floatingIps: [],
  directors: [
    { name: 'director1', role: 'primary', host: '192.168.98.21', vrrpInterface: 'eth0', vrrpAddress: '192.168.98.21' },
    { name: 'director2', role: 'secondary', host: '192.168.98.22', vrrpInterface: 'eth0', vrrpAddress: '192.168.98.22' },
  ],
};

/** Section 11: Layer 4 NAT mode, two-arm: VIPs outside on eth0, real servers inside on eth1. */
export const SEED_NAT = {
  format: CONFIG_FORMAT,
  virtualServices: [gatewayService('192.168.85.140', 'nat'), brokerService('192.168.85.141', 'nat')],
  floatingIps: [{ address: '192.168.98.100', purpose: 'gateway', interface: 'eth1' }],
  directors: [
    { name: 'director1', role: 'primary', host: '192.168.85.101', vrrpInterface: 'eth0', vrrpAddress: '192.168.85.101' },
    { name: 'director2', role: 'secondary', host: '192.168.85.102', vrrpInterface: 'eth0', vrrpAddress: '192.168.85.102' },
  ],
};

interface ServiceLike {
  label: string;
  ip: string;
  ports: string;
  protocol: string;
  forwarding: string;
  persistence: { enabled: boolean; timeout: number };
  healthCheck: { type: string; port: number | null; protocol: string | null; request: string | null; response: string | null };
}

/** A service in the shape of the examples above (only the fields the guide sets), to compare with them. */
export function seedShape(s: ServiceLike, realServers: { label: string; ip: string }[]) {
  return {
    label: s.label,
    ip: s.ip,
    ports: s.ports,
    protocol: s.protocol,
    forwarding: s.forwarding,
    persistence: { enabled: s.persistence.enabled, timeout: s.persistence.timeout },
    healthCheck: {
      type: s.healthCheck.type,
      port: s.healthCheck.port,
      protocol: s.healthCheck.protocol,
      request: s.healthCheck.request,
      response: s.healthCheck.response,
    },
    realServers: realServers.map((r) => ({ label: r.label, ip: r.ip })).sort((a, b) => a.label.localeCompare(b.label)),
  };
}
