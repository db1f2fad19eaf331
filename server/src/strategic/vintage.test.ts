import { describe, expect, it } from 'vitest';
import { StrategicError } from './errors.ts';
import { assertSameVintage, checkVintage, joinByArea, parseAreaCode } from './vintage.ts';

describe('area codes and vintages', () => {
  it('recognises levels and vintages, canonicalising SCB suffixes', () => {
    expect(parseAreaCode('00')).toMatchObject({ code: 'SE', level: 'country' });
    expect(parseAreaCode('12')).toMatchObject({ level: 'lan', vintage: 'LAN2007' });
    expect(parseAreaCode('1280')).toMatchObject({ level: 'kommun', vintage: 'KOMMUN2007', kommunCode: '1280' });
    expect(parseAreaCode('2080A0010')).toMatchObject({ code: '2080A0010', level: 'deso', vintage: 'DeSO2018' });
    expect(parseAreaCode('2080a0010_deso2025')).toMatchObject({ code: '2080A0010_DeSO2025', baseCode: '2080A0010', vintage: 'DeSO2025' });
    expect(parseAreaCode('2080A0010_DeSO2018')?.code).toBe('2080A0010');
    expect(parseAreaCode('0114R001_RegSO2025')).toMatchObject({ level: 'regso', vintage: 'RegSO2025', kommunCode: '0114' });
    expect(parseAreaCode('1280-DO-24407')).toMatchObject({ level: 'district', vintage: 'MALMO-DO2023', kommunCode: '1280' });
    expect(parseAreaCode('12800')).toBeNull();
    expect(parseAreaCode('2080D0010')).toBeNull();
  });

  it('refuses to join values across vintages with a clear, coded error', () => {
    const areas = [{ code: '2080A0010', vintage: 'DeSO2018' }];
    const ok = joinByArea(areas, [{ areaCode: '2080A0010', value: 1 }]);
    expect(ok.joined.get('2080A0010')).toHaveLength(1);
    let err: unknown;
    try {
      joinByArea(areas, [{ areaCode: '2080A0010_DeSO2025', value: 2 }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StrategicError);
    expect(err).toMatchObject({ code: 'RT_ERR_VINTAGE_MISMATCH', statusCode: 409 });
    expect((err as Error).message).toMatch(/DeSO2025.*DeSO2018.*aldrig ihop/);
    expect(() => joinByArea(areas, [{ areaCode: '2080A0010', vintage: 'DeSO2025', value: 2 }])).toThrow(StrategicError);
    expect(() => assertSameVintage({ code: 'a', vintage: 'RegSO2018' }, { code: 'b', vintage: 'RegSO2025' })).toThrow(/never joined across vintages/);
  });

  it('checks a code against the vintage of an import', () => {
    expect(checkVintage('2080A0010_DeSO2025', 'DeSO2025')).toBeNull();
    expect(checkVintage('2080A0010', 'DeSO2025')).toMatch(/DeSO2018/);
    expect(checkVintage('x', 'DeSO2025')).toBe("unknown area code format 'x'");
  });
});
