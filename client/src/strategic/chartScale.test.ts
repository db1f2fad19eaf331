import { describe, expect, it } from 'vitest';
import { chartGeometry, niceStep } from './chartScale.ts';

const box = { width: 260, height: 140, left: 40, bottom: 30, top: 10, right: 10 };

describe('trend chart axes', () => {
  it('picks 1-2-5 steps', () => {
    expect(niceStep(2.43)).toBe(1);
    expect(niceStep(0.7)).toBe(0.2);
    expect(niceStep(37)).toBe(10);
    expect(niceStep(0)).toBe(1);
  });

  it('puts one x tick per year, y ticks that cover the values and zero, and points inside the plot', () => {
    const g = chartGeometry(
      [
        { year: 2019, value: 2.43 },
        { year: 2020, value: 2.35 },
        { year: 2021, value: null },
        { year: 2024, value: 1.71 },
      ],
      box,
    );
    expect(g.xTicks.map((t) => t.year)).toEqual([2019, 2020, 2021, 2024]);
    expect(g.xTicks[0].x).toBe(40);
    expect(g.xTicks.at(-1)?.x).toBe(250);
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 1, 2, 3]);
    expect(g.dots).toHaveLength(3);
    for (const d of g.dots) {
      expect(d.y).toBeGreaterThanOrEqual(10);
      expect(d.y).toBeLessThanOrEqual(110);
    }
    // Higher values are drawn higher up.
    expect(g.dots[0].y).toBeLessThan(g.dots[2].y);
  });

  it('handles negative series and a single year', () => {
    const g = chartGeometry([{ year: 2024, value: -0.4 }], box);
    expect(g.yTicks[0].value).toBeLessThanOrEqual(-0.4);
    expect(g.yTicks.at(-1)?.value).toBeGreaterThanOrEqual(0);
    expect(g.dots[0].x).toBe(145);
  });
});
