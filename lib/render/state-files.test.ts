// Which state files the directors hold, in both scopes (per real server of a service, per address).
import { describe, expect, it } from 'vitest';
import type { RenderService } from './model';
import { PER_SERVICE_STATE_LIMIT, renderStateFiles, stateFilesToFix, stateScope, STATE_FILE_NAME, STATE_VALUES } from './state-files';

type Rs = RenderService['realServers'][number];
const rs = (ip: string, adminState: Rs['adminState'] = 'online', port: number | null = null) => ({ ip, port, adminState }) as Rs;
const svc = (fwmark: number, realServers: Rs[]) => ({ fwmark, realServers }) as RenderService;

describe('state files', () => {
  it('keeps one file per real server of a service up to the limit, one per address above it', () => {
    const per = (n: number) =>
      Array.from({ length: n / 10 }, (_, i) =>
        svc(
          i + 1,
          Array.from({ length: 10 }, (_, j) => rs(`10.0.0.${j}`)),
        ),
      );
    expect(stateScope(per(PER_SERVICE_STATE_LIMIT))).toBe('service');
    expect(stateScope(per(PER_SERVICE_STATE_LIMIT + 10))).toBe('address');
  });

  it('writes a drained real server’s own file and its address’s, the address saying the most severe state of its real servers', () => {
    const files = renderStateFiles([
      svc(1, [rs('10.0.0.1', 'drain'), rs('10.0.0.2')]),
      svc(2, [rs('10.0.0.1', 'halt', 8443), rs('10.0.0.2')]),
    ]);
    expect(files).toEqual({
      'fw1-10_0_0_1.state': STATE_VALUES.drain,
      'fw2-10_0_0_1-8443.state': STATE_VALUES.halt,
      'ip-10_0_0_1.state': STATE_VALUES.halt,
    });
    for (const name of Object.keys(files)) expect(name).toMatch(STATE_FILE_NAME);
  });

  it('removes a director’s address file once every real server of that address is back online', () => {
    const actual = { 'fw1-10_0_0_1.state': STATE_VALUES.drain, 'ip-10_0_0_1.state': STATE_VALUES.drain };
    expect(stateFilesToFix(renderStateFiles([svc(1, [rs('10.0.0.1')])]), actual)).toEqual({
      'fw1-10_0_0_1.state': null,
      'ip-10_0_0_1.state': null,
    });
  });
});
