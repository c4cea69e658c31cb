import { describe, expect, it } from 'vitest';
import bootScript from '../../../public/theme-boot.js?raw';
import { loadThemeChoice, saveThemeChoice, THEME_CHOICES, THEME_KEY } from './theme-choice.ts';

/** A localStorage holding `value` under the theme's key (null: nothing). */
function storage(value: string | null) {
  const items = new Map<string, string>(value === null ? [] : [[THEME_KEY, value]]);
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, v: string) => void items.set(key, v),
  };
}

const refusing = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

/** What web/public/theme-boot.js sets on the root element, run as the page runs it. */
function bootTheme(stored: ReturnType<typeof storage> | typeof refusing): string | undefined {
  const dataset: { theme?: string } = {};
  // The script as the page runs it, with these as its page's globals.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the file under test, run as is
  const run = new Function('localStorage', 'document', bootScript) as (...a: unknown[]) => void;
  run(stored, { documentElement: { dataset } });
  return dataset.theme;
}

describe('the theme choice', () => {
  it('is remembered: the system, light or dark', () => {
    for (const choice of THEME_CHOICES) {
      const s = storage('dark');
      saveThemeChoice(s, choice);
      expect(loadThemeChoice(s)).toBe(choice);
    }
  });

  it('follows the system when nothing, something unknown, or no storage is there', () => {
    expect(loadThemeChoice(storage(null))).toBe('system');
    expect(loadThemeChoice(storage('sepia'))).toBe('system');
    expect(loadThemeChoice(null)).toBe('system');
    expect(loadThemeChoice(refusing)).toBe('system');
    expect(() => saveThemeChoice(refusing, 'dark')).not.toThrow();
  });

  it('is read before the first paint as the app reads it (web/public/theme-boot.js)', () => {
    for (const stored of ['light', 'dark', 'system', 'sepia', null]) {
      const choice = loadThemeChoice(storage(stored));
      expect(bootTheme(storage(stored)), String(stored)).toBe(
        choice === 'system' ? undefined : choice,
      );
    }
    expect(bootTheme(refusing)).toBeUndefined();
  });
});
