import { describe, expect, it } from 'vitest';
import { overWhite, riskRampColours, rtmClassColour } from './legendModel.ts';

describe('legend colours match what the map draws', () => {
  it('composites the risk ramp with its rising tile alpha and the 0.6 raster opacity over white', () => {
    const ramp = riskRampColours();
    expect(ramp).toHaveLength(5);
    // t = 0: viridis purple (68,1,84) at 90/255 × 0.6 ≈ 21 % over white.
    expect(ramp[0]).toBe(overWhite([68, 1, 84], (90 / 255) * 0.6));
    // t = 1: yellow (253,231,37) at 220/255 × 0.6 ≈ 52 %.
    expect(ramp[4]).toBe(overWhite([253, 231, 37], (220 / 255) * 0.6));
    // Not the fully opaque key colours the old legend showed.
    expect(ramp[0]).not.toBe('#440154');
  });

  it('blends correctly (white stays white, opaque stays itself)', () => {
    expect(overWhite([0, 0, 0], 0)).toBe('#ffffff');
    expect(overWhite([165, 0, 38], 1)).toBe('#a50026');
  });

  it('gets darker from the lowest to the highest RTM class', () => {
    const lum = (h: string) => [1, 3, 5].reduce((s, i) => s + Number.parseInt(h.slice(i, i + 2), 16), 0);
    expect(lum(rtmClassColour(1))).toBeGreaterThan(lum(rtmClassColour(2)));
    expect(lum(rtmClassColour(2))).toBeGreaterThan(lum(rtmClassColour(3)));
  });
});
