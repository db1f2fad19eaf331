/**
 * The optional address search (GEOCODER_URL): off by default; when set, the server asks the deployment's
 * Nominatim-compatible geocoder (here a real local HTTP server) for signed-in users and answers boxes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { parseNominatim } from './geocode.ts';

describe('address search through GEOCODER_URL', () => {
  let geocoder: Server;
  let geocoderUrl: string;
  const asked: URLSearchParams[] = [];
  let on: TestApp;
  let off: TestApp;
  let token: string;

  beforeAll(async () => {
    geocoder = createServer((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      asked.push(q);
      if (q.get('q') === 'trasig') {
        res.writeHead(500).end('boom');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify([
          { display_name: 'Amiralsgatan 20, Malmö', boundingbox: ['55.5990', '55.6000', '13.0100', '13.0120'] },
          { display_name: 'Utan box' },
          { display_name: 'Fel box', boundingbox: ['91', '92', '0', '1'] },
        ]),
      );
    });
    await new Promise<void>((r) => geocoder.listen(0, '127.0.0.1', r));
    geocoderUrl = `http://127.0.0.1:${(geocoder.address() as AddressInfo).port}/search`;
    on = await createTestApp({ env: { GEOCODER_URL: geocoderUrl }, with: { webapp: {} } });
    off = await createTestApp({ with: { webapp: {} } });
    token = await on.login('partner.viewer');
  });
  afterAll(async () => {
    await on?.close();
    await off?.close();
    await new Promise((r) => geocoder.close(r));
  });

  it('is off unless configured: /api/config says so and there is no route', async () => {
    expect((await off.app.inject({ url: '/api/config' })).json()).toMatchObject({ geocoder: false });
    const offToken = await off.login('partner.viewer');
    expect((await off.app.inject({ url: '/api/geocode?q=amiral', headers: bearer(offToken) })).statusCode).toBe(404);
  });

  it('answers signed-in users with boxes from the geocoder, skipping hits without a valid box', async () => {
    expect((await on.app.inject({ url: '/api/config' })).json()).toMatchObject({ geocoder: true });
    const res = await on.app.inject({ url: '/api/geocode?q=Amiralsgatan%2020', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ items: [{ name: 'Amiralsgatan 20, Malmö', bbox: [13.01, 55.599, 13.012, 55.6] }] });
    const q = asked.at(-1)!;
    expect([q.get('q'), q.get('format'), q.get('countrycodes')]).toEqual(['Amiralsgatan 20', 'jsonv2', 'se']);
  });

  it('refuses the unauthenticated (401) and bad queries (400), and a failing geocoder is a 503 with a reason', async () => {
    expect((await on.app.inject({ url: '/api/geocode?q=amiral' })).statusCode).toBe(401);
    expect((await on.app.inject({ url: '/api/geocode?q=a', headers: bearer(token) })).statusCode).toBe(400);
    const bad = await on.app.inject({ url: '/api/geocode?q=trasig', headers: bearer(token) });
    expect(bad.statusCode).toBe(503);
    expect(bad.json().error.code).toBe('NOT_READY');
  });

  it('parses only Nominatim-shaped answers', () => {
    expect(parseNominatim({ features: [] })).toEqual([]);
    expect(parseNominatim([{ display_name: 'x', boundingbox: ['1', '2', '3', 'nan'] }])).toEqual([]);
  });
});
