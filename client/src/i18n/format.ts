/** Locale-aware formatting. Every time is shown in Europe/Stockholm, whatever the browser's zone. */
export type Locale = 'sv' | 'en';
export const LOCALES: readonly Locale[] = ['sv', 'en'];
export const TIME_ZONE = 'Europe/Stockholm';

const intlLocale = (l: Locale) => (l === 'sv' ? 'sv-SE' : 'en-GB');

export function isLocale(x: unknown): x is Locale {
  return x === 'sv' || x === 'en';
}

/** "26 nov. 2026 14:05" / "26 Nov 2026, 14:05". Unparsable input is returned as it came. */
export function formatDateTime(iso: string | number | Date, locale: Locale): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(d);
}

/** "14:05:09". */
export function formatTime(iso: string | number | Date, locale: Locale): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: TIME_ZONE }).format(d);
}

/** Date only, e.g. for a datetime-local input's neighbours. */
export function formatDate(iso: string | number | Date, locale: Locale): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: TIME_ZONE }).format(d);
}

export function formatNumber(n: number | null | undefined, locale: Locale, maximumFractionDigits = 2): string {
  if (n == null || !Number.isFinite(n)) return '–';
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits }).format(n);
}

export function formatPercent(share: number | null | undefined, locale: Locale, digits = 1): string {
  if (share == null || !Number.isFinite(share)) return '–';
  return new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: digits }).format(share);
}

/**
 * "för 3 minuter sedan" / "3 minutes ago", relative to `now`. Every caller shows when something happened, so a
 * time after `now` is another machine's clock running ahead: it reads "nu", never "om 1 sekund". Under ten
 * seconds is also "nu", so a live badge does not tick through the seconds.
 */
export function formatRelative(iso: string | number | Date, locale: Locale, now: number = Date.now()): string {
  const t = (iso instanceof Date ? iso : new Date(iso)).getTime();
  if (Number.isNaN(t)) return String(iso);
  const rawS = Math.round((t - now) / 1000);
  const diffS = rawS > -10 ? 0 : rawS;
  const rtf = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
  const abs = Math.abs(diffS);
  if (abs < 45) return rtf.format(diffS, 'second');
  if (abs < 45 * 60) return rtf.format(Math.round(diffS / 60), 'minute');
  if (abs < 22 * 3600) return rtf.format(Math.round(diffS / 3600), 'hour');
  return rtf.format(Math.round(diffS / 86400), 'day');
}

/** A remaining duration in days, hours and minutes ("3 d 4 h", "2 h 15 min", "9 min"); 0 and less → "0 min". */
export function formatDuration(ms: number, locale: Locale): string {
  const totalMin = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  const u = locale === 'sv' ? { d: 'd', h: 'h', m: 'min' } : { d: 'd', h: 'h', m: 'min' };
  if (d > 0) return `${d} ${u.d} ${h} ${u.h}`;
  if (h > 0) return `${h} ${u.h} ${m} ${u.m}`;
  return `${m} ${u.m}`;
}

/** ISO string → value for <input type="datetime-local"> in Stockholm time ("2026-11-26T14:05"). */
export function toStockholmInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('sv-SE', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** Offset of Europe/Stockholm from UTC in minutes at instant `utcMs`. */
function stockholmOffsetMin(utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  }).formatToParts(new Date(utcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - utcMs) / 60_000);
}

/** Inverse of toStockholmInput: "2026-11-26T14:05" read as Stockholm wall time → ISO (UTC). Empty → null. */
export function fromStockholmInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  // Two passes settle the offset across a DST change.
  let utc = wall - stockholmOffsetMin(wall) * 60_000;
  utc = wall - stockholmOffsetMin(utc) * 60_000;
  return new Date(utc).toISOString();
}
