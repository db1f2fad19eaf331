import { describe, expect, it } from 'vitest';
import { parseJsonStat, parsePxWebCsv, resolveScbRegion } from './jsonstat.ts';

/**
 * Shaped like SCB's PxWeb API v2 answer (`/tables/TAB638/data?outputFormat=json-stat2`, population by
 * region, sex and year): JSON-stat 2.0 dataset, `role`, category `index` objects, labels with the code
 * prefixed, a unit on the content, an `extension.px` block, and a `..` status on a missing cell.
 * Values are illustrative.
 */
const scbPopulation = {
  version: '2.0',
  class: 'dataset',
  label: 'Folkmängden efter region, kön, tabellinnehåll och år',
  source: 'SCB',
  updated: '2025-02-21T07:00:00Z',
  href: 'https://api.scb.se/OV0104/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2',
  role: { time: ['Tid'], geo: ['Region'], metric: ['ContentsCode'] },
  id: ['Region', 'Kon', 'ContentsCode', 'Tid'],
  size: [4, 1, 1, 2],
  dimension: {
    Region: {
      label: 'region',
      category: {
        index: { '00': 0, '12': 1, '1280': 2, '2080A0010_DeSO2025': 3 },
        label: { '00': '00 Riket', '12': '12 Skåne län', '1280': '1280 Malmö', '2080A0010_DeSO2025': '2080A0010_DeSO2025 Falun' },
      },
      extension: { elimination: true, show: 'code_value' },
    },
    Kon: { label: 'kön', category: { index: { '1+2': 0 }, label: { '1+2': 'totalt' } } },
    ContentsCode: {
      label: 'tabellinnehåll',
      category: {
        index: { '000005FF': 0 },
        label: { '000005FF': 'Folkmängd' },
        unit: { '000005FF': { base: 'antal', decimals: 0 } },
      },
    },
    Tid: { label: 'år', category: { index: { '2023': 0, '2024': 1 }, label: { '2023': '2023', '2024': '2024' } } },
  },
  value: [10551707, 10587710, 1421781, 1433086, 362133, 365315, null, 1203],
  status: { '6': '..' },
  extension: { px: { tableid: 'TAB638', decimals: 0, language: 'sv', contents: 'Folkmängd' } },
};

describe('parseJsonStat (SCB PxWeb v2 JSON-stat 2)', () => {
  it('turns cells into rows, mapping 00 → SE and keeping the DeSO2025 vintage', () => {
    const r = parseJsonStat(JSON.stringify(scbPopulation), { indicator: { '000005FF': 'population' } });
    expect(r.rows).toEqual([
      { areaCode: 'SE', year: 2023, indicator: 'population', value: 10551707, vintage: 'SE' },
      { areaCode: 'SE', year: 2024, indicator: 'population', value: 10587710, vintage: 'SE' },
      { areaCode: '12', year: 2023, indicator: 'population', value: 1421781, vintage: 'LAN2007' },
      { areaCode: '12', year: 2024, indicator: 'population', value: 1433086, vintage: 'LAN2007' },
      { areaCode: '1280', year: 2023, indicator: 'population', value: 362133, vintage: 'KOMMUN2007' },
      { areaCode: '1280', year: 2024, indicator: 'population', value: 365315, vintage: 'KOMMUN2007' },
      { areaCode: '2080A0010_DeSO2025', year: 2024, indicator: 'population', value: 1203, vintage: 'DeSO2025' },
    ]);
    expect(r.rejected).toEqual([{ row: 7, errors: ["2080A0010_DeSO2025, 2023, 000005FF: value missing (status '..')"] }]);
  });

  it('defaults the indicator to the content code and folds extra dimensions into it', () => {
    const twoSexes = {
      ...scbPopulation,
      id: ['Region', 'Kon', 'ContentsCode', 'Tid'],
      size: [1, 2, 1, 1],
      dimension: {
        ...scbPopulation.dimension,
        Region: { label: 'region', category: { index: ['1280'], label: { '1280': 'Malmö' } } },
        Kon: { label: 'kön', category: { index: { '1': 0, '2': 1 }, label: { '1': 'män', '2': 'kvinnor' } } },
        Tid: { label: 'år', category: { index: { '2024': 0 } } },
      },
      value: { '0': 181000, '1': 184315 },
      status: undefined,
    };
    const r = parseJsonStat(twoSexes);
    expect(r.rows.map((x) => [x.indicator, x.value])).toEqual([
      ['000005FF|Kon=1', 181000],
      ['000005FF|Kon=2', 184315],
    ]);
  });

  it('resolves regions by key, by "code name" label or by name lookup', () => {
    expect(resolveScbRegion('1280', 'Malmö')).toEqual({ code: '1280', vintage: 'KOMMUN2007' });
    expect(resolveScbRegion('x', '0114R001_RegSO2025 Upplands Väsby')).toEqual({ code: '0114R001_RegSO2025', vintage: 'RegSO2025' });
    expect(resolveScbRegion('Malmö', undefined, new Map([['malmö', '1280']]))).toEqual({ code: '1280', vintage: 'KOMMUN2007' });
    expect(resolveScbRegion('Riket', undefined)).toEqual({ code: 'SE', vintage: 'SE' });
    expect(resolveScbRegion('Atlantis', undefined)).toEqual({ error: "unknown region 'Atlantis'" });
  });

  it('reports non-annual periods and refuses other vintages per cell', () => {
    const monthly = {
      ...scbPopulation,
      size: [1, 1, 1, 1],
      dimension: { ...scbPopulation.dimension, Region: { category: { index: { '2080A0010': 0 } } }, Tid: { category: { index: { '2024M01': 0 } } } },
      value: [5],
      status: undefined,
    };
    const r = parseJsonStat(monthly, { vintage: 'DeSO2025' });
    expect(r.rows).toEqual([]);
    expect(r.rejected[0].errors).toHaveLength(2);
    expect(r.rejected[0].errors[0]).toMatch(/DeSO2018.*DeSO2025/);
    expect(r.rejected[0].errors[1]).toMatch(/only annual data/);
  });

  it('accepts the JSON-stat 1 bundle of PxWeb API v1', () => {
    const v1 = {
      dataset: {
        dimension: {
          Region: { label: 'region', category: { index: { '0180': 0 }, label: { '0180': 'Stockholm' } } },
          Tid: { label: 'år', category: { index: { '2024': 0 } } },
          id: ['Region', 'Tid'],
          size: [1, 1],
          role: { time: ['Tid'], geo: ['Region'] },
        },
        value: [988943],
      },
    };
    expect(parseJsonStat(v1, { indicator: 'population' }).rows).toEqual([{ areaCode: '0180', year: 2024, indicator: 'population', value: 988943, vintage: 'KOMMUN2007' }]);
  });

  it('fails as a whole on a document that is not a dataset', () => {
    expect(() => parseJsonStat('{"class":"collection"}')).toThrowError(expect.objectContaining({ code: 'RT_ERR_INVALID_IMPORT' }));
    expect(() => parseJsonStat('not json')).toThrowError(/not valid JSON/);
    expect(() => parseJsonStat({ ...scbPopulation, value: [1, 2] })).toThrowError(/sizes multiply to 8/);
  });
});

describe('parsePxWebCsv', () => {
  it('reads the wide export with a title line and "content year" columns', () => {
    const csv = '"Folkmängden efter region och år"\n\n"region","Folkmängd 2023","Folkmängd 2024"\n"1280 Malmö",362133,365315\n"0180 Stockholm",984748,988943\n"2080A0010 Falun",..,1203\n';
    const r = parsePxWebCsv(csv, { indicator: 'population' });
    expect(r.rows).toHaveLength(5);
    expect(r.rows[0]).toEqual({ areaCode: '1280', year: 2023, indicator: 'population', value: 362133, vintage: 'KOMMUN2007' });
    expect(r.rows[4]).toEqual({ areaCode: '2080A0010', year: 2024, indicator: 'population', value: 1203, vintage: 'DeSO2018' });
    expect(r.rejected).toEqual([{ row: 3, errors: ["Folkmängd 2023: value missing (symbol '..')"] }]);
  });

  it('reads the long layout with an år column, semicolons and decimal commas; slugs the content', () => {
    const csv = 'region;kön;år;Andel förvärvsarbetande\nMalmö;totalt;2023;68,4\nOkänd;totalt;2023;70\nMalmö;totalt;23;70\n';
    const r = parsePxWebCsv(csv, { regionNames: new Map([['malmö', '1280']]) });
    expect(r.rows).toEqual([{ areaCode: '1280', year: 2023, indicator: 'andel_forvarvsarbetande|kon=totalt', value: 68.4, vintage: 'KOMMUN2007' }]);
    expect(r.rejected).toEqual([
      { row: 2, errors: ["unknown region 'Okänd'"] },
      { row: 3, errors: ["år: year '23' is not a four-digit year"] },
    ]);
  });

  it('reads the code-only long layout (PxWeb csv3: codes in the header and cells)', () => {
    const csv = 'Region,Tid,BE0101N1\n1280,2024,365315\n0180,2024,988943\n';
    const r = parsePxWebCsv(csv, { indicator: { BE0101N1: 'population' } });
    expect(r.rejected).toEqual([]);
    expect(r.rows.map((x) => [x.areaCode, x.year, x.indicator, x.value])).toEqual([
      ['1280', 2024, 'population', 365315],
      ['0180', 2024, 'population', 988943],
    ]);
  });
});
