import { describe, expect, it } from 'vitest';
import { loadSettings } from './settings.ts';

describe('loadSettings', () => {
  it('reads every part of an empty environment (the defaults)', () => {
    const settings = loadSettings({});
    expect(Object.keys(settings).sort()).toEqual(
      [
        'auth',
        'cluster',
        'errorTracking',
        'limits',
        'logLevel',
        'mcp',
        'metering',
        'providerSettings',
        'providers',
        'relay',
        'toolRounds',
        'watchdogs',
      ].sort(),
    );
    expect(Object.values(settings).every((part) => part !== undefined)).toBe(true);
  });

  it("lists the problems of every part that cannot be read, not only the first one's", () => {
    expect(() => loadSettings({ PORT: 'not a port', AUTH_MODE: 'sometimes' })).toThrow(
      /PORT[\s\S]*\n[\s\S]*AUTH_MODE/,
    );
  });
});
