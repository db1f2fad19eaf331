import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../../../shared/src/layerDoc.ts';
import { changesInVersion } from './versionChanges.ts';

const e = (id: string, time: string, author = 'Kim'): LogEntry => ({ id, time, author, text: `ändring ${id}`, featureIds: [] });
const log = [e('a', '2026-12-05T01:00:00Z'), e('b', '2026-12-05T01:05:00Z', 'Sam'), e('c', '2026-12-05T01:10:00Z'), e('d', '2026-12-05T01:20:00Z')];
const versions = [{ at: '2026-12-05T01:02:00Z' }, { at: '2026-12-05T01:10:00Z' }, { at: '2026-12-05T01:15:00Z' }];

describe('who changed what in a layer version', () => {
  it('lists the log entries after the previous version up to this one, the boundary belonging to the later version', () => {
    expect(changesInVersion(log, versions, 0).map((x) => x.id)).toEqual(['a']);
    expect(changesInVersion(log, versions, 1).map((x) => [x.id, x.author])).toEqual([
      ['b', 'Sam'],
      ['c', 'Kim'],
    ]);
    expect(changesInVersion(log, versions, 2)).toEqual([]);
  });

  it('gives nothing for a version that does not exist', () => {
    expect(changesInVersion(log, versions, 3)).toEqual([]);
    expect(changesInVersion(log, [], 0)).toEqual([]);
  });
});
