/** Test helpers: real socket.io clients that join a picture and record every live event (tests and bench only). */
import { EVENT_NAMES, type JoinAck, type LiveEvent } from '../../../shared/src/events.ts';
import { type EventRecorder, recordEvents } from '../../test/eventRecorder.ts';

export interface RecordingClient extends EventRecorder<LiveEvent> {
  ack: JoinAck;
}

export async function joinPicture(baseUrl: string, token: string, pictureId: string): Promise<RecordingClient> {
  const recorder = await recordEvents<LiveEvent>(baseUrl, token, EVENT_NAMES, 'live event', 2_000);
  const ack = await new Promise<JoinAck>((resolve) => recorder.socket.emit('picture:join', { pictureId }, resolve));
  return { ...recorder, ack };
}
