import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { LiveHub, type ReadableLayers } from './liveHub.ts';

/** Live events over socket.io (`/socket.io`), fanned out across processes by the Redis streams adapter. */
export async function liveFeature(app: FastifyInstance, ctx: AppContext, deps: { pictures: ReadableLayers; namespace: string }): Promise<LiveHub> {
  const live = new LiveHub(app.server, ctx.auth, deps.pictures, ctx.log, ctx.config.redisUrl, deps.namespace);
  // The session is already revoked: the re-check closes exactly its sockets (disconnectUser would close all).
  ctx.bus.on('session.ended', async () => {
    await live.revalidateSessions();
  });
  // The socket.io adapter reaches every process: the origin alone disconnects.
  ctx.bus.on('user.changed', async (e, origin) => {
    if (origin === 'local') await live.disconnectUser(e.userId);
  });
  app.addHook('preClose', async () => {
    await live.close();
  });
  return live;
}
