import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID, seedDemoPicture } from './demoPicture.ts';
import { PictureService } from './pictureService.ts';

/**
 * getLayer answers from one raw statement when the service knows its database (every document connect asks;
 * issue 14). It must answer exactly what the ORM query answers, or a right would be computed from other data.
 */
describe.each<DbKind>(['sqlite', 'postgres'])('a layer looked up with raw SQL equals the ORM lookup on %s', (kind) => {
  let t: TestApp;
  let orm: PictureService;
  let raw: PictureService;
  beforeAll(async () => {
    t = await createTestApp({ kind, with: { collab: {} }, seedSteps: [seedDemoPicture] });
    const { prisma, orgs, bus, audit, database, config } = t.ctx;
    orm = new PictureService(prisma, orgs, bus, audit);
    raw = new PictureService(prisma, orgs, bus, audit, { prisma, database, config });
  }, 60_000);
  afterAll(() => t?.close());

  it('every demo layer, with its access entries in the same order, owner and picture status', async () => {
    for (const id of Object.values(DEMO_LAYER_IDS)) {
      const viaOrm = await orm.getLayer(id);
      expect(viaOrm, id).toBeDefined();
      expect(await raw.getLayer(id), id).toEqual(viaOrm);
    }
    // Positive control: the entries are really there (subtree flags both ways), not two empty answers.
    const police = await raw.getLayer(DEMO_LAYER_IDS.police);
    expect(police!.entries.some((e) => e.subject.type === 'organisation' && e.subject.includeSubtree)).toBe(true);
    expect(police!.entries.some((e) => e.subject.type === 'organisation' && !e.subject.includeSubtree)).toBe(true);
    expect(police!.pictureStatus).toBe('active');
  });

  it('a layer without access entries, one of a closed picture, a removed one and an unknown id', async () => {
    const { prisma } = t.ctx;
    await prisma.layer.create({ data: { id: 'lay-no-access', pictureId: DEMO_PICTURE_ID, name: 'Utan åtkomst', kind: 'annotations', classification: 'partner', position: 9 } });
    const bare = await raw.getLayer('lay-no-access');
    expect(bare?.entries).toEqual([]);
    expect(bare).toEqual(await orm.getLayer('lay-no-access'));
    await prisma.picture.update({ where: { id: DEMO_PICTURE_ID }, data: { status: 'closed' } });
    expect((await raw.getLayer(DEMO_LAYER_IDS.joint))?.pictureStatus).toBe('closed');
    expect(await raw.getLayer(DEMO_LAYER_IDS.joint)).toEqual(await orm.getLayer(DEMO_LAYER_IDS.joint));
    await prisma.layer.update({ where: { id: 'lay-no-access' }, data: { removedAt: new Date() } });
    expect(await raw.getLayer('lay-no-access')).toBeUndefined();
    expect(await orm.getLayer('lay-no-access')).toBeUndefined();
    expect(await raw.getLayer('no-such-layer')).toBeUndefined();
  });
});
