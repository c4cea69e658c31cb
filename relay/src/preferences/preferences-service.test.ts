import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logger } from '../log/logger.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import { DEFAULT_PREFERENCES } from './defaults.ts';
import { PreferencesService } from './preferences-service.ts';

describe('PreferencesService', () => {
  let storage: Storage;
  let service: PreferencesService;
  beforeEach(async () => {
    storage = await openStorage({ sqlitePath: ':memory:' });
    service = new PreferencesService(storage.preferences, logger('test:preferences'));
  });
  afterEach(async () => {
    await storage.close();
  });

  it("gives the defaults to a user who saved none, and each user's own after a save", async () => {
    expect(await service.read('alice')).toEqual(DEFAULT_PREFERENCES);
    const mine = { ...DEFAULT_PREFERENCES, persona: 'tutor' as const, voice: 'nova' };
    await service.save('alice', mine);
    expect(await service.read('alice')).toEqual(mine);
    expect(service.known('alice')).toEqual(mine);
    expect(await service.read('bob')).toEqual(DEFAULT_PREFERENCES);
    expect(service.known('bob')).toEqual(DEFAULT_PREFERENCES);
  });

  it('reads what another relay saved (the database, not its memory)', async () => {
    const other = new PreferencesService(storage.preferences, logger('test:preferences'));
    await other.save('alice', { ...DEFAULT_PREFERENCES, language: 'fr' });
    expect(service.known('alice').language).toBe('en');
    expect((await service.read('alice')).language).toBe('fr');
    expect(service.known('alice').language).toBe('fr');
  });

  it('takes stored preferences that no longer parse as the defaults', async () => {
    await storage.preferences.put('alice', { persona: 'pirate', replyLength: 'short' });
    expect(await service.read('alice')).toEqual(DEFAULT_PREFERENCES);
  });
});
