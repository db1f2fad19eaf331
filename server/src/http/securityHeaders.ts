import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/**
 * Security headers on every response, and a Content Security Policy that the web app (React, MapLibre GL
 * with its blob: workers, data:/blob: images, inline styles set by the map) runs under: scripts only from
 * this origin, no framing, no plugins. An external base map (MAP_STYLE_URL) adds its origin for fetches
 * and images; its tiles and glyphs must come from that same origin.
 */
export async function installSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'mapStyleUrl'>): Promise<void> {
  const mapOrigin = config.mapStyleUrl ? [new URL(config.mapStyleUrl, 'http://localhost').origin] : [];
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...mapOrigin],
        fontSrc: ["'self'", 'data:'],
        // 'self' covers this origin's ws:/wss: too (socket.io and the document connections).
        connectSrc: ["'self'", ...mapOrigin],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The map loads no cross-origin resources that would send CORP headers; requiring them breaks nothing we serve.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  // Nothing the API answers belongs in a browser or proxy cache (a shared police workstation keeps no copy);
  // a route that sets its own private caching (map tiles) keeps it, and so does the public view (/api/public).
  app.addHook('onSend', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const current = reply.getHeader('cache-control');
    if (typeof current === 'string' && (current.includes('private') || (current.startsWith('public') && req.url.startsWith('/api/public/')))) return;
    reply.header('cache-control', 'no-store');
  });
}
