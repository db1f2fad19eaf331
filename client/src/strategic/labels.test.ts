import { describe, expect, it } from 'vitest';
import { categoryLabel, classificationText, contributionWidths, indexPoints, vintageLabel } from './labels.ts';

describe('strategic labels', () => {
  it('names code vintages instead of showing the code', () => {
    expect(vintageLabel('KOMMUN2007', 'sv')).toBe('Kommunindelning sedan 2007');
    expect(vintageLabel('MALMO-DO2023', 'sv')).toBe('Malmö stads delområden 2023');
    expect(vintageLabel('KOMMUN2025', 'sv')).toBe('Kommunindelning 2025');
    expect(vintageLabel('UMEA-X2030', 'en')).toBe('Areas 2030 (UMEA-X2030)');
  });

  it('names designation categories', () => {
    expect(categoryLabel('sarskilt_utsatt', 'sv')).toBe('Särskilt utsatt område');
    expect(categoryLabel('utsatt', 'en')).toBe('Vulnerable area');
    expect(categoryLabel('ny_kategori', 'sv')).toBe('Ny kategori');
  });

  it('gives the nameless overlap classification a name, and never prints a raw category', () => {
    const overlap = { scheme: 'utsatta-omraden-overlap', category: 'sarskilt_utsatt', sharePct: 3.456, utsattPct: 0.69, sarskiltPct: 2.766 };
    expect(classificationText(overlap, 'sv')).toBe('Andel av invånarna som bor i utpekade områden: 3,5 % (särskilt utsatta 2,8 %, utsatta 0,7 %)');
    const named = classificationText({ scheme: 'utsatta-omraden', name: 'Rosengård', category: 'sarskilt_utsatt' }, 'sv');
    expect(named).toBe('Rosengård – Särskilt utsatt område');
    expect(named).not.toMatch(/sarskilt_utsatt/);
    expect(classificationText({ category: 'utsatt' }, 'sv')).toBe('Namnlös klassning – Utsatt område');
  });

  it('shows contributions as index points with a sign, and bars relative to the largest', () => {
    expect(indexPoints(0.4797, 'sv')).toBe('+0,48 indexpoäng');
    expect(indexPoints(-0.1, 'en')).toBe('−0.1 index points');
    expect(indexPoints(null, 'sv')).toBe('–');
    expect(contributionWidths([0.5, -0.25, null, 0])).toEqual([100, 50, 0, 0]);
  });
});
