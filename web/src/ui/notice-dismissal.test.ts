import { describe, expect, it } from 'vitest';
import { loadDismissed, saveDismissed } from './notice-dismissal.ts';

/** A Storage of our own: a Map behind getItem and setItem. */
function memory(failWrites = false) {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (failWrites) throw new Error('QuotaExceededError');
      items.set(k, v);
    },
  };
}

describe('dismissed notices', () => {
  it('are remembered by their words, each once, the oldest forgotten past twenty', () => {
    const storage = memory();
    expect(loadDismissed(storage)).toEqual([]);
    saveDismissed(storage, 'Offline responder: simple answers only.');
    saveDismissed(storage, 'Offline responder: simple answers only.');
    expect(loadDismissed(storage)).toEqual(['Offline responder: simple answers only.']);
    for (let i = 0; i < 25; i++) saveDismissed(storage, `notice ${i}`);
    const kept = loadDismissed(storage);
    expect(kept).toHaveLength(20);
    expect(kept[0]).toBe('notice 5');
    expect(kept.at(-1)).toBe('notice 24');
  });

  it('read as none from storage that is unreadable, and hold for the page where it refuses', () => {
    const broken = { getItem: () => '{not json' };
    expect(loadDismissed(broken)).toEqual([]);
    expect(loadDismissed({ getItem: () => '[1, "a"]' })).toEqual(['a']);
    expect(loadDismissed(null)).toEqual([]);
    expect(saveDismissed(memory(true), 'x')).toEqual(['x']);
  });
});
