import { describe, expect, it } from 'vitest';
import { wdq } from './wdq.ts';

describe('WDQ and total net effect (Bowers & Johnson 2003; Guerette 2009)', () => {
  it('computes SM, BM, WDQ and TNE by the published formulas on the Wheeler & Ratcliffe (2018) counts', () => {
    // Target 207→110, buffer 178→157, control 308→318 (the foot-patrol example also used for the WDD test).
    const r = wdq({ target: [207, 110], buffer: [178, 157], control: [308, 318] });
    const SM = 110 / 318 - 207 / 308;
    const BM = 157 / 318 - 178 / 308;
    expect(r.successMeasure).toBeCloseTo(SM, 15);
    expect(r.bufferMeasure).toBeCloseTo(BM, 15);
    expect(r.wdq).toBeCloseTo(BM / SM, 15);
    expect(r.wdq).toBeCloseTo(0.2582, 4);
    expect(r.interpretation).toBe('diffusion');
    // Expected without the measure: 207·318/308 ≈ 213.7 in the target, 178·318/308 ≈ 183.8 in the buffer.
    expect(r.totalNetEffect).toBeCloseTo((207 * 318) / 308 - 110 + ((178 * 318) / 308 - 157), 12);
    expect(r.totalNetEffect).toBeCloseTo(130.5, 1);
  });

  it('calls a worse buffer displacement', () => {
    const r = wdq({ target: [100, 50], buffer: [50, 80], control: [100, 100] });
    expect(r.wdq).toBeCloseTo(-0.6, 12);
    expect(r.interpretation).toBe('displacement');
  });

  it('is undefined with a reason when a control count is 0, and when SM = 0', () => {
    const z = wdq({ target: [10, 5], buffer: [3, 3], control: [0, 4] });
    expect(z.wdq).toBeNull();
    expect(z.reasonKey).toBe('control_zero');
    expect(z.totalNetEffect).toBeNull();
    const after0 = wdq({ target: [10, 5], buffer: [3, 3], control: [4, 0] });
    expect(after0.wdq).toBeNull();
    expect(after0.totalNetEffect).toBe(10 * 0 - 5 + (0 - 3));
    const sm0 = wdq({ target: [10, 10], buffer: [3, 5], control: [20, 20] });
    expect(sm0.wdq).toBeNull();
    expect(sm0.reasonKey).toBe('sm_zero');
  });

  it('says the quotient is not meaningful when the target did not improve (SM > 0)', () => {
    const r = wdq({ target: [10, 20], buffer: [3, 5], control: [20, 20] });
    expect(r.wdq).not.toBeNull();
    expect(r.reasonKey).toBe('sm_not_negative');
    expect(r.interpretation).toBeNull();
  });

  it('rejects negative counts', () => {
    expect(() => wdq({ target: [-1, 2], buffer: [1, 1], control: [1, 1] })).toThrow(/negative/);
  });
});
