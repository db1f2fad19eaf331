/**
 * The staff journal (stabsjournal): the layer documents' event logs merged into one list with running numbers,
 * oldest first, as WebEOC and WIS keep it. Pure.
 *
 * Numbers are per viewer: they count the entries this viewer may read. A shared global number would show a
 * partner, through its gaps, how many police-internal entries exist between two shared ones; so a number is a
 * reference within one's own journal, and the entry id (shown on print) is the reference across audiences.
 */
import type { LogRow } from '../EventLog.tsx';

export interface JournalEntry extends LogRow {
  no: number;
}

export function numberJournal(rows: readonly LogRow[]): JournalEntry[] {
  return [...rows].sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id.localeCompare(b.id)).map((r, i) => ({ ...r, no: i + 1 }));
}

/** Entries whose text, author or layer contains the query (case-insensitive), numbers kept. */
export function searchJournal(entries: readonly JournalEntry[], q: string): JournalEntry[] {
  const needle = q.trim().toLocaleLowerCase('sv');
  if (!needle) return [...entries];
  return entries.filter((e) => `${e.text} ${e.author} ${e.layerName}`.toLocaleLowerCase('sv').includes(needle));
}
