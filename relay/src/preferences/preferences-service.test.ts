import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logger } from '../log/logger.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import { PreferencesStore } from '../storage/preferences.ts';
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

  it('reads a user from the database once, then answers from memory', async () => {
    expect((await service.read('alice')).language).toBe('en');
    // Written behind the service's back (no relay announces it): memory answers until a look.
    await storage.preferences.put('alice', { ...DEFAULT_PREFERENCES, language: 'fr' });
    expect((await service.read('alice')).language).toBe('en');
    await service.refresh();
    expect((await service.read('alice')).language).toBe('fr');
  });

  it("takes in another relay's saves at each look, and its own at once", async () => {
    const other = new PreferencesService(storage.preferences, logger('test:preferences'));
    await service.read('alice');
    await service.read('bob');
    await service.refresh();
    await other.save('alice', { ...DEFAULT_PREFERENCES, language: 'fr' });
    expect(service.known('alice').language).toBe('en');
    await service.refresh();
    expect(service.known('alice').language).toBe('fr');
    expect(service.known('bob')).toEqual(DEFAULT_PREFERENCES);
    // A later save of its own wins over the older row seen again in the next look's overlap.
    await service.save('alice', { ...DEFAULT_PREFERENCES, language: 'de' });
    await service.refresh();
    expect((await service.read('alice')).language).toBe('de');
    // A user it never read is left to be read when needed.
    await other.save('carol', { ...DEFAULT_PREFERENCES, persona: 'tutor' });
    await service.refresh();
    expect(service.known('carol')).toEqual(DEFAULT_PREFERENCES);
    expect((await service.read('carol')).persona).toBe('tutor');
  });

  it('sees a save stamped by a relay whose clock is behind (within a minute)', async () => {
    let otherClock = Date.now();
    await service.read('alice');
    await service.refresh(otherClock + 30_000);
    const behind = new PreferencesStore(storage.database, () => otherClock);
    otherClock -= 20_000;
    await behind.put('alice', { ...DEFAULT_PREFERENCES, replyLength: 'long' });
    await service.refresh(otherClock + 40_000);
    expect(service.known('alice').replyLength).toBe('long');
  });

  it('takes stored preferences that no longer parse as the defaults', async () => {
    await storage.preferences.put('alice', { persona: 'pirate', replyLength: 'short' });
    expect(await service.read('alice')).toEqual(DEFAULT_PREFERENCES);
  });
});
