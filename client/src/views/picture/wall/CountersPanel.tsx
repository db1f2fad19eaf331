/** Counters and two small charts: confirmed incidents of the last 7 days by type and by day. */
import { useApp } from '../../../AppContext.tsx';
import { formatNumber } from '../../../i18n/format.ts';
import { INCIDENT_TYPE_KEYS } from '../IncidentFeed.tsx';
import type { Counters } from './counters.ts';

export function CountersPanel({ c, large = false }: { c: Counters; large?: boolean }) {
  const { t, locale } = useApp();
  const maxDay = Math.max(1, ...c.byDay.map((d) => d.count));
  const maxType = Math.max(1, ...c.byType.map((d) => d.count));
  const W = large ? 460 : 240;
  const H = large ? 120 : 64;
  const bw = W / c.byDay.length;
  return (
    <div data-testid="counters-panel">
      <div className={large ? 'wall-numbers' : 'cb-counters'}>
        {[
          [c.shootings7d, 'wall.shootings7d'],
          [c.explosions7d, 'wall.explosions7d'],
          [c.activeZones, 'wall.activeZones'],
          [c.confirmed7d, 'wall.confirmed7d'],
        ].map(([n, key]) => (
          <p key={key as string} className={large ? 'wall-number' : 'cb-counter'} data-testid={`counter-${(key as string).split('.')[1]}`}>
            <strong>{formatNumber(n as number, locale, 0)}</strong> <span>{t(key as 'wall.shootings7d')}</span>
          </p>
        ))}
      </div>
      <figure style={{ margin: '0.3rem 0' }}>
        <figcaption className="small">{t('wall.byDay')}</figcaption>
        <svg className="cb-chart" width={W} height={H + 16} role="img" aria-label={c.byDay.map((d) => `${d.day}: ${d.count}`).join(', ')}>
          {c.byDay.map((d, i) => {
            const h = (d.count / maxDay) * H;
            return (
              <g key={d.day}>
                <rect x={i * bw + 2} y={H - h} width={bw - 4} height={h} fill="#004b87">
                  <title>{`${d.day}: ${d.count}`}</title>
                </rect>
                <text x={i * bw + bw / 2} y={H + 12} fontSize={large ? 12 : 9} textAnchor="middle">
                  {d.day.slice(8)}/{Number(d.day.slice(5, 7))}
                </text>
              </g>
            );
          })}
        </svg>
      </figure>
      {c.byType.length > 0 && (
        <table className="data-table">
          <caption>{t('wall.byType')}</caption>
          <tbody>
            {c.byType.map((r) => (
              <tr key={r.type}>
                <th scope="row">{t(INCIDENT_TYPE_KEYS[r.type])}</th>
                <td style={{ width: '50%' }}>
                  <span className="bar" style={{ display: 'inline-block', height: '0.7em', background: '#d55e00', width: `${(r.count / maxType) * 100}%` }} aria-hidden="true" /> {r.count}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
