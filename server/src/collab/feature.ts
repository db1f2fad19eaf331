import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../http/context.ts';
import type { Right } from '../../../shared/src/access.ts';
import type { AuthUser } from '../auth/authService.ts';
import { LiveHub } from '../live/liveHub.ts';
import { type LayerRecord, PictureService } from '../pictures/pictureService.ts';
import { pictureRoutes } from '../pictures/routes.ts';
import { DocStore } from './docStore.ts';
import { LookupCache } from './lookupCache.ts';
import { DEFAULT_DOCUMENT_OPTIONS, DocumentManager, type DocumentOptions } from './documents.ts';
import { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions, YjsGateway } from './gateway.ts';
import { type Relay, RedisRelay } from './relay.ts';

/** The services of live situational pictures, for other capabilities (incidents, risk) to use. */
export interface CollabServices {
  pictures: PictureService;
  docs: DocumentManager;
  gateway: YjsGateway;
  live: LiveHub;
  relay: Relay | null;
}

export function collabOf(ctx: AppContext): CollabServices {
  const s = ctx.services.collab as CollabServices | undefined;
  if (!s) throw new Error('the collab feature is not registered');
  return s;
}

export interface CollabOptions {
  documents?: Partial<DocumentOptions>;
  gateway?: Partial<GatewayOptions>;
}

/** Pictures, layers, the y-websocket gateway and live events, wired onto the app's HTTP server. */
export function collabFeature(opts: CollabOptions = {}): FastifyPluginAsync {
  return fp(async (app) => {
    const ctx = app.ctx;
    // Processes share documents and events exactly when they share a database.
    const namespace = createHash('sha256').update(ctx.config.database.url).digest('hex').slice(0, 12);
    const relay = ctx.config.redisUrl ? new RedisRelay(ctx.config.redisUrl, ctx.log, namespace) : null;
    const docs = new DocumentManager(new DocStore(ctx.database), relay, ctx.log, { ...DEFAULT_DOCUMENT_OPTIONS, ...opts.documents });
    const pictures = new PictureService(ctx.prisma, ctx.orgs);
    // Connect-time lookups are shared for a second; anything that may change access clears them.
    const sessions = new LookupCache<AuthUser | undefined>(1_000);
    const layers = new LookupCache<LayerRecord | undefined>(1_000);
    const pictureRights = new LookupCache<Right>(1_000);
    const clearLookups = () => {
      sessions.clear();
      layers.clear();
      pictureRights.clear();
    };
    const gateway = new YjsGateway(
      docs,
      {
        authenticate: (token) => (token ? sessions.get(token, () => ctx.auth.authenticate(token)) : Promise.resolve(undefined)),
        layerRight: async (user, layerId) => {
          const layer = await layers.get(layerId, () => pictures.getLayer(layerId));
          return layer ? pictures.rightOn(user, layer) : 'missing';
        },
        // Someone who cannot open the picture at all must not learn which layer ids exist in it.
        hidesLayer: async (user, layerId) => {
          const layer = await layers.get(layerId, () => pictures.getLayer(layerId));
          if (!layer) return true;
          const right = await pictureRights.get(`${user.sessionId}:${layer.pictureId}`, async () => {
            const picture = await pictures.getPicture(layer.pictureId);
            return picture ? pictures.pictureRight(user, picture) : 'none';
          });
          return right === 'none';
        },
        formerOwner: (token) => ctx.auth.formerOwner(token),
      },
      ctx.log,
      { ...DEFAULT_GATEWAY_OPTIONS, ...opts.gateway },
      // Partners' document loads and every refused attempt are audited, batched: connects are frequent.
      (a) =>
        ctx.audit.recordRead({
          actor: a.user ? { id: a.user.id, username: a.user.username, organisationId: a.user.organisationId } : null,
          action: 'layer.open',
          target: a.layerId,
          outcome: a.outcome,
          address: a.address ?? null,
          detail: a.code ? { code: a.code } : undefined,
        }),
      (req) => ctx.auth.clientAddress(req),
    );
    const live = new LiveHub(app.server, ctx.auth, pictures, ctx.log, ctx.config.redisUrl, namespace);
    const services: CollabServices = { pictures, docs, gateway, live, relay };
    ctx.services.collab = services;

    const reevaluate = async (filter: { layerIds?: string[]; userIds?: string[] }) => {
      clearLookups();
      ctx.orgs.invalidate();
      await gateway.reevaluate(filter);
      relay?.publishControl({ type: 'reevaluate', ...filter });
    };
    relay?.onControl((m) => {
      if (m.type === 'sessionEnded' && typeof m.sessionId === 'string') {
        gateway.closeSession(m.sessionId);
        void live.revalidateSessions();
      }
      if (m.type === 'reevaluate') {
        clearLookups();
        ctx.orgs.invalidate();
        void gateway.reevaluate({ layerIds: m.layerIds as string[] | undefined, userIds: m.userIds as string[] | undefined });
      }
    });
    // Logout ends one session: only its document connections close, the user's other sessions stay.
    ctx.services.onSessionEnded = async (sessionId: string) => {
      clearLookups();
      gateway.closeSession(sessionId);
      relay?.publishControl({ type: 'sessionEnded', sessionId });
      // The session is already revoked: the re-check closes exactly its live sockets (disconnectUser would close all).
      await live.revalidateSessions();
    };
    ctx.services.onUserChanged = async (userId: string) => {
      await reevaluate({ userIds: [userId] });
      await live.disconnectUser(userId);
    };

    app.server.on('upgrade', (req, socket, head) => {
      try {
        if (gateway.handleUpgrade(req, socket, head)) return;
      } catch (err) {
        // An exception here would be uncaught (an event handler): refuse this one socket instead.
        ctx.log.warn({ err }, 'upgrade handling failed');
        socket.destroy();
        return;
      }
      if (!req.url?.startsWith('/socket.io')) socket.destroy();
    });

    await app.register(pictureRoutes({ pictures, docs, live, reevaluate }));

    // Sockets first (preClose), so the HTTP server is not left waiting on upgraded connections.
    app.addHook('preClose', async () => {
      await gateway.close();
      await live.close();
    });
    app.addHook('onClose', async () => {
      // Every queued edit reaches the database before the process exits.
      await docs.closeAll();
      await relay?.close();
    });
  });
}
