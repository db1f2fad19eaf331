/**
 * Demo incidents for Malmö: a handful of our own (two confirmed shootings in the last days so near-repeat zones
 * show, an explosion, unconfirmed and partner-classified ones, one whose zone has expired) plus the most recent
 * Malmö events of the police's public feed archive in assets/geo (area precision, public).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Capabilities } from '../compose.ts';
import type { AppContext } from '../context.ts';
import { repoRoot } from '../paths.ts';
import { systemClock } from '../time/clock.ts';
import { shippedAreaLookup } from './polisenAreas.ts';
import { parsePolisenCsv } from './polisenFeed.ts';
import { IncidentStore } from './store.ts';
import { type IncidentInput, validateIncident } from './validate.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DemoIncident {
  sourceId: string;
  type: string;
  agoMs: number;
  lon: number;
  lat: number;
  status: 'unconfirmed' | 'confirmed';
  classification: 'police_internal' | 'partner' | 'public';
  severity: number;
  description: string;
}

export const DEMO_INCIDENTS: readonly DemoIncident[] = [
  { sourceId: 'mal-2026-0001', type: 'shooting', agoMs: 2 * DAY + 3 * HOUR, lon: 13.039, lat: 55.585, status: 'confirmed', classification: 'police_internal', severity: 4, description: 'Skottlossning mot bostad, inga skadade. Flera tomhylsor säkrade.' },
  { sourceId: 'mal-2026-0002', type: 'shooting', agoMs: 5 * DAY + 6 * HOUR, lon: 13.0135, lat: 55.5812, status: 'confirmed', classification: 'partner', severity: 5, description: 'Man skottskadad i benet utomhus, förd till SUS.' },
  { sourceId: 'mal-2026-0003', type: 'explosion', agoMs: 9 * DAY + 2 * HOUR, lon: 13.009, lat: 55.5905, status: 'confirmed', classification: 'partner', severity: 4, description: 'Detonation vid entré, skador på fastigheten. Bombskydd på plats.' },
  { sourceId: 'mal-2026-0004', type: 'shooting', agoMs: 6 * HOUR, lon: 13.001, lat: 55.562, status: 'unconfirmed', classification: 'police_internal', severity: 3, description: 'Larm om skottlossning, uppgifterna är inte bekräftade.' },
  { sourceId: 'mal-2026-0005', type: 'threat_emergency_personnel', agoMs: 1 * DAY + 4 * HOUR, lon: 12.964, lat: 55.576, status: 'confirmed', classification: 'partner', severity: 3, description: 'Stenkastning mot räddningstjänsten vid brand i container.' },
  { sourceId: 'mal-2026-0006', type: 'arson', agoMs: 3 * DAY + 1 * HOUR, lon: 12.956, lat: 55.573, status: 'confirmed', classification: 'public', severity: 2, description: 'Anlagd brand i förråd, ingen personskada.' },
  { sourceId: 'mal-2026-0007', type: 'shooting', agoMs: 20 * DAY, lon: 13.02, lat: 55.57, status: 'confirmed', classification: 'police_internal', severity: 4, description: 'Skottlossning på parkering, en person skadad.' },
  { sourceId: 'mal-2026-0008', type: 'attack_municipal', agoMs: 4 * DAY + 8 * HOUR, lon: 13.044, lat: 55.587, status: 'unconfirmed', classification: 'partner', severity: 2, description: 'Skadegörelse och hot mot personal på fritidsgård.' },
  { sourceId: 'mal-2026-0009', type: 'threat_witness', agoMs: 7 * DAY, lon: 12.995, lat: 55.6045, status: 'confirmed', classification: 'police_internal', severity: 3, description: 'Vittne i pågående mål hotat i trapphus.' },
];

/** How many of the police feed's most recent Malmö events are loaded. */
const POLISEN_EVENTS = 15;

function polisenMalmo(now: number): IncidentInput[] {
  let text: string;
  try {
    text = readFileSync(join(repoRoot, 'assets/geo/polisen_events_serious_violence.csv'), 'utf8');
  } catch {
    return [];
  }
  const { events } = parsePolisenCsv(text, { areaByName: shippedAreaLookup() });
  return events
    .filter((e) => e.areaCode === '1280')
    .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1))
    .slice(0, POLISEN_EVENTS)
    .map((e) => validateIncident({ ...e.incident, areaCode: e.areaCode }, now).value)
    .filter((v): v is IncidentInput => v !== null);
}

/** Seed step: loads the demo incidents once (re-running updates them in place). */
export async function seedDemoIncidents(ctx: AppContext, caps: Capabilities): Promise<void> {
  const services = caps.incidents;
  const clock = services?.clock ?? systemClock;
  const store = services?.store ?? new IncidentStore(ctx.prisma, clock, ctx.bus);
  const now = clock.now();
  const own = DEMO_INCIDENTS.map((d) => {
    const r = validateIncident(
      {
        source: 'demo',
        sourceId: d.sourceId,
        type: d.type,
        occurredAt: new Date(now - d.agoMs).toISOString(),
        location: { type: 'Point', coordinates: [d.lon, d.lat] },
        status: d.status,
        classification: d.classification,
        severity: d.severity,
        description: d.description,
        areaCode: '1280',
      },
      now,
    );
    if (!r.value) throw new Error(`demo incident ${d.sourceId} is invalid: ${r.errors.join(' ')}`);
    return r.value;
  });
  // Announced like any write: a running risk state takes the demo incidents in.
  await store.upsertMany([...own, ...polisenMalmo(now)], 'org-po-malmo');
}
