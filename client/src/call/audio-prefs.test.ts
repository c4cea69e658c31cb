import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIO_PREFS, loadAudioPrefs, saveAudioPrefs } from './audio-prefs.ts';

/** A Storage of a plain map, and one that refuses writes (a full or forbidden localStorage). */
function storage(refuse = false) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (refuse) throw new DOMException('full', 'QuotaExceededError');
      items.set(k, v);
    },
  };
}

describe('audio prefs', () => {
  it('remembers the input mode and the chosen devices', () => {
    const s = storage();
    const prefs = { inputMode: 'push-to-talk', micDeviceId: 'usb', speakerDeviceId: null } as const;
    saveAudioPrefs(s, prefs);
    expect(loadAudioPrefs(s)).toEqual(prefs);
  });

  it('gives the defaults for nothing stored, no storage, or what it cannot read', () => {
    expect(loadAudioPrefs(storage())).toEqual(DEFAULT_AUDIO_PREFS);
    expect(loadAudioPrefs(null)).toEqual(DEFAULT_AUDIO_PREFS);
    const s = storage();
    s.items.set('parley.audio', '{not json');
    expect(loadAudioPrefs(s)).toEqual(DEFAULT_AUDIO_PREFS);
    s.items.set('parley.audio', JSON.stringify({ inputMode: 'walkie', micDeviceId: 3 }));
    expect(loadAudioPrefs(s)).toEqual(DEFAULT_AUDIO_PREFS);
  });

  it('a storage that refuses writes costs only the memory', () => {
    expect(() => saveAudioPrefs(storage(true), DEFAULT_AUDIO_PREFS)).not.toThrow();
  });
});
