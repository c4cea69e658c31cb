// The provider settings saved from the app (issue 24), on every backend: one row every relay of
// the database reads, its time strictly increasing with each save.
import { describe, expect, it } from 'vitest';
import { describeStorage, T0 } from './suite.ts';

describeStorage('provider settings', (h) => {
  describe('the saved chains', () => {
    it('are absent until saved, then read back with their time', async () => {
      expect(await h.s.providerSettings.get()).toBeNull();
      expect(await h.s.providerSettings.updatedAt()).toBeNull();
      expect(await h.s.providerSettings.put('{"v":1}')).toBe(T0);
      expect(await h.s.providerSettings.get()).toEqual({ chains: '{"v":1}', updatedAt: T0 });
      expect(await h.s.providerSettings.updatedAt()).toBe(T0);
    });

    it('are replaced by each save, whose time increases even when the clock does not', async () => {
      await h.s.providerSettings.put('one');
      expect(await h.s.providerSettings.put('two')).toBe(T0 + 1);
      h.now = T0 - 60_000;
      expect(await h.s.providerSettings.put('three')).toBe(T0 + 2);
      h.now = T0 + 10_000;
      expect(await h.s.providerSettings.put('four')).toBe(T0 + 10_000);
      const rows = await h.s.database.db.selectFrom('provider_settings').selectAll().execute();
      expect(rows).toEqual([{ scope: 'providers', chains: 'four', updated_at: T0 + 10_000 }]);
    });

    it('are seen by another relay on the same database', async () => {
      const other = await h.open();
      try {
        await h.s.providerSettings.put('shared');
        expect(await other.providerSettings.get()).toEqual({ chains: 'shared', updatedAt: T0 });
      } finally {
        await other.close();
      }
    });
  });
});
