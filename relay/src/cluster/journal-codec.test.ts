import { describe, expect, it } from 'vitest';
import { decodeJournal, encodeJournal } from './journal-codec.ts';

describe('journal codec', () => {
  it('round-trips messages and audio frames, in order', () => {
    const entries = [
      { seq: 7, turnId: 2, data: '{"type":"transcript.final","seq":7}' },
      { seq: 8, turnId: 2, data: new Uint8Array([0, 1, 2, 253, 254, 255]) },
    ];
    expect(decodeJournal(encodeJournal(entries))).toEqual(entries);
    expect(decodeJournal(encodeJournal([]))).toEqual([]);
  });

  it('refuses what is not a journal', () => {
    for (const bad of ['', 'not json', '{}', '[{"s":1,"t":1}]', '[{"s":1.5,"t":1,"j":"x"}]'])
      expect(decodeJournal(bad)).toBeNull();
    expect(decodeJournal('[{"s":1,"t":1,"b":"%%%"}]')).toBeNull();
  });
});
