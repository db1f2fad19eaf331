/**
 * The shape of the server, checked from the import graph (a regex over the sources: the type checker here is
 * tsgo, without the old compiler API). Each rule prints every violation. A rule that could not be met yet
 * keeps an explicit allow-list of the known violations, so it still fails on new ones; shrink those lists,
 * never grow them without saying why.
 *
 * Layout: capabilities are folders under server/src; infrastructure folders (db, http, events, geo, time) serve
 * them and import no capability (events/domainEvents.ts imports types only); files directly in server/src are
 * the composition root (compose.ts, app.ts, server.ts, cli.ts, context.ts, config.ts, errors.ts, paths.ts) and
 * may import anything. Tests may import anything.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.ts';

const SERVER = join(repoRoot, 'server', 'src');
const SHARED = join(repoRoot, 'shared', 'src');

const CAPABILITIES = ['auth', 'orgs', 'audit', 'pictures', 'collab', 'live', 'incidents', 'risk', 'rtm', 'strategic', 'measures', 'webapp', 'seed', 'nearrepeat', 'areafollowup', 'reports', 'public', 'ogc', 'evaluation'] as const;
// print: PDF of the web app's own pages, printed as the caller (any capability may use it).
// ops: probes, metrics and drain; it reads the capabilities' services only through the composition root's types.
const INFRASTRUCTURE = ['db', 'http', 'events', 'geo', 'time', 'print', 'ops'] as const;
type Capability = (typeof CAPABILITIES)[number];

/**
 * What other capabilities may import of each capability (paths inside its folder). `feature.ts` (the wiring) is
 * for the composition root only. A capability not listed offers nothing to the others.
 */
const PUBLIC: Partial<Record<Capability, readonly string[]>> = {
  // Who is calling: the user type, the service, id generation, and the request guards.
  auth: ['authService.ts', 'tokens.ts', 'password.ts', 'passwordPolicy.ts'],
  orgs: ['orgDirectory.ts'],
  audit: ['audit.ts'],
  pictures: ['index.ts'],
  collab: ['documents.ts'],
  live: ['liveHub.ts'],
  // polisenFeed/polisenSeed: the police events feed, read by strategic for its violence rate and demo seed.
  incidents: ['index.ts', 'polisenFeed.ts', 'polisenSeed.ts'],
  // metrics.ts: the engine's pure risk-map metrics, grid type and kernel density (evaluation's held-out comparison).
  rtm: ['index.ts', 'metrics.ts'],
  // The near-repeat engine is a library of pure functions for risk.
  nearrepeat: ['surface.ts', 'zones.ts', 'kernels.ts', 'schema.ts', 'knox.ts', 'eventsCsv.ts'],
  // seedStrategic: the demo seed; index.ts: designated areas and the indicators of a place (area follow-up).
  strategic: ['seedStrategic.ts', 'index.ts'],
  // The service interface and its types (coverage and reports read measures through it).
  measures: ['index.ts'],
  // The report service type (the composition root's capability list).
  reports: ['index.ts'],
  seed: ['seed.ts'],
  // The public read path's interface: the OGC API's anonymous collections are built on it.
  public: ['reader.ts'],
};

/** Prisma model (client property) → the folder that owns its table. */
const OWNER: Record<string, Capability> = {
  user: 'auth',
  session: 'auth',
  organisation: 'orgs',
  auditEvent: 'audit',
  picture: 'pictures',
  layer: 'pictures',
  layerAccess: 'pictures',
  layerUpdate: 'collab',
  layerSnapshot: 'collab',
  incident: 'incidents',
  rtmRun: 'rtm',
  area: 'strategic',
  areaClassification: 'strategic',
  indicator: 'strategic',
  indicatorValue: 'strategic',
  measure: 'measures',
  measureActivity: 'measures',
  measureHistory: 'measures',
  followupCriteriaSet: 'areafollowup',
  followupAssignment: 'areafollowup',
  followupAssessment: 'areafollowup',
  followupShare: 'areafollowup',
  followupPartnerView: 'areafollowup',
  followupHistory: 'areafollowup',
  evaluation: 'evaluation',
  report: 'reports',
  reportVersion: 'reports',
  reportDelivery: 'reports',
};

/** Modules a pure core must not reach (directly or through the files it imports). */
const IO_MODULES = /^(node:fs|node:net|fs|net|fastify|@fastify\/|ws$|socket\.io|@prisma\/|ioredis|pg$|better-sqlite3)/;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'testdata' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const isTest = (file: string) => /\.(test|bench|e2e\.test)\.tsx?$/.test(file) || file.includes(`${join('server', 'test')}`);

interface Import {
  spec: string;
  /** Absolute path when relative, else null (a package). */
  target: string | null;
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec) continue;
    out.push({ spec, target: spec.startsWith('.') ? resolve(dirname(file), spec) : null });
  }
  return out;
}

/** The folder a server file belongs to ('' for the composition root). */
function folderOf(file: string): string {
  const rel = relative(SERVER, file);
  if (rel.startsWith('..')) return '';
  const parts = rel.split(/[\\/]/);
  return parts.length > 1 ? parts[0] : '';
}

const files = [...walk(SERVER), ...walk(SHARED)];
const sources = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
const graph = new Map(files.map((f) => [f, importsOf(f, sources.get(f)!)]));
const rel = (f: string) => relative(repoRoot, f);
const serverFiles = files.filter((f) => f.startsWith(`${SERVER}/`) || f.startsWith(`${SERVER}\\`));

/** Whether every import of `spec` in `file` is `import type`. */
function typeOnlyImport(file: string, spec: string): boolean {
  const quoted = spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const all = [...sources.get(file)!.matchAll(new RegExp(`(?:import|export)\\s([^;]*?)from\\s*['"]${quoted}['"]`, 'g'))];
  return all.length > 0 && all.every((m) => /^type\s/.test(m[1]));
}

/** Every non-test import from one server folder into another (the composition root is in no folder). */
function* crossFolderImports(): Generator<{ file: string; from: string; to: string; imp: Import & { target: string } }> {
  for (const file of serverFiles) {
    if (isTest(file)) continue;
    const from = folderOf(file);
    if (!from) continue;
    for (const imp of graph.get(file)!) {
      if (!imp.target?.startsWith(SERVER)) continue;
      const to = folderOf(imp.target);
      if (to && to !== from) yield { file, from, to, imp: { ...imp, target: imp.target } };
    }
  }
}

function report(title: string, violations: string[]): void {
  if (violations.length) console.error(`${title}:\n  ${violations.join('\n  ')}`);
}

describe('architecture', () => {
  it('has no import cycle between server folders (capabilities and infrastructure)', () => {
    const edges = new Map<string, Map<string, string>>();
    for (const { file: f, from, to, imp } of crossFolderImports()) {
      // The event map names its payloads' types from their owners: types only, no run-time edge.
      if (from === 'events' && typeOnlyImport(f, imp.spec)) continue;
      const m = edges.get(from) ?? new Map<string, string>();
      if (!m.has(to)) m.set(to, `${rel(f)} → ${imp.spec}`);
      edges.set(from, m);
    }
    // Every cycle shows as a path back to its start; one report per folder pair closing a cycle.
    const cycles = new Set<string>();
    const reach = (start: string, node: string, path: string[], seen: Set<string>) => {
      for (const next of edges.get(node)?.keys() ?? []) {
        if (next === start) {
          const ring = [...path, start];
          const key = [...ring.slice(0, -1)].sort().join(',');
          if (!cycles.has(key)) cycles.add(key);
          continue;
        }
        if (seen.has(next) || path.length > 6) continue;
        seen.add(next);
        reach(start, next, [...path, next], seen);
      }
    };
    for (const start of edges.keys()) reach(start, start, [start], new Set([start]));
    const violations = [...cycles].map((key) => {
      const members = key.split(',');
      const why = members.flatMap((a) => members.filter((b) => b !== a && edges.get(a)?.has(b)).map((b) => `${a} → ${b} (${edges.get(a)!.get(b)})`));
      return `cycle among {${members.join(', ')}}: ${why.join('; ')}`;
    });
    report('Folder cycles', violations);
    expect(violations).toEqual([]);
  });

  it('capabilities import only the public files of other capabilities; infrastructure imports none', () => {
    const violations: string[] = [];
    const infrastructure = INFRASTRUCTURE as readonly string[];
    for (const { file: f, from, to, imp } of crossFolderImports()) {
      if (infrastructure.includes(from)) {
        // The event map names the payload types of their owners; types only, so no run-time dependency.
        if (infrastructure.includes(to) || (from === 'events' && typeOnlyImport(f, imp.spec))) continue;
        violations.push(`${rel(f)} (infrastructure) imports capability ${to}: ${imp.spec}`);
        continue;
      }
      if (infrastructure.includes(to)) continue;
      const inner = relative(join(SERVER, to), imp.target).replaceAll('\\', '/');
      if (!(PUBLIC[to as Capability] ?? []).includes(inner)) violations.push(`${rel(f)} imports ${to}/${inner}, not public`);
    }
    const unknown = [...new Set(violations)].filter((v) => !KNOWN_INTERNAL_IMPORTS.includes(v));
    report('Imports of internals', unknown);
    expect(unknown).toEqual([]);
  });

  it('the public view and the OGC API reach other capabilities only through the public read path (PublicReader)', () => {
    // Structural, not a filter to remember: public/ and ogc/ import no capability at all (the composition root
    // hands them PublicReader, built from the owners' public-only methods, and the signed-in OGC source);
    // ogc/ may name PublicReader's types. Infrastructure (http, geo, …) is allowed.
    const violations: string[] = [];
    for (const { file: f, from, to, imp } of crossFolderImports()) {
      if (from !== 'public' && from !== 'ogc') continue;
      if ((INFRASTRUCTURE as readonly string[]).includes(to)) continue;
      if (from === 'ogc' && imp.target === join(SERVER, 'public', 'reader.ts')) continue;
      violations.push(`${rel(f)} imports ${imp.spec}`);
    }
    report('Public side reaching a capability', violations);
    expect(violations).toEqual([]);
  });

  it('only the owner of a table calls Prisma on it', () => {
    const model = new RegExp(`\\b(?:prisma|db|tx)\\s*\\.\\s*(${Object.keys(OWNER).join('|')})\\s*\\.`, 'g');
    const violations: string[] = [];
    for (const f of serverFiles) {
      if (isTest(f)) continue;
      const folder = folderOf(f);
      for (const m of sources.get(f)!.matchAll(model)) {
        const owner = OWNER[m[1]];
        if (folder !== owner) violations.push(`${rel(f)}: ${m[0]}… (owner: ${owner})`);
      }
    }
    const unique = [...new Set(violations)];
    const unknown = unique.filter((v) => !KNOWN_FOREIGN_TABLE_ACCESS.some((k) => v.startsWith(k)));
    report('Prisma access outside the owner', unknown);
    expect(unknown).toEqual([]);
  });

  it('shared/src imports nothing from server/ or client/', () => {
    const violations: string[] = [];
    for (const f of files) {
      if (!f.startsWith(SHARED)) continue;
      for (const imp of graph.get(f)!) {
        if (imp.target && !imp.target.startsWith(SHARED)) violations.push(`${rel(f)} imports ${imp.spec}`);
      }
    }
    report('shared/src reaching out', violations);
    expect(violations).toEqual([]);
  });

  it('pure cores (rtm engine, near-repeat, access rules) reach no I/O, directly or through what they import', () => {
    const pure = files.filter(
      (f) =>
        !isTest(f) &&
        (f.startsWith(join(SERVER, 'rtm', 'core')) ||
          // The Knox command line reads files; the near-repeat engine does not.
          (f.startsWith(join(SERVER, 'nearrepeat')) && !f.endsWith('knoxCli.ts')) ||
          f === join(SHARED, 'access.ts') ||
          // The measure access rules and field checks.
          f === join(SERVER, 'measures', 'access.ts') ||
          f === join(SERVER, 'measures', 'validate.ts') ||
          // Public statistics (month ranges, small-count suppression) and OGC query parsing and paging.
          f === join(SERVER, 'public', 'statistics.ts') ||
          f === join(SERVER, 'ogc', 'items.ts') ||
          // The area follow-up's rules, criteria checks, trends and responsibility mapping.
          ['rules.ts', 'criteria.ts', 'trends.ts', 'assignment.ts'].some((n) => f === join(SERVER, 'areafollowup', n)) ||
          f === join(SHARED, 'areaFollowup.ts') ||
          // The report access rules (R1–R8) and the assembly of a version from what its audience reads.
          f === join(SERVER, 'reports', 'access.ts') ||
          f === join(SERVER, 'reports', 'assemble.ts') ||
          // The evaluation statistics (WDD, WDQ, E-test, normal), area counting and control ranking.
          f.startsWith(join(SERVER, 'evaluation', 'core')) ||
          f === join(SHARED, 'evaluation.ts') ||
          f === join(SHARED, 'reports.ts')),
    );
    const violations: string[] = [];
    const resolveFile = (target: string) => [target, `${target}.ts`, join(target, 'index.ts')].find((p) => sources.has(p));
    for (const start of pure) {
      const seen = new Set<string>([start]);
      const queue: Array<{ file: string; via: string[] }> = [{ file: start, via: [] }];
      while (queue.length) {
        const { file, via } = queue.shift()!;
        for (const imp of graph.get(file) ?? []) {
          if (imp.target === null) {
            if (IO_MODULES.test(imp.spec)) violations.push(`${rel(start)} → ${[...via, rel(file)].slice(1).join(' → ') || '(directly)'} imports ${imp.spec}`);
            continue;
          }
          const next = resolveFile(imp.target);
          if (next && !seen.has(next)) {
            seen.add(next);
            queue.push({ file: next, via: [...via, rel(file)] });
          }
        }
      }
    }
    report('I/O in pure cores', violations);
    expect(violations).toEqual([]);
  });
});

/**
 * Known imports of other capabilities' internals, still to be replaced by public interfaces. The test fails on
 * any import not listed here.
 */
const KNOWN_INTERNAL_IMPORTS: string[] = [];

/**
 * Known Prisma calls outside a table's owner (prefixes of the printed violations). The seed is the documented
 * exception: it creates the demo organisations and users and marks a finished seed in the audit table.
 */
const KNOWN_FOREIGN_TABLE_ACCESS: string[] = ['server/src/seed/seed.ts:'];
