// Parsing one client's lines of /proc/net/ip_vs_conn (the format the lab kernel writes: hex
// addresses and ports, a persistence template as protocol IP with the firewall mark).
import { describe, expect, it } from 'vitest';
import { parseIpvsConn, procAddress } from './client-lookup';

const LINES = [
  'Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData',
  'TCP C0A8620A D2F4 C0A862EE 104C C0A862E8 104C ESTABLISHED    899',
  'IP  C0A8620A 0000 00000001 0000 C0A862E8 0000 ASSURED        299',
  'TCP C0A8620B D2F5 C0A862EE 01BB C0A862E7 01BB ESTABLISHED    899',
].join('\n');

describe('where a client lands', () => {
  it('writes the address as the kernel does', () => {
    expect(procAddress('192.168.98.10')).toBe('C0A8620A');
    expect(procAddress('2001:db8::10')).toBe('2001:0db8:0000:0000:0000:0000:0000:0010');
  });

  it('reads its connection and its persistence template, and only its own', () => {
    expect(parseIpvsConn(LINES, '192.168.98.10')).toEqual([
      {
        protocol: 'TCP',
        template: false,
        clientPort: 0xd2f4,
        virtualAddress: '192.168.98.238',
        virtualPort: 4172,
        fwmark: null,
        realServer: '192.168.98.232',
        realServerPort: 4172,
        state: 'ESTABLISHED',
        expiresInSeconds: 899,
      },
      {
        protocol: 'IP',
        template: true,
        clientPort: 0,
        virtualAddress: 'fwmark 1',
        virtualPort: 0,
        fwmark: 1,
        realServer: '192.168.98.232',
        realServerPort: 0,
        state: 'ASSURED',
        expiresInSeconds: 299,
      },
    ]);
    expect(parseIpvsConn(LINES, '192.168.98.99')).toEqual([]);
  });
});
