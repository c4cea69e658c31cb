import { describe, expect, it } from 'vitest';
import { loadSettings } from './settings.ts';

describe('loadSettings', () => {
  it('reads every part of an empty environment (the defaults)', () => {
    // Which parts there are is RelaySettings' to say (loadSettings' record must name each one);
    // here, that each was read.
    const parts = Object.entries(loadSettings({}));
    expect(parts.length).toBeGreaterThanOrEqual(10);
    expect(parts.filter(([, part]) => part === undefined)).toEqual([]);
  });

  it("lists the problems of every part that cannot be read, not only the first one's", () => {
    expect(() => loadSettings({ PORT: 'not a port', AUTH_MODE: 'sometimes' })).toThrow(
      /PORT[\s\S]*\n[\s\S]*AUTH_MODE/,
    );
  });
});
