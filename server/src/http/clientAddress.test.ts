import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressResolver } from './clientAddress.ts';

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as IncomingMessage;

describe('client address of socket handshakes', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddressResolver(false)(request('192.0.2.5', '203.0.113.9'))).toBe('192.0.2.5');
  });

  it('believes X-Forwarded-For only from a configured proxy, and only its trusted hops', () => {
    const resolve = clientAddressResolver(['127.0.0.1', '10.0.0.0/8']);
    expect(resolve(request('127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9');
    // A forged first hop behind two trusted proxies is not taken: the nearest untrusted address is.
    expect(resolve(request('127.0.0.1', '198.51.100.1, 203.0.113.9, 10.1.2.3'))).toBe('203.0.113.9');
    expect(resolve(request('192.0.2.5', '203.0.113.9'))).toBe('192.0.2.5');
  });
});
