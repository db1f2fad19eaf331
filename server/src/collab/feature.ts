import type { FastifyInstance } from 'fastify';
import type { Right } from '../../../shared/src/access.ts';
import type { AuthUser } from '../auth/authService.ts';
import type { AppContext } from '../context.ts';
import { DocStore } from './docStore.ts';
import { DEFAULT_DOCUMENT_OPTIONS, DocumentManager, type DocumentOptions } from './documents.ts';
import { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions, YjsGateway } from './gateway.ts';
import { LookupCache } from './lookupCache.ts';
import { type Relay, RedisRelay } from './relay.ts';

/** The layer documents and their gateway, for other capabilities (pictures, risk, rtm) to use. */
export interface CollabServices {
  docs: DocumentManager;
  gateway: YjsGateway;
  relay: Relay | null;
  /**
   * Serves another kind of document over the same gateway and storage, at `/yjs/<kind>:<id>`, named
   * `<kind>:<id>` in the document manager; its owner decides who opens it (reports: `report:<id>`).
   */
  registerKind(kind: string, access: DocumentKindAccess): void;
  /** Re-checks open connections to these documents (by document name) after their owner changed access. */
  reevaluateDocs(docNames: string[]): Promise<void>;
}

/** Who may open a document of a registered kind, answered by the capability that owns it. */
export interface DocumentKindAccess {
  /** The caller's right on the document with this id, or 'missing' when there is none. */
  right(user: AuthUser, id: string): Promise<Right | 'missing'>;
  /** True when a refusal must read 4404 (the caller may not learn that the document exists). */
  hides(user: AuthUser, id: string): Promise<boolean>;
  /** Edits on a read-only connection are refused with 4403 instead of ignored (frozen documents). */
  refusesReadOnlyWrites?: boolean;
}

/** Who may open which layer document: answered by the owner of layers (pictures), wired in compose.ts. */
export interface LayerDirectory<L extends { pictureId: string }, P> {
  getLayer(layerId: string): Promise<L | undefined>;
  rightOn(user: AuthUser, layer: L): Promise<Right>;
  getPicture(pictureId: string): Promise<P | undefined>;
  pictureRight(user: AuthUser, picture: P): Promise<Right>;
}

/**
 * How long a layer or right lookup may be reused when no event has cleared it. Every access change the server makes
 * announces itself (and clears the lookups in every process, over Redis when configured); this bounds only edits
 * made outside the server.
 */
export const LOOKUP_TTL_MS = 60_000;

export interface CollabOptions {
  documents?: Partial<DocumentOptions>;
  gateway?: Partial<GatewayOptions>;
}

/** Layer documents (durable, relayed between processes) and the y-websocket gateway on the app's HTTP server. */
export async function collabFeature<L extends { pictureId: string }, P>(
  app: FastifyInstance,
  ctx: AppContext,
  deps: { layers: LayerDirectory<L, P>; namespace: string },
  opts: CollabOptions = {},
): Promise<CollabServices> {
  const { layers: directory } = deps;
  const relay = ctx.config.redisUrl ? new RedisRelay(ctx.config.redisUrl, ctx.log, deps.namespace) : null;
  const docs = new DocumentManager(new DocStore(ctx.database, ctx.config), relay, ctx.log, { ...DEFAULT_DOCUMENT_OPTIONS, ...opts.documents });
  // Connect-time lookups are shared between connections until an event says access may have changed (below);
  // the TTL only bounds a change that announced nothing. Sessions stay a second: a session revoked in the database
  // without an event (by hand, by another tool) must still stop writing at once (GW14).
  const sessions = new LookupCache<AuthUser | undefined>(1_000);
  const layers = new LookupCache<L | undefined>(LOOKUP_TTL_MS);
  const layerRights = new LookupCache<Right | 'missing'>(LOOKUP_TTL_MS);
  const pictureRights = new LookupCache<Right>(LOOKUP_TTL_MS);
  const clearLookups = () => {
    sessions.clear();
    layers.clear();
    layerRights.clear();
    pictureRights.clear();
  };
  const kinds = new Map<string, DocumentKindAccess>();
  const kindOf = (docName: string): { access: DocumentKindAccess; id: string } | null | undefined => {
    const i = docName.indexOf(':');
    if (i < 0) return undefined; // a layer
    const access = kinds.get(docName.slice(0, i));
    return access ? { access, id: docName.slice(i + 1) } : null;
  };
  const gateway = new YjsGateway(
    docs,
    {
      authenticate: async (token) => {
        if (!token) return undefined;
        const user = await sessions.get(token, () => ctx.auth.authenticate(token));
        return user && (user.sessionExpiresAt ?? 0) > Date.now() ? user : undefined;
      },
      layerRight: async (user, layerId) => {
        const other = kindOf(layerId);
        if (other !== undefined) return other ? other.access.right(user, other.id) : 'missing';
        return layerRights.get(`${user.sessionId} ${layerId}`, async () => {
          const layer = await layers.get(layerId, () => directory.getLayer(layerId));
          return layer ? directory.rightOn(user, layer) : 'missing';
        });
      },
      // Someone who cannot open the picture at all must not learn which layer ids exist in it.
      hidesLayer: async (user, layerId) => {
        const other = kindOf(layerId);
        if (other !== undefined) return other ? other.access.hides(user, other.id) : true;
        const layer = await layers.get(layerId, () => directory.getLayer(layerId));
        if (!layer) return true;
        const right = await pictureRights.get(`${user.sessionId}:${layer.pictureId}`, async () => {
          const picture = await directory.getPicture(layer.pictureId);
          return picture ? directory.pictureRight(user, picture) : 'none';
        });
        return right === 'none';
      },
      formerOwner: (token) => ctx.auth.formerOwner(token),
      validSessionIds: (ids) => ctx.auth.validSessionIds(ids),
      refusesReadOnlyWrites: (docName) => kindOf(docName)?.access.refusesReadOnlyWrites === true,
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

  // Access can change in any process: every process re-checks the connections it holds.
  const reevaluate = async (filter: { layerIds?: string[]; userIds?: string[] }) => {
    clearLookups();
    ctx.orgs.invalidate();
    await gateway.reevaluate(filter);
  };
  ctx.bus.on('layer.access.changed', (e) => reevaluate({ layerIds: e.layerIds }));
  ctx.bus.on('user.changed', (e) => reevaluate({ userIds: [e.userId] }));
  // Everything else a right is computed from: a layer that now exists (a cached "missing"), a layer or picture
  // changed or removed (status, classification), the organisation tree (who is "above" whom).
  for (const name of ['layer.created', 'layer.changed', 'layer.removed', 'picture.changed', 'picture.removed', 'org.changed'] as const) {
    ctx.bus.on(name, () => {
      clearLookups();
    });
  }
  // Logout ends one session: only its document connections close, the user's other sessions stay.
  ctx.bus.on('session.ended', (e) => {
    clearLookups();
    gateway.closeSession(e.sessionId);
  });

  app.server.on('upgrade', (req, socket, head) => {
    try {
      if (gateway.handleUpgrade(req, socket, head)) return;
    } catch (err) {
      // An exception here would be uncaught (an event handler): refuse this one socket instead.
      ctx.log.warn({ err }, 'upgrade handling failed');
      socket.destroy();
      return;
    }
    // socket.io (the live capability) answers its own upgrades on the same server.
    if (!req.url?.startsWith('/socket.io')) socket.destroy();
  });

  // Sockets first (preClose), so the HTTP server is not left waiting on upgraded connections.
  app.addHook('preClose', async () => {
    await gateway.close();
  });
  app.addHook('onClose', async () => {
    // Every queued edit reaches the database before the process exits.
    await docs.closeAll();
    await relay?.close();
  });
  return {
    docs,
    gateway,
    relay,
    registerKind: (kind, access) => {
      if (kind === 'layer' || !/^[a-z][a-z-]{0,23}$/.test(kind) || kinds.has(kind)) throw new Error(`document kind "${kind}" cannot be registered`);
      kinds.set(kind, access);
    },
    reevaluateDocs: (docNames) => reevaluate({ layerIds: docNames }),
  };
}
