// Clone: the new service and all its real servers are saved together, or nothing is.
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../test/temp-db';
import { createVirtualService, listVirtualServices } from './virtual-services';
import { createRealServer, listRealServers } from './real-servers';

let natId: string;

beforeAll(async () => {
  await useTempDatabase();
  const { value } = await createVirtualService({
    input: { label: 'WEB_NAT', ip: '192.168.85.140', ports: '80', forwarding: 'nat' },
    actor: 'test',
  });
  natId = value.id;
  await createRealServer({ virtualServiceId: natId, input: { label: 'WEB1', ip: '192.168.98.231', port: 8080 }, actor: 'test' });
  await createRealServer({ virtualServiceId: natId, input: { label: 'WEB2', ip: '192.168.98.232', port: 8080 }, actor: 'test' });
});

describe('cloning a virtual service', () => {
  it('copies every real server with the new service', async () => {
    const { value } = await createVirtualService({
      input: { label: 'WEB_NAT_2', ip: '192.168.85.141', ports: '80', forwarding: 'nat' },
      actor: 'test',
      cloneRealServersFrom: natId,
    });
    expect((await listRealServers(value.id)).map((r) => `${r.label} ${r.ip}:${r.port}`)).toEqual([
      'WEB1 192.168.98.231:8080',
      'WEB2 192.168.98.232:8080',
    ]);
  });

  it('saves nothing when a real server does not fit the new service (the service is not left behind)', async () => {
    // Direct Routing cannot map ports: the NAT real servers' port 8080 does not fit.
    await expect(
      createVirtualService({
        input: { label: 'WEB_DR', ip: '192.168.98.150', ports: '80', forwarding: 'dr' },
        actor: 'test',
        cloneRealServersFrom: natId,
      }),
    ).rejects.toThrow(/Real server WEB1 of WEB_NAT does not fit this service: .* Nothing was saved\./);
    expect((await listVirtualServices()).map((s) => s.label)).toEqual(['WEB_NAT', 'WEB_NAT_2']);
  });
});
