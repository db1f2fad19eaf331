/**
 * GET /api/pictures/:id/export.gpkg: the picture's layers the caller may read as one GeoPackage, a table per
 * layer with its features' properties (comments as JSON text). Audited like the JSON export. The file is written
 * to a temporary folder, streamed, and deleted when the response ends (or the client goes away).
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Principal } from '../../../shared/src/access.ts';
import { appError } from '../errors.ts';
import { writeGeoPackage } from '../geo/geopackage.ts';
import { requireUser } from '../http/guards.ts';
import type { OgcFeature } from './items.ts';

export interface ExportableLayer {
  id: string;
  name: string;
  classification: string;
  features: { type: 'FeatureCollection'; features: OgcFeature[] };
}

export interface PictureLayersReader {
  /** null: the picture does not exist for the caller. */
  pictureLayers(viewer: Principal, pictureId: string): Promise<{ picture: { id: string; title: string }; layers: ExportableLayer[] } | null>;
}

/** A file name from a title: letters, digits and dashes (Content-Disposition stays plain ASCII). */
export function fileNameOf(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'lagesbild'}.gpkg`;
}

export function gpkgExportRoute(reader: PictureLayersReader): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { audit } = app.ctx;
    app.get('/api/pictures/:id/export.gpkg', { schema: { tags: ['pictures'], params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }) } }, async (req, reply) => {
      const user = requireUser(req);
      const found = await reader.pictureLayers(user, req.params.id);
      if (!found) throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
      const dir = await mkdtemp(join(tmpdir(), 'lagesbild-gpkg-'));
      const path = join(dir, 'export.gpkg');
      const cleanup = () => void rm(dir, { recursive: true, force: true });
      try {
        writeGeoPackage(
          path,
          found.layers.map((l) => ({
            name: l.name,
            title: l.name,
            description: `${found.picture.title} – ${l.name} (${l.classification})`,
            features: {
              type: 'FeatureCollection',
              features: l.features.features.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: f.properties as Record<string, unknown> })),
            },
          })),
        );
      } catch (e) {
        cleanup();
        throw e;
      }
      await audit.record({
        actor: user,
        action: 'picture.export',
        target: found.picture.id,
        outcome: 'success',
        address: req.ip,
        detail: { format: 'gpkg', layers: found.layers.map((l) => ({ id: l.id, classification: l.classification })) },
      });
      reply.raw.once('close', cleanup);
      return reply
        .type('application/geopackage+sqlite3')
        .header('content-disposition', `attachment; filename="${fileNameOf(found.picture.title)}"`)
        .send(createReadStream(path));
    });
  };
}
