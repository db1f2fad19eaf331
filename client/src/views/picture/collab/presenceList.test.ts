import { describe, expect, it } from 'vitest';
import type { Peer } from '../../../collab/awareness.ts';
import { initials, presenceList } from './presenceList.ts';

const peer = (clientId: number, name: string, org: string, cursor: [number, number] | null = null): Peer => ({ clientId, user: { name, org, color: '#0072B2' }, selection: null, cursor });

describe('who is in the picture', () => {
  it('shows me first, then one avatar per user across layers and tabs, by name', () => {
    const list = presenceList({ name: 'Analytiker Malmö', org: 'Polisområde Malmö', color: '#000000' }, [
      peer(1, 'Vakthavande Norr', 'LPO Malmö Norr'),
      peer(2, 'Befäl Malmö', 'Polisområde Malmö', [13, 55.6]),
      peer(3, 'Vakthavande Norr', 'LPO Malmö Norr', [13, 55.6]),
      peer(4, 'Analytiker Malmö', 'Polisområde Malmö'),
    ]);
    expect(list.map((a) => [a.name, a.isMe, a.active])).toEqual([
      ['Analytiker Malmö', true, true],
      ['Befäl Malmö', false, true],
      ['Vakthavande Norr', false, true],
    ]);
  });

  it('makes initials from the first and last word', () => {
    expect(initials('Analytiker Malmö')).toBe('AM');
    expect(initials('admin')).toBe('AD');
    expect(initials('  ')).toBe('?');
  });
});
