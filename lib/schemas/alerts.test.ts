// Which email channels the directors can use for their own failover mails (keepalived: plain SMTP to an
// address, no login), and the reason the Alerts page shows when they cannot.
import { describe, expect, it } from 'vitest';
import { directorMailOf, silenceSchema } from './alerts';

const email = { host: '192.0.2.25', port: 25, security: 'none' as const, from: 'lvs@example.com', to: ['noc@example.com'] };

describe('the directors’ own failover mail', () => {
  it('uses a plain SMTP server given by address', () => {
    expect(directorMailOf(email).mail).toEqual({ server: '192.0.2.25', port: 25, from: 'lvs@example.com', to: ['noc@example.com'] });
    expect(directorMailOf(email).why).toMatch(/also mail their own failovers .* to 192\.0\.2\.25:25/);
  });

  it.each([
    ['STARTTLS', { ...email, security: 'starttls' as const }, /plain SMTP only/],
    ['a login', { ...email, username: 'lvs' }, /cannot log in/],
    ['the console’s own loopback', { ...email, host: '127.0.0.1' }, /each machine's own address/],
    ['a host name', { ...email, host: 'smtp.example.com' }, /only as an IP address .* Enter smtp\.example\.com's address/],
    ['no email channel', null, /Without an email channel/],
  ])('says why not with %s', (_name, channel, why) => {
    const r = directorMailOf(channel);
    expect(r.mail).toBeNull();
    expect(r.why).toMatch(why);
  });
});

describe('a silence', () => {
  it('takes minutes or an end time, not both, and a reason', () => {
    expect(silenceSchema.safeParse({ service: 'GW_VIP_L4', minutes: 60, reason: 'patching' }).success).toBe(true);
    expect(silenceSchema.safeParse({ service: 'GW_VIP_L4', until: '2026-12-03T06:00:00Z', reason: 'patching' }).success).toBe(true);
    const both = silenceSchema.safeParse({ service: 'GW_VIP_L4', minutes: 5, until: '2026-12-03T06:00:00Z', reason: 'x' });
    expect(both.error?.issues[0].message).toMatch(/either minutes .* or until/);
    const noReason = silenceSchema.safeParse({ service: 'GW_VIP_L4', minutes: 5, reason: ' ' });
    expect(noReason.error?.issues[0].message).toMatch(/Say why/);
    const tooLong = silenceSchema.safeParse({ service: 'GW_VIP_L4', minutes: 20_000, reason: 'x' });
    expect(tooLong.error?.issues[0].message).toMatch(/at most a week/);
  });
});
