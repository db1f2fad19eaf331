/**
 * The Swedish Police public events feed ("API över polisens händelser", polisen.se/api/events) and the
 * serious-violence CSV in assets/geo, turned into incidents (the `polisen` import format, the demo seed and the
 * strategic map's serious-violence rate).
 *
 * Positions in the feed are centroids of the municipality or county named in `location.name`, never the
 * scene, so every incident gets `locationPrecision: 'area'`. The police publish a selection of events:
 * counts from this source are not crime statistics.
 */
import { appError } from '../errors.ts';
import { isBlankRecord, readCsv } from '../../../shared/src/csv.ts';
import { readNdjson } from '../../../shared/src/ndjson.ts';
import type { IncidentType } from './types.ts';

/** A refused event: its position in the input from 1 (or its data record in a CSV) and why. */
export interface RowError {
  row: number;
  errors: string[];
}

export type { IncidentType };

export interface PolisenTypeMapping {
  /** The police's event type as published (`type` field and the middle part of `name`). */
  policeType: string;
  type: IncidentType;
  note?: string;
}

/**
 * Police event type → our incident type. Types not listed map to `other`. Kept deliberately literal: a
 * police "Brand" (fire) is not arson unless the police call it "Mordbrand", and an attempted murder is not a
 * homicide (text may refine it to a shooting, see {@link refineTypeFromText}).
 */
export const POLISEN_TYPE_MAPPING: readonly PolisenTypeMapping[] = [
  { policeType: 'Skottlossning', type: 'shooting' },
  { policeType: 'Skottlossning, misstänkt', type: 'shooting', note: 'suspected; import as unconfirmed' },
  { policeType: 'Sprängning', type: 'explosion' },
  { policeType: 'Explosion', type: 'explosion' },
  { policeType: 'Detonation', type: 'explosion' },
  { policeType: 'Mord/dråp', type: 'homicide' },
  { policeType: 'Mord/dråp, försök', type: 'other', note: 'attempted; refined to shooting/explosion when the text says so' },
  { policeType: 'Mordbrand', type: 'arson' },
  { policeType: 'Brand', type: 'other', note: 'fire of unknown cause; refined to arson when the text says anlagd/mordbrand' },
  { policeType: 'Våld/hot mot tjänsteman', type: 'threat_emergency_personnel', note: 'public officials incl. police and rescue staff' },
  { policeType: 'Sabotage mot blåljusverksamhet', type: 'threat_emergency_personnel' },
  { policeType: 'Övergrepp i rättssak', type: 'threat_witness' },
  { policeType: 'Bombhot', type: 'other' },
  { policeType: 'Farligt föremål, misstänkt', type: 'other', note: 'suspected dangerous object; refined to explosion when the text says so' },
  { policeType: 'Misshandel, grov', type: 'other' },
  { policeType: 'Rån väpnat', type: 'other' },
  { policeType: 'Vapenlagen', type: 'other' },
  { policeType: 'Knivlagen', type: 'other' },
  { policeType: 'Olaga hot', type: 'other' },
  { policeType: 'Olaga frihetsberövande/människorov', type: 'other' },
];

/** `Mord/dråp, försök`, `mord/dråp försök` and `Mord/dråp försök ` compare equal. */
export function normalisePoliceType(t: string): string {
  return t.toLocaleLowerCase('sv-SE').replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
}

const MAPPING_INDEX = new Map(POLISEN_TYPE_MAPPING.map((m) => [normalisePoliceType(m.policeType), m.type]));

/** Our incident type for a police event type (`other` when unknown). */
export function mapPolisenType(policeType: string): IncidentType {
  return MAPPING_INDEX.get(normalisePoliceType(policeType)) ?? 'other';
}

/**
 * Refines `other` from the event text: shots → shooting, blasts → explosion, a set fire → arson.
 * Types already specific (e.g. homicide) are kept.
 */
export function refineTypeFromText(type: IncidentType, policeType: string, text: string): IncidentType {
  if (type !== 'other') return type;
  const t = text.toLocaleLowerCase('sv-SE');
  if (/\bskott|skjut|skjuten|skottlossning/.test(t)) return 'shooting';
  if (/spräng|explosion|detonation|detonerat/.test(t)) return 'explosion';
  if (normalisePoliceType(policeType) === 'brand' && /anlagd|mordbrand|satt(?:s|es)? eld/.test(t)) return 'arson';
  return type;
}

export interface PolisenIncident {
  source: 'polisen';
  sourceId: string;
  type: IncidentType;
  /** ISO 8601 with the Stockholm offset of that date. */
  occurredAt: string;
  location: { type: 'Point'; coordinates: [number, number] };
  locationPrecision: 'area';
  description: string;
  classification: 'public';
}

export interface ParsedPolisenEvent {
  incident: PolisenIncident;
  /** The police's own type, as published. */
  policeType: string;
  /** Whether `incident.type` came from the text rather than the police type. */
  typeFromText: boolean;
  /** SCB code of the municipality (or county) the event is placed in, when known. */
  areaCode: string | null;
  /** Name of the place the position is the centroid of. */
  locationName: string;
  /** Event page on polisen.se. */
  url: string | null;
  /** Publication time as published (not the time of the incident). */
  publishedAt: string;
}

export interface PolisenOptions {
  /** Lower-cased municipality/county name → SCB code; see {@link adminAreaLookup}. */
  areaByName?: ReadonlyMap<string, string>;
  /** Refine `other` from summary text. @defaultValue true */
  inferFromText?: boolean;
}

/** Name → code lookup from `swedish_admin_areas.csv` (municipalities and counties, lower-cased names). */
export function adminAreaLookup(csvText: string): Map<string, string> {
  const m = new Map<string, string>();
  const recs = readCsv(csvText);
  const header = recs[0]?.fields.map((h) => h.trim()) ?? [];
  const [mc, mn, cc, cn] = ['municipality_code', 'municipality_name', 'county_code', 'county_name'].map((h) => header.indexOf(h));
  for (const r of recs.slice(1)) {
    if (isBlankRecord(r)) continue;
    m.set(r.fields[mn].trim().toLocaleLowerCase('sv-SE'), r.fields[mc].trim());
    m.set(r.fields[cn].trim().toLocaleLowerCase('sv-SE'), r.fields[cc].trim());
  }
  return m;
}

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

/** `2022-09-29 7:56:30 +02:00` → `2022-09-29T07:56:30+02:00`, or null. */
export function parsePolisenDatetime(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2}):(\d{2})\s*([+-]\d{2}):?(\d{2})$/.exec(s.trim());
  if (!m) return null;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4].padStart(2, '0')}:${m[5]}:${m[6]}${m[7]}:${m[8]}`;
}

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' });

/** Stockholm's UTC offset in minutes at an instant. */
function stockholmOffsetMinutes(utcMs: number): number {
  const part = offsetFormat.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part);
  if (!m) return 60;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** A Stockholm wall-clock time as ISO 8601 with its offset. */
export function stockholmIso(y: number, mo: number, d: number, h: number, mi: number): string {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  let off = stockholmOffsetMinutes(asUtc - 60 * 60_000);
  off = stockholmOffsetMinutes(asUtc - off * 60_000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:00${sign}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/**
 * Time of the incident from the title (`"26 september 14:21, …"`), in the year of publication (the year
 * before when the title's month is after the publication month). Falls back to the publication time.
 */
export function occurredAtFromName(name: string, publishedIso: string): string {
  const m = /^\s*(\d{1,2})\s+(\p{L}+)\s+(\d{1,2})[.:](\d{2})/u.exec(name);
  if (!m) return publishedIso;
  const month = MONTHS.indexOf(m[2].toLocaleLowerCase('sv-SE')) + 1;
  if (month === 0) return publishedIso;
  const pubYear = Number(publishedIso.slice(0, 4));
  const pubMonth = Number(publishedIso.slice(5, 7));
  const year = month > pubMonth ? pubYear - 1 : pubYear;
  return stockholmIso(year, month, Number(m[1]), Number(m[3]), Number(m[4]));
}

/** Place named at the end of a title: `"…, Mord/dråp, försök, Stockholm"` → `Stockholm`. */
export function titlePlace(name: string): string | null {
  const parts = name.split(',').map((s) => s.trim());
  return parts.length >= 3 ? (parts[parts.length - 1] ?? null) : null;
}

interface RawEvent {
  id: string;
  datetime: string;
  name: string;
  summary: string;
  url: string | null;
  type: string;
  locationName: string;
  lat: number;
  lon: number;
  areaCode?: string | null;
}

function toParsed(e: RawEvent, opts: PolisenOptions, errors: string[]): ParsedPolisenEvent | null {
  if (!/^\d+$/.test(e.id)) errors.push(`id '${e.id}' is not a police event id`);
  const published = parsePolisenDatetime(e.datetime);
  if (!published) errors.push(`datetime '${e.datetime}' is not 'YYYY-MM-DD H:MM:SS +HH:MM'`);
  if (!(e.lat >= 54 && e.lat <= 70 && e.lon >= 10 && e.lon <= 25)) errors.push(`position ${e.lat},${e.lon} is not in Sweden (expected gps "lat,lon")`);
  if (e.type.trim() === '') errors.push('type is empty');
  if (errors.length > 0 || !published) return null;
  const mapped = mapPolisenType(e.type);
  const refined = opts.inferFromText === false ? mapped : refineTypeFromText(mapped, e.type, `${e.summary} ${e.name}`);
  const lookup = (n: string | null) => (n ? (opts.areaByName?.get(n.toLocaleLowerCase('sv-SE')) ?? null) : null);
  const place = titlePlace(e.name);
  const areaCode = e.areaCode || lookup(place) || lookup(e.locationName);
  return {
    incident: {
      source: 'polisen',
      sourceId: e.id,
      type: refined,
      occurredAt: occurredAtFromName(e.name, published),
      location: { type: 'Point', coordinates: [e.lon, e.lat] },
      locationPrecision: 'area',
      description: e.summary.trim() || e.name,
      classification: 'public',
    },
    policeType: e.type,
    typeFromText: refined !== mapped,
    areaCode: areaCode || null,
    locationName: e.locationName,
    url: e.url ? (e.url.startsWith('http') ? e.url : `https://polisen.se${e.url}`) : null,
    publishedAt: published,
  };
}

/**
 * Parses the feed: a JSON array of events, one event object, or NDJSON (one event per line, as in the
 * archive). `row` in errors is the event's position from 1.
 */
export function parsePolisenFeed(input: unknown, opts: PolisenOptions = {}): { events: ParsedPolisenEvent[]; rejected: RowError[] } {
  let items: unknown[];
  if (typeof input === 'string') {
    const t = input.trim();
    if (t.startsWith('[')) {
      try {
        items = JSON.parse(t) as unknown[];
      } catch (e) {
        throw appError('BAD_REQUEST', [`Police events: the body is not valid JSON (${(e as Error).message}).`]);
      }
    } else items = readNdjson(t).map((l) => (l.ok ? l.value : { __invalid: l.text.slice(0, 40) }));
  } else items = Array.isArray(input) ? input : [input];
  const events: ParsedPolisenEvent[] = [];
  const rejected: RowError[] = [];
  items.forEach((raw, i) => {
    const o = (raw ?? {}) as Record<string, any>;
    const errors: string[] = [];
    if (o.__invalid !== undefined) {
      rejected.push({ row: i + 1, errors: [`line is not JSON: ${o.__invalid}…`] });
      return;
    }
    const gps = typeof o.location?.gps === 'string' ? o.location.gps.split(',').map((s: string) => Number(s.trim())) : [];
    if (gps.length !== 2) errors.push('location.gps must be "lat,lon"');
    const ev = toParsed(
      {
        id: String(o.id ?? ''),
        datetime: String(o.datetime ?? ''),
        name: String(o.name ?? ''),
        summary: String(o.summary ?? ''),
        url: typeof o.url === 'string' ? o.url : null,
        type: String(o.type ?? ''),
        locationName: String(o.location?.name ?? ''),
        lat: gps[0],
        lon: gps[1],
      },
      opts,
      errors,
    );
    if (ev) events.push(ev);
    else rejected.push({ row: i + 1, errors });
  });
  return { events, rejected };
}

/**
 * Parses `polisen_events_serious_violence.csv` (columns `id, datetime, type, name, summary, location_name,
 * lat, lon, url, title_municipality, title_municipality_code, …`). `title_municipality_code` is used as the
 * area code when present. `row` counts data records from 1.
 */
export function parsePolisenCsv(text: string, opts: PolisenOptions = {}): { events: ParsedPolisenEvent[]; rejected: RowError[] } {
  const recs = readCsv(text, ',');
  const header = recs[0]?.fields.map((h) => h.trim()) ?? [];
  const col = (h: string) => header.indexOf(h);
  const c = { id: col('id'), datetime: col('datetime'), type: col('type'), name: col('name'), summary: col('summary'), loc: col('location_name'), lat: col('lat'), lon: col('lon'), url: col('url'), kod: col('title_municipality_code') };
  const events: ParsedPolisenEvent[] = [];
  const rejected: RowError[] = [];
  for (let i = 1; i < recs.length; i++) {
    const r = recs[i];
    if (isBlankRecord(r)) continue;
    const f = (k: number) => (k >= 0 ? (r.fields[k] ?? '') : '');
    const errors: string[] = [];
    const ev = toParsed(
      {
        id: f(c.id).trim(),
        datetime: f(c.datetime),
        name: f(c.name),
        summary: f(c.summary),
        url: f(c.url) || null,
        type: f(c.type),
        locationName: f(c.loc),
        lat: Number(f(c.lat)),
        lon: Number(f(c.lon)),
        areaCode: /^\d{4}$/.test(f(c.kod).trim()) ? f(c.kod).trim() : null,
      },
      opts,
      errors,
    );
    if (ev) events.push(ev);
    else rejected.push({ row: i, errors });
  }
  return { events, rejected };
}
