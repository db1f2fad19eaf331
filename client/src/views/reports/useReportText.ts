/**
 * One report text (the police text `report:<id>` or the partner text `report-partner:<id>`) as a live Yjs
 * document over the same gateway as the layers: each heading is a Y.Text. Signed reports and readers connect
 * read-only; the server refuses their edits, and the hook says so.
 */
import { useEffect, useMemo, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { isPermanentClose } from '../../../../shared/src/closeCodes.ts';
import { HEADING_KEYS, type HeadingKey } from '../../../../shared/src/reports.ts';
import { wsBase } from '../../collab/LayerSession.ts';

export interface ReportText {
  texts: Record<HeadingKey, string>;
  synced: boolean;
  /** Closed for good (not allowed, or the report was signed while editing). */
  refused: boolean;
  /** Replaces a heading's text by the smallest edit (common prefix and suffix kept), so concurrent edits merge. */
  edit(key: HeadingKey, next: string): void;
}

const empty = (): Record<HeadingKey, string> => Object.fromEntries(HEADING_KEYS.map((k) => [k, ''])) as Record<HeadingKey, string>;

/** The smallest replacement turning `prev` into `next`: [start, deleteCount, insert]. */
export function textDiff(prev: string, next: string): [number, number, string] {
  let start = 0;
  while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) {
    endPrev--;
    endNext--;
  }
  return [start, endPrev - start, next.slice(start, endNext)];
}

export function useReportText(kind: 'report' | 'report-partner', reportId: string, token: string | null, enabled: boolean): ReportText {
  const [texts, setTexts] = useState(empty);
  const [synced, setSynced] = useState(false);
  const [refused, setRefused] = useState(false);
  const session = useMemo(() => {
    if (!enabled || !token) return null;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${wsBase()}/yjs`, `${kind}:${reportId}`, doc, {
      params: { token },
      disableBc: true,
      maxBackoffTime: 5_000,
      shouldReconnect: (e: CloseEvent) => !isPermanentClose(e.code),
    });
    return { doc, provider };
  }, [kind, reportId, token, enabled]);

  useEffect(() => {
    if (!session) return;
    const { doc, provider } = session;
    const read = () => setTexts(Object.fromEntries(HEADING_KEYS.map((k) => [k, doc.getText(k).toString()])) as Record<HeadingKey, string>);
    doc.on('update', read);
    provider.on('sync', (s: boolean) => {
      setSynced(s);
      read();
    });
    provider.on('connection-close', (e: CloseEvent | null) => {
      if (e && isPermanentClose(e.code)) setRefused(true);
    });
    return () => {
      provider.destroy();
      doc.destroy();
    };
  }, [session]);

  return {
    texts,
    synced,
    refused,
    edit: (key, next) => {
      if (!session) return;
      const t = session.doc.getText(key);
      const [start, del, ins] = textDiff(t.toString(), next);
      session.doc.transact(() => {
        if (del) t.delete(start, del);
        if (ins) t.insert(start, ins);
      });
    },
  };
}
