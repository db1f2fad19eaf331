import { describe, expect, it } from 'vitest';
import { parseIndicatorCsv } from './indicatorCsv.ts';

describe('parseIndicatorCsv', () => {
  it('reads valid rows and canonicalises codes with their vintage', () => {
    const csv = 'areaCode,year,indicator,value\n1280,2024,population,362133\n2080A0010,2022,employment_rate,"81,5"\n2080A0010_DeSO2025,2024,employment_rate,80.1\n00,2024,population,10587140\n';
    const r = parseIndicatorCsv(csv);
    expect(r.rejected).toEqual([]);
    expect(r.rows).toEqual([
      { areaCode: '1280', year: 2024, indicator: 'population', value: 362133, vintage: 'KOMMUN2007' },
      { areaCode: '2080A0010', year: 2022, indicator: 'employment_rate', value: 81.5, vintage: 'DeSO2018' },
      { areaCode: '2080A0010_DeSO2025', year: 2024, indicator: 'employment_rate', value: 80.1, vintage: 'DeSO2025' },
      { areaCode: 'SE', year: 2024, indicator: 'population', value: 10587140, vintage: 'SE' },
    ]);
  });

  it('reports every error of every bad row, counting data rows from 1', () => {
    const csv = [
      'indicator;areaCode;value;year',
      'population;1280;100;2024',
      'population;12800;abc;24',
      '',
      ';0180;..;2024',
      'population;1280;200;2024',
      'bad id!;0180;5;2024',
    ].join('\n');
    const r = parseIndicatorCsv(csv);
    expect(r.rows).toHaveLength(1);
    expect(r.rejected).toEqual([
      { row: 2, errors: ["unknown area code format '12800'", "year '24' is not a four-digit year", "value 'abc' is not a number"] },
      { row: 4, errors: ['indicator is empty', "value missing (symbol '..')"] },
      { row: 5, errors: ['duplicate of row 1 (1280, 2024, population)'] },
      { row: 6, errors: ["indicator 'bad id!' may only contain letters, digits and _ . : | = + - (max 100)"] },
    ]);
  });

  it('refuses rows of another vintage than the one imported', () => {
    const r = parseIndicatorCsv('areaCode,year,indicator,value\n2080A0010,2024,x,1\n2080A0010_DeSO2025,2024,x,1\n', { vintage: 'DeSO2025' });
    expect(r.rows.map((x) => x.areaCode)).toEqual(['2080A0010_DeSO2025']);
    expect(r.rejected[0].row).toBe(1);
    expect(r.rejected[0].errors[0]).toMatch(/DeSO2018 men DeSO2025 krävs/);
  });

  it('rejects a file without the required header as a whole', () => {
    expect(() => parseIndicatorCsv('code,year,value\n1280,2024,1\n')).toThrowError(expect.objectContaining({ code: 'RT_ERR_INVALID_IMPORT' }));
  });
});
