import type { IncomingMessage } from 'node:http';
import proxyaddr from '@fastify/proxy-addr';

/**
 * The client address of a raw request (WebSocket upgrades, socket.io handshakes) by the same rule Fastify
 * applies to HTTP requests: X-Forwarded-For counts only when it arrives from a configured proxy.
 */
export function clientAddressResolver(trustProxy: string[] | false): (req: IncomingMessage) => string {
  if (!trustProxy) return (req) => req.socket.remoteAddress ?? '';
  const trust = proxyaddr.compile(trustProxy);
  return (req) => proxyaddr(req, trust);
}
