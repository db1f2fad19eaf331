/**
 * socket.io connection for one picture: joins on every (re)connect, validates events with isLiveEvent and
 * hands them to a listener. socket.io reconnects by itself; a re-join follows each reconnect.
 */
import { io, type Socket } from 'socket.io-client';
import { EVENT_NAMES, isLiveEvent, type JoinAck, type LayerSummary, type LiveEvent } from '../../../shared/src/events.ts';

export type LiveStatus = 'connecting' | 'connected' | 'disconnected' | 'refused';

export interface LiveListener {
  onEvent(e: LiveEvent): void;
  onJoined(layers: LayerSummary[]): void;
  onStatus(status: LiveStatus, detail?: string): void;
  /** Measures and coverage events (`measure.*`, `coverage.updated`), validated only by version and picture. */
  onExtra?(e: ExtraEvent): void;
}

/** Live events of the measures capability, handed on as they come (the measures panel checks their shape). */
export const EXTRA_EVENT_NAMES = ['measure.created', 'measure.updated', 'measure.activity', 'coverage.updated'] as const;
export interface ExtraEvent {
  v: 1;
  type: (typeof EXTRA_EVENT_NAMES)[number];
  pictureId: string;
  [k: string]: unknown;
}


export class LiveConnection {
  private socket: Socket | null = null;
  private readonly pictureId: string;
  private readonly token: string;
  private readonly listener: LiveListener;

  constructor(pictureId: string, token: string, listener: LiveListener) {
    this.pictureId = pictureId;
    this.token = token;
    this.listener = listener;
  }

  start(): void {
    const socket = io({ auth: { token: this.token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 5_000 });
    this.socket = socket;
    this.listener.onStatus('connecting');
    socket.on('connect', () => this.join());
    socket.on('disconnect', () => this.listener.onStatus('disconnected'));
    socket.on('connect_error', (err: Error) => {
      // An authentication refusal will not heal by retrying with the same token.
      if (/auth|token|unauth/i.test(err.message)) {
        this.listener.onStatus('refused', err.message);
        socket.disconnect();
      } else this.listener.onStatus('disconnected', err.message);
    });
    for (const name of EVENT_NAMES) {
      socket.on(name, (payload: unknown) => {
        if (isLiveEvent(payload) && payload.type === name && payload.pictureId === this.pictureId) {
          this.listener.onEvent(payload);
          if ((EXTRA_EVENT_NAMES as readonly string[]).includes(name)) this.listener.onExtra?.(payload as unknown as ExtraEvent);
        }
      });
    }
    for (const name of EXTRA_EVENT_NAMES) {
      if ((EVENT_NAMES as readonly string[]).includes(name)) continue;
      socket.on(name, (payload: unknown) => {
        const e = payload as Partial<ExtraEvent> | null;
        if (e && typeof e === 'object' && e.v === 1 && e.type === name && e.pictureId === this.pictureId) this.listener.onExtra?.(e as ExtraEvent);
      });
    }
  }

  private join(): void {
    const socket = this.socket;
    if (!socket) return;
    socket.timeout(10_000).emit('picture:join', { pictureId: this.pictureId }, (err: Error | null, ack: JoinAck | undefined) => {
      if (err || !ack) {
        this.listener.onStatus('disconnected', err?.message);
        return;
      }
      if (ack.ok) {
        this.listener.onStatus('connected');
        this.listener.onJoined(ack.layers);
      } else this.listener.onStatus('refused', ack.error?.message);
    });
  }

  stop(): void {
    if (!this.socket) return;
    this.socket.emit('picture:leave', { pictureId: this.pictureId });
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
  }
}
