/**
 * The follow-up's live events (areafollowup.due, areafollowup.assessment) over the app's socket.io server.
 * They belong to no picture, so they go to every connected viewer for whom `build` returns an event — built
 * per viewer from what that viewer may read, once per audience (organisation and roles).
 */
import type { Logger } from 'pino';
import type { FollowupEvent } from '../../../shared/src/areaFollowup.ts';
import type { AuthUser } from '../auth/authService.ts';
import type { LiveHub } from '../live/liveHub.ts';

export type FollowupEventFor = (viewer: AuthUser) => Promise<FollowupEvent | null>;

export class FollowupLive {
  constructor(
    private readonly hub: Pick<LiveHub, 'io'> | null,
    private readonly log: Logger,
  ) {}

  /**
   * `localOnly`: only this process's sockets. The reminder timer runs in every process and each tells its own
   * sockets, so a viewer hears of a due date once however many processes there are.
   */
  async publish(build: FollowupEventFor, opts: { localOnly?: boolean } = {}): Promise<number> {
    if (!this.hub) return 0;
    try {
      const sockets = opts.localOnly ? await this.hub.io.local.fetchSockets() : await this.hub.io.fetchSockets();
      const cache = new Map<string, FollowupEvent | null>();
      let sent = 0;
      for (const s of sockets) {
        const viewer = (s.data as { user?: AuthUser } | undefined)?.user;
        if (!viewer) continue;
        const key = `${viewer.organisationId}|${[...viewer.roles].sort().join(',')}`;
        let event = cache.get(key);
        if (event === undefined) {
          event = await build(viewer);
          cache.set(key, event);
        }
        if (!event) continue;
        s.emit(event.type, event);
        sent++;
      }
      return sent;
    } catch (err) {
      // The change has happened; a lost notification must not fail it (clients re-read on reconnect).
      this.log.error({ err }, 'publishing an area follow-up event failed');
      return 0;
    }
  }
}
