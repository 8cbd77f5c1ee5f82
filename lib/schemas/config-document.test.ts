// A configuration document's cross-checks between services: a label used twice, two services claiming
// the same address and port, a firewall mark used twice. Each is named on the later service.
import { describe, expect, it } from 'vitest';
import { validateConfigDocument } from './config-document';

const svc = (label: string, ip: string, ports: string, fwmark?: number) => ({
  label,
  ip,
  ports,
  ...(fwmark ? { fwmark } : {}),
  realServers: [],
});

describe('services that clash', () => {
  it('are named on the later one, once per earlier service they clash with; others at other addresses are not', () => {
    const r = validateConfigDocument({
      format: 'lvs-console/1',
      virtualServices: [
        svc('GW', '10.0.0.1', '443', 7),
        svc('BROKER', '10.0.0.9', '80'),
        svc('GW', '10.0.0.2', '443', 7),
        svc('OTHER', '10.0.0.1', '400-500'),
        svc('GW', '10.0.0.3', '443'),
      ],
      floatingIps: [],
      directors: [],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      { field: 'virtualServices[2].label', message: 'The label GW is used twice; labels must be unique.' },
      { field: 'virtualServices[2].fwmark', message: 'Firewall mark 7 is used by GW too.' },
      { field: 'virtualServices[3].ports', message: 'OTHER and GW both claim 10.0.0.1 TCP port 443.' },
      { field: 'virtualServices[4].label', message: 'The label GW is used twice; labels must be unique.' },
      { field: 'virtualServices[4].label', message: 'The label GW is used twice; labels must be unique.' },
    ]);
  });
});
