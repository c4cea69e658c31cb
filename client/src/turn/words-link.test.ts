import { describe, expect, it } from 'vitest';
import { WordsLink } from './words-link.ts';

describe('WordsLink', () => {
  it('says when the connection came back after being down, once', () => {
    const link = new WordsLink();
    expect(link.update(true)).toBe(false);
    expect(link.update(false)).toBe(false);
    expect(link.up).toBe(false);
    expect(link.update(false)).toBe(false);
    expect(link.update(true)).toBe(true);
    expect(link.up).toBe(true);
    expect(link.update(true)).toBe(false);
  });
});
