import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { PRODUCTION } from '../compose.ts';
import { jsonValueProblem, MAX_JSON_DEPTH } from './jsonBody.ts';

// The HTTP edge of the full application (every production feature registered).
describe('HTTP edge', () => {
  let t: TestApp;
  let commander: string;
  beforeAll(async () => {
    t = await createTestApp({ with: PRODUCTION });
    commander = await t.login('commander');
  });
  afterAll(() => t.close());

  const postRaw = (url: string, body: string, token = commander) =>
    t.app.inject({ method: 'POST', url, headers: { ...bearer(token), 'content-type': 'application/json' }, payload: body });

  describe('JSON bodies', () => {
    it('answers deeply nested JSON with a 400 that says why, on any route', async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      for (const url of ['/api/auth/login', '/api/pictures', '/api/incidents']) {
        const res = await postRaw(url, `{"title":${deep}}`);
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error).toEqual({ code: 'BAD_REQUEST', message: `The request body is refused: the JSON is nested deeper than ${MAX_JSON_DEPTH} levels.` });
      }
      expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    });

    it('answers a lone surrogate in a string or a key with a 400', async () => {
      const title = await postRaw('/api/pictures', '{"title":"Skottlossning \\ud800","level":"local"}');
      expect(title.statusCode).toBe(400);
      expect(title.json().error.message).toMatch(/unpaired UTF-16 surrogate/);
      const key = await postRaw('/api/pictures', '{"\\udfffx":1,"title":"ok","level":"local"}');
      expect(key.statusCode).toBe(400);
      expect(await t.ctx.prisma.picture.count({ where: { title: { startsWith: 'Skottlossning' } } })).toBe(0);
    });

    it('gives raw JSON imports the same checks: a lone surrogate or hostile nesting in GeoJSON is a 400', async () => {
      const importGeoJson = (props: string, geometry = '{"type":"Point","coordinates":[13.0,55.6]}') =>
        t.app.inject({
          method: 'POST',
          url: '/api/incidents/import?format=geojson',
          headers: { ...bearer(commander), 'content-type': 'application/geo+json' },
          payload: `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":${geometry},"properties":{"source":"probe","type":"shooting","occurredAt":"2026-11-01T12:00:00Z",${props}}}]}`,
        });
      const lone = await importGeoJson('"sourceId":"s1","description":"Skott \\ud800"');
      expect(lone.statusCode).toBe(400);
      expect(lone.json().error.message).toMatch(/unpaired UTF-16 surrogate/);
      const deep = await importGeoJson('"sourceId":"s2"', `${'['.repeat(5_000)}${']'.repeat(5_000)}`);
      expect(deep.statusCode).toBe(400);
      // Positive control: the same import with well-formed text is accepted.
      const ok = await importGeoJson('"sourceId":"s3","description":"Skott 🚓"');
      expect(ok.statusCode).toBe(200);
      expect(ok.json().imported).toBe(1);
      // CSV is not JSON: a literal backslash-u in a field is ordinary text.
      const csv = await t.app.inject({
        method: 'POST',
        url: '/api/incidents/import?format=csv',
        headers: { ...bearer(commander), 'content-type': 'text/csv' },
        payload: 'source,sourceId,type,occurredAt,lon,lat,description\nprobe,s4,shooting,2026-11-01T12:00:00Z,13.0,55.6,text \\ud800 as written\n',
      });
      expect(csv.statusCode).toBe(200);
    });

    it('refuses a __proto__ key at any depth', async () => {
      const res = await postRaw('/api/pictures', '{"title":"x","level":"local","area":{"__proto__":{"admin":true}}}');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/__proto__/);
    });

    it('answers broken and empty JSON with a 400', async () => {
      expect((await postRaw('/api/pictures', '{"title":')).json().error).toEqual({ code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' });
      expect((await postRaw('/api/pictures', '')).statusCode).toBe(400);
    });

    it('still accepts ordinary JSON, paired surrogates (emoji) and nesting up to the limit', async () => {
      const res = await postRaw('/api/pictures', JSON.stringify({ title: 'Läge 🚓 i Rosengård', level: 'local' }));
      expect(res.statusCode).toBe(201);
      expect(res.json().title).toBe('Läge 🚓 i Rosengård');
      let nested: unknown = 1;
      for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) nested = [nested];
      expect(jsonValueProblem({ a: nested })).toBeUndefined();
      expect(jsonValueProblem({ a: [nested] })).toMatch(/nested deeper/);
    });
  });

  describe('headers', () => {
    it('sends security headers and a restrictive Content Security Policy', async () => {
      const res = await t.app.inject({ url: '/api/health' });
      const csp = String(res.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", 'worker-src', "base-uri 'self'"]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    });

    it('marks API answers, errors included, as not to be stored', async () => {
      for (const [url, headers] of [
        ['/api/me', bearer(commander)],
        ['/api/pictures', bearer(commander)],
        ['/api/me', {}],
        ['/api/nope', {}],
      ] as const) {
        const res = await t.app.inject({ url, headers });
        expect(res.headers['cache-control'], url).toBe('no-store');
      }
    });
  });

  describe('reads that need a session', () => {
    it('GET /api/incidents/types needs a login', async () => {
      const anon = await t.app.inject({ url: '/api/incidents/types' });
      expect(anon.statusCode).toBe(401);
      expect(anon.json().error.code).toBe('UNAUTHENTICATED');
      const res = await t.app.inject({ url: '/api/incidents/types', headers: bearer(commander) });
      expect(res.statusCode).toBe(200);
      expect(res.json().types.length).toBeGreaterThan(0);
    });

    it('the OpenAPI description needs a login', async () => {
      for (const url of ['/api/docs/json', '/api/docs/yaml', '/api/docs/json?x=1']) {
        expect((await t.app.inject({ url })).statusCode, url).toBe(401);
      }
      const res = await t.app.inject({ url: '/api/docs/json', headers: bearer(commander) });
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json().paths)).toContain('/api/pictures');
    });
  });
});
