import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp } from './client-ip.ts';

const req = (peer: string, xff?: string) =>
  ({ socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as IncomingMessage;
const trusted = ['127.0.0.1', '10.0.0.5'];

describe('clientIp', () => {
  it('uses the peer address when it is not a trusted proxy, ignoring the header', () => {
    expect(clientIp(req('198.51.100.9', '1.2.3.4'), trusted)).toBe('198.51.100.9');
  });
  it('takes the rightmost untrusted hop behind trusted proxies', () => {
    expect(clientIp(req('127.0.0.1', 'spoofed, 203.0.113.4, 10.0.0.5'), trusted)).toBe('203.0.113.4');
  });
  it('uses the peer when a trusted proxy sends no header', () => {
    expect(clientIp(req('127.0.0.1'), trusted)).toBe('127.0.0.1');
  });
});
