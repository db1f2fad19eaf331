import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { extent, linearScale, niceTicks } from './scale.ts';
import { ScatterChart } from './ScatterChart.tsx';
import { TimeChart } from './TimeChart.tsx';

describe('scales', () => {
  it('map a domain onto a range, inverted ranges included; a zero-width domain maps to the middle', () => {
    const s = linearScale([0, 10], [100, 0]);
    expect(s(0)).toBe(100);
    expect(s(10)).toBe(0);
    expect(s(2.5)).toBe(75);
    expect(linearScale([3, 3], [0, 50])(3)).toBe(25);
  });

  it('give round ticks that cover the data, exact in decimals', () => {
    expect(niceTicks(0, 9, 5)).toEqual({ ticks: [0, 2, 4, 6, 8, 10], domain: [0, 10] });
    expect(niceTicks(-23, 7, 5).domain).toEqual([-30, 10]);
    expect(niceTicks(0.1, 0.3, 2).ticks).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(4, 4).ticks).toEqual([3, 3.5, 4, 4.5, 5]);
    expect(niceTicks(Number.NaN, 1)).toEqual({ ticks: [0, 1], domain: [0, 1] });
  });

  it('take the extent of finite values only', () => {
    expect(extent([3, null, -1, Number.NaN, 8, undefined])).toEqual([-1, 8]);
    expect(extent([])).toBeNull();
  });
});

describe('charts', () => {
  const fmt = (n: number) => String(Math.round(n));
  it('a time chart names itself and its axes with units, draws lines, band and start marker, and a text legend', () => {
    const html = renderToStaticMarkup(
      <TimeChart
        title="Händelser per vecka"
        description="Behandlat område och jämförelseområde före och efter."
        series={[
          { label: 'Behandlat område', colour: '#882255', points: [{ x: 0, y: 3 }, { x: 1, y: 5 }, { x: 2, y: null }, { x: 3, y: 1 }] },
          { label: 'Jämförelseområde', colour: '#117733', dash: '6 3', points: [{ x: 0, y: 2 }, { x: 3, y: 2 }] },
        ]}
        band={{ label: '90 % intervall', colour: '#882255', points: [{ x: 0, low: 1, high: 4 }, { x: 3, low: -2, high: 6 }] }}
        marker={{ x: 1.5, label: 'Start' }}
        xLabel="Vecka (datum)"
        yLabel="Antal händelser"
        formatX={fmt}
        formatY={fmt}
      />,
    );
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+-t [^"]+-d"/);
    expect(html).toContain('<title id=');
    expect(html).toContain('Händelser per vecka</title>');
    expect(html).toContain('Behandlat område och jämförelseområde före och efter.</desc>');
    expect(html).toContain('Vecka (datum)');
    expect(html).toContain('Antal händelser');
    expect(html).toContain('90 % intervall');
    expect(html).toContain('stroke-dasharray="4 3"');
    // The gap (null) breaks the treated line into two pieces.
    const treated = /<path d="([^"]+)" fill="none" stroke="#882255"/.exec(html)?.[1] ?? '';
    expect(treated.match(/M/g)).toHaveLength(2);
    // The band is a closed shape.
    expect(html).toMatch(/<path d="M[^"]+Z" fill="#882255" fill-opacity="0.25"/);
  });

  it('a scatter chart titles each dot with its measure and draws its interval', () => {
    const html = renderToStaticMarkup(
      <ScatterChart
        title="Dos och effekt"
        description="Varje punkt är en åtgärd."
        points={[
          { x: 40, y: -12, low: -20, high: -4, label: 'Nattpatrull Möllan' },
          { x: 10, y: 2, label: 'Belysning' },
        ]}
        xLabel="Utförd dos (besök)"
        yLabel="Skattad effekt (händelser)"
        formatX={fmt}
        formatY={fmt}
      />,
    );
    expect(html).toContain('<title>Nattpatrull Möllan</title>');
    expect(html).toContain('Utförd dos (besök)');
    expect((html.match(/<circle/g) ?? []).length).toBe(2);
    expect((html.match(/stroke-width="1.5"/g) ?? []).length).toBe(1);
  });
});
