/**
 * The printable report (Swedish, print CSS): a whole HTML document built only from the version the viewer reads
 * (or a draft's live text for police), with a map snapshot drawn as SVG from the version's frozen layers. Pure:
 * the same text goes to the browser, to print and to PDF. No script: the page runs under the app's CSP.
 */
import type { Report, ReportContent, ReportCoverage, ReportVersion } from '../../../shared/src/reports.ts';
import { type HeadingKey, REPORT_HEADINGS } from '../../../shared/src/reports.ts';
import { INCIDENT_TYPE_LABELS } from '../incidents/index.ts';

const LEVEL_SV: Record<Report['level'], string> = { local: 'Lokalpolisområde', police_area: 'Polisområde', region: 'Region', national: 'Nationell' };
const CLASS_SV: Record<Report['classification'], string> = { police_internal: 'Polisintern', partner: 'Samverkan (partner)', public: 'Öppen' };
const KIND_SV: Record<string, string> = { patrol: 'Patrullering', situational: 'Situationell', social: 'Social', administrative: 'Administrativ', communication: 'Kommunikation', other: 'Övrigt' };
const STATUS_SV: Record<string, string> = { planned: 'Planerad', active: 'Pågår', completed: 'Avslutad', cancelled: 'Avbruten' };

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (iso: string | null): string => (iso ? new Date(iso).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' }) : '–');
const typeSv = (t: string): string => (INCIDENT_TYPE_LABELS as Record<string, { sv: string }>)[t]?.sv ?? t;

function paragraphs(text: string): string {
  const parts = text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  return parts.length ? parts.map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`).join('') : '<p class="rp-empty">(Ingen text)</p>';
}

function countTable(caption: string, counts: Record<string, number>, label: (k: string) => string): string {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (!rows.length) return `<p>${esc(caption)}: inga.</p>`;
  return `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">Typ</th><th scope="col">Antal</th></tr></thead><tbody>${rows.map(([k, n]) => `<tr><td>${esc(label(k))}</td><td class="rp-num">${n}</td></tr>`).join('')}</tbody></table>`;
}

/** The frozen layers as an SVG (Web Mercator within the picture's box); a snapshot, not a live map. */
export function mapSvg(map: ReportContent['map'], width = 640, height = 400): string {
  const coords: Array<[number, number]> = [];
  const collect = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') coords.push([c[0], c[1]]);
    else if (Array.isArray(c)) for (const x of c) collect(x);
  };
  for (const l of map.layers) for (const f of l.features.features as Array<{ geometry?: { coordinates?: unknown } }>) collect(f.geometry?.coordinates);
  const box = map.bbox ?? (coords.length ? [Math.min(...coords.map((c) => c[0])), Math.min(...coords.map((c) => c[1])), Math.max(...coords.map((c) => c[0])), Math.max(...coords.map((c) => c[1]))] : null);
  if (!box) return '<p>Kartan har inga objekt.</p>';
  // Web Mercator in radians on both axes, so a degree of longitude and of latitude keep their true proportion.
  const mx = (lon: number) => (lon * Math.PI) / 180;
  const my = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const [x0, y0, x1, y1] = [mx(box[0]), my(box[1]), mx(box[2]), my(box[3])];
  const sx = (width - 20) / Math.max(1e-9, x1 - x0);
  const sy = (height - 20) / Math.max(1e-9, y1 - y0);
  const s = Math.min(sx, sy);
  const px = (c: [number, number]) => `${(10 + (mx(c[0]) - x0) * s).toFixed(1)},${(height - 10 - (my(c[1]) - y0) * s).toFixed(1)}`;
  const colours = ['#1f4e8c', '#b35900', '#2e7d32', '#7b1fa2', '#c62828'];
  const shapes: string[] = [];
  // The picture's area first, in grey, for orientation.
  const areaRings = map.area ? (map.area.type === 'Polygon' ? [map.area.coordinates as Array<Array<[number, number]>>] : (map.area.coordinates as Array<Array<Array<[number, number]>>>)) : [];
  for (const poly of areaRings) shapes.push(`<polygon points="${(poly[0] ?? []).map(px).join(' ')}" fill="none" stroke="#777" stroke-dasharray="4 3"/>`);
  map.layers.forEach((l, i) => {
    const colour = colours[i % colours.length];
    for (const f of l.features.features as Array<{ geometry?: { type: string; coordinates: unknown } }>) {
      const g = f.geometry;
      if (!g) continue;
      const ring = (r: Array<[number, number]>) => r.map(px).join(' ');
      if (g.type === 'Point') shapes.push(`<circle cx="${px(g.coordinates as [number, number]).split(',')[0]}" cy="${px(g.coordinates as [number, number]).split(',')[1]}" r="4" fill="${colour}"/>`);
      else if (g.type === 'LineString') shapes.push(`<polyline points="${ring(g.coordinates as Array<[number, number]>)}" fill="none" stroke="${colour}" stroke-width="2"/>`);
      else if (g.type === 'Polygon') shapes.push(`<polygon points="${ring((g.coordinates as Array<Array<[number, number]>>)[0] ?? [])}" fill="${colour}" fill-opacity="0.2" stroke="${colour}"/>`);
      else if (g.type === 'MultiPolygon') for (const p of g.coordinates as Array<Array<Array<[number, number]>>>) shapes.push(`<polygon points="${ring(p[0] ?? [])}" fill="${colour}" fill-opacity="0.2" stroke="${colour}"/>`);
    }
  });
  const legend = map.layers.map((l, i) => `<li><span class="rp-swatch" style="background:${colours[i % colours.length]}"></span>${esc(l.name)} (${l.features.features.length})</li>`).join('');
  return `<figure class="rp-map"><svg role="img" aria-label="Kartbild över lagren i rapporten" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4f6f8" stroke="#999"/>${shapes.join('')}</svg><figcaption>Kartbild vid undertecknandet: de lager mottagaren får se.<ul class="rp-legend">${legend}</ul></figcaption></figure>`;
}

/** The whole printable document. `draftHeadings` is a draft's live police text (police only, no version yet). */
export function renderReportHtml(report: Report, version: ReportVersion | null, draftHeadings: Record<HeadingKey, string> | null): string {
  const content = version?.content;
  const headings = content?.headings ?? draftHeadings;
  const partner = version?.audience === 'partner';
  const sections = REPORT_HEADINGS.map((h) => `<section><h2>${esc(h.sv)}</h2>${paragraphs(headings?.[h.key] ?? '')}</section>`).join('');
  const incidents = content
    ? `${countTable('Händelser under perioden per typ', content.summary.incidentsByType, typeSv)}${
        content.summary.incidents.length
          ? `<table><caption>Händelser</caption><thead><tr><th scope="col">Tid</th><th scope="col">Typ</th><th scope="col">Status</th>${partner ? '' : '<th scope="col">Beskrivning</th>'}</tr></thead><tbody>${content.summary.incidents
              .map((i) => `<tr><td>${esc(fmt(i.occurredAt))}</td><td>${esc(typeSv(i.type))}</td><td>${esc(i.status)}</td>${partner ? '' : `<td>${esc(i.description ?? '')}</td>`}</tr>`)
              .join('')}</tbody></table>`
          : ''
      }`
    : '';
  const measures = content
    ? `${countTable('Åtgärder under perioden per slag', content.summary.measuresByKind, (k) => KIND_SV[k] ?? k)}<p>Aktiva åtgärder vid periodens slut: <strong>${content.summary.activeMeasures}</strong></p>${coverageSv(content.summary.coverage)}${
        content.summary.measures.length
          ? `<table><caption>Åtgärder</caption><thead><tr><th scope="col">Åtgärd</th><th scope="col">Slag</th><th scope="col">Status</th><th scope="col">Utfört</th></tr></thead><tbody>${content.summary.measures
              .map((m) => `<tr><td>${esc(m.title)}</td><td>${esc(KIND_SV[m.kind] ?? m.kind)}</td><td>${esc(STATUS_SV[m.status] ?? m.status)}</td><td class="rp-num">${m.delivered}</td></tr>`)
              .join('')}</tbody></table>`
          : ''
      }`
    : '';
  const rollup =
    content?.rollup.length
      ? `<section><h2>Sammanställning av underställda enheters rapporter</h2><table><thead><tr><th scope="col">Enhet</th><th scope="col">Senaste rapport</th><th scope="col">Undertecknad</th><th scope="col">Händelser</th><th scope="col">Aktiva åtgärder</th><th scope="col">Täckning topp 5 %</th><th scope="col">Otäckta högriskplatser</th></tr></thead><tbody>${content.rollup
          .map(
            (r) =>
              `<tr><td>${esc(r.organisationName)}</td><td>${r.reportTitle ? esc(r.reportTitle) : 'Ingen undertecknad rapport'}${r.nextReportDue && Date.parse(r.nextReportDue) < Date.parse(report.signedAt ?? '') ? ` <strong>(nästa rapport försenad, skulle komma ${esc(fmt(r.nextReportDue))})</strong>` : ''}</td><td>${esc(fmt(r.signedAt))}</td><td class="rp-num">${Object.values(r.incidentsByType).reduce((a, b) => a + b, 0)}</td><td class="rp-num">${r.activeMeasures}</td><td class="rp-num">${r.coverage ? percentSv(r.coverage.top5.share) : '–'}</td><td class="rp-num">${r.coverage ? r.coverage.uncoveredCount : '–'}</td></tr>`,
          )
          .join('')}</tbody></table></section>`
      : '';
  const status = report.status === 'signed' ? `Undertecknad ${esc(fmt(report.signedAt))}` : 'UTKAST – ej undertecknad';
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>${esc(report.title)}</title>
<style>
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2rem;color:#111;line-height:1.4}
header{border-bottom:2px solid #1f4e8c;margin-bottom:1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;color:#1f4e8c;margin:1.2rem 0 .3rem}
.rp-meta{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}
.rp-meta dt{font-weight:bold}.rp-meta dd{margin:0}
.rp-badge{display:inline-block;border:1px solid #1f4e8c;padding:0 .4rem;font-weight:bold}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #bbb;padding:.2rem .4rem;text-align:left}td.rp-num{text-align:right}
caption{text-align:left;font-weight:bold}.rp-map{position:static;margin:0}.rp-map svg{position:static;max-width:100%;height:auto}.rp-empty{color:#666}.rp-legend{list-style:none;padding:0}.rp-swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}
@media print{body{margin:0}section,table,figure{break-inside:avoid}@page{size:A4;margin:15mm}}
</style></head>
<body><header><h1>${esc(report.title)}</h1>
<p><span class="rp-badge">${esc(CLASS_SV[report.classification])}</span> ${partner ? 'Partnerversion' : 'Polisens version'} · ${status}</p>
<dl class="rp-meta"><dt>Lägesbild</dt><dd>${esc(report.pictureTitle)}</dd><dt>Avsändare</dt><dd>${esc(report.organisationName)} (${esc(LEVEL_SV[report.level])})</dd><dt>Period</dt><dd>${esc(fmt(report.periodFrom))} – ${esc(fmt(report.periodTo))}</dd><dt>Nästa rapport</dt><dd>${esc(fmt(report.nextReportDue))}</dd>${version ? `<dt>Kontrollsumma</dt><dd>${esc(version.contentHash.slice(0, 16))}</dd>` : ''}</dl></header>
<main>${sections}${content ? `<section><h2>Händelser och åtgärder under perioden</h2>${incidents}${measures}</section><section><h2>Karta</h2>${mapSvg(content.map)}</section>` : ''}${rollup}</main>
</body></html>`;
}

/** "37 %" the Swedish way (space before the sign). */
function percentSv(share: number): string {
  return `${Math.round(share * 100)}\u00a0%`;
}

/** The coverage sentence of a version's summary (nothing when it was signed without coverage). */
function coverageSv(c: ReportCoverage | null | undefined): string {
  if (!c) return '';
  if (c.top5.cells === 0) return '<p>Täckning: ingen riskyta vid undertecknandet.</p>';
  return `<p>Täckning vid undertecknandet: <strong>${percentSv(c.top5.share)}</strong> av de 5 % mest riskutsatta cellerna (${c.top5.covered} av ${c.top5.cells}) har en aktiv åtgärd; otäckta högriskplatser: <strong>${c.uncoveredCount}</strong>.</p>`;
}
