/**
 * Report events (`report.signed`, `report.updated`) wherever the viewer is in the app: one socket.io connection
 * that joins no picture; the server sends each viewer the report as that viewer may read it.
 */
import { useEffect, useRef } from 'react';
import { io } from 'socket.io-client';
import { isLiveEvent, type ReportEvent } from '../../../../shared/src/events.ts';

export function useReportEvents(token: string | null, onEvent: (e: ReportEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!token) return;
    const socket = io({ auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 5_000 });
    for (const name of ['report.signed', 'report.updated'] as const) {
      socket.on(name, (payload: unknown) => {
        if (isLiveEvent(payload) && payload.type === name) handler.current(payload as ReportEvent);
      });
    }
    return () => {
      socket.close();
    };
  }, [token]);
}
