/** Test helper: a real socket.io client recording the follow-up's live events (tests only). */
import { FOLLOWUP_EVENT_NAMES, type FollowupEvent } from '../../../shared/src/areaFollowup.ts';
import { type EventRecorder, recordEvents } from '../../test/eventRecorder.ts';

export type FollowupRecorder = EventRecorder<FollowupEvent>;

export function followupRecorder(baseUrl: string, token: string): Promise<FollowupRecorder> {
  return recordEvents<FollowupEvent>(baseUrl, token, FOLLOWUP_EVENT_NAMES, 'follow-up event', 3_000);
}
