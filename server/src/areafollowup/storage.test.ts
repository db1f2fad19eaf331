import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { defaultCriteria } from './criteria.ts';
import { FollowupStore } from './store.ts';

for (const kind of ['sqlite', 'postgres'] as DbKind[]) {
  describe(`follow-up storage on ${kind}: submitted versions and the history cannot change`, () => {
    let t: TestApp;
    let store: FollowupStore;
    beforeAll(async () => {
      t = await createTestApp({ kind });
      store = new FollowupStore(t.ctx.prisma);
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    const fresh = async (areaId: string) => {
      const set = await store.createCriteriaSet(2026, Math.floor(Math.random() * 1e9), defaultCriteria(), null);
      return store.createAssessment({
        areaId, period: '2026Q3', version: 1, status: 'draft', organisationId: 'org-lpo-malmo-norr', criteriaSetId: set.id, answers: [{ key: 'extremism', score: 1, comment: null }], overall: null, summary: null,
        correctionReason: null, demo: false, createdById: 'u', createdByName: 'U', updatedById: 'u', updatedByName: 'U', submittedById: null, submittedByName: null, submittedAt: null,
      });
    };

    it('a draft changes; once submitted the database refuses updates, and never deletes an assessment', async () => {
      const a = await fresh('A1');
      const edited = await store.updateDraft(a.id, { summary: 'edited', updatedById: 'u', updatedByName: 'U' });
      expect(edited.summary).toBe('edited');
      await store.updateDraft(a.id, { status: 'submitted', submittedAt: new Date(), submittedById: 'u', submittedByName: 'U', updatedById: 'u', updatedByName: 'U' });
      await expect(store.updateDraft(a.id, { summary: 'after', updatedById: 'u', updatedByName: 'U' })).rejects.toThrow();
      await expect(t.ctx.prisma.followupAssessment.update({ where: { id: a.id }, data: { status: 'draft' } })).rejects.toThrow();
      await expect(t.ctx.prisma.followupAssessment.delete({ where: { id: a.id } })).rejects.toThrow();
      const draft = await fresh('A2');
      await expect(t.ctx.prisma.followupAssessment.delete({ where: { id: draft.id } })).rejects.toThrow();
      expect((await store.assessments({ areaId: 'A1' }))[0]).toMatchObject({ status: 'submitted', summary: 'edited' });
    });

    it('the history is append-only', async () => {
      await store.record({ areaId: 'H1', period: '2026Q3', action: 'submitted', actorId: 'u', actorName: 'U', organisationId: 'o' });
      await expect(t.ctx.prisma.followupHistory.updateMany({ where: { areaId: 'H1' }, data: { actorName: 'someone else' } })).rejects.toThrow();
      await expect(t.ctx.prisma.followupHistory.deleteMany({ where: { areaId: 'H1' } })).rejects.toThrow();
      if (kind === 'postgres') await expect(t.ctx.prisma.$executeRawUnsafe('TRUNCATE "FollowupHistory"')).rejects.toThrow();
      expect((await store.history('H1')).map((h) => h.actorName)).toEqual(['U']);
    });
  });
}
