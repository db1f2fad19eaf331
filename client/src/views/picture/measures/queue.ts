/**
 * Activities recorded without a network wait in localStorage (per user) and are sent when the browser is back
 * online. Each queued activity carries its own id, so the list can show it as "köad" until it is sent.
 */
import type { KeyValueStorage } from '../../../state/storage.ts';
import type { ActivityInput } from './model.ts';

export interface QueuedActivity {
  qid: string;
  measureId: string;
  input: ActivityInput;
  queuedAt: string;
}

const key = (userId: string) => `lagesbild.activityQueue.${userId}`;

export function loadQueue(s: KeyValueStorage, userId: string): QueuedActivity[] {
  try {
    const v = JSON.parse(s.getItem(key(userId)) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as QueuedActivity[]).filter((q) => q && typeof q.measureId === 'string' && q.input) : [];
  } catch {
    return [];
  }
}

export function saveQueue(s: KeyValueStorage, userId: string, q: readonly QueuedActivity[]): void {
  if (q.length === 0) s.removeItem(key(userId));
  else s.setItem(key(userId), JSON.stringify(q));
}

/**
 * Sends the queue in order; stops at the first network failure (still offline) and drops items the server
 * refuses (4xx: they would never succeed). Returns what is left.
 */
export async function flushQueue(
  q: readonly QueuedActivity[],
  send: (item: QueuedActivity) => Promise<void>,
  isNetworkError: (e: unknown) => boolean,
): Promise<{ left: QueuedActivity[]; sent: QueuedActivity[]; refused: QueuedActivity[] }> {
  const sent: QueuedActivity[] = [];
  const refused: QueuedActivity[] = [];
  for (let i = 0; i < q.length; i++) {
    try {
      await send(q[i]);
      sent.push(q[i]);
    } catch (e) {
      if (isNetworkError(e)) return { left: q.slice(i), sent, refused };
      refused.push(q[i]);
    }
  }
  return { left: [], sent, refused };
}
