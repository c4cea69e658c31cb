/**
 * The light/dark switch: follow the system, or always light, or always dark. Remembered
 * per browser; applied as `data-theme` on the root element, which theme.css reads (absent: the
 * system's `prefers-color-scheme`). web/public/theme-boot.js applies the remembered choice before
 * the first paint; this module keeps it afterwards
 * (docs/decisions.md#the-theme-is-applied-before-the-first-paint-by-a-classic-script).
 */

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** The localStorage key, read by web/public/theme-boot.js too. */
export const THEME_KEY = 'parley.theme';

/** The page's background in each theme (theme.css `--bg`), for the browser's own bars. */
const THEME_COLOR = { dark: '#0f172a', light: '#f8fafc' } as const;

type ThemeStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The remembered choice; the system's where none (or something unknown) is. */
export function loadThemeChoice(storage: Pick<Storage, 'getItem'> | null): ThemeChoice {
  try {
    const stored = storage?.getItem(THEME_KEY);
    return THEME_CHOICES.find((c) => c === stored) ?? 'system';
  } catch {
    return 'system';
  }
}

/** Remembers `choice`; a storage that refuses (full, forbidden) only costs the memory. */
export function saveThemeChoice(storage: ThemeStorage | null, choice: ThemeChoice): void {
  try {
    storage?.setItem(THEME_KEY, choice);
  } catch {
    // The choice holds for this page.
  }
}

/**
 * Shows `choice` in `doc`: the root's `data-theme` (theme.css's colours and `color-scheme`), and
 * the colour of the browser's bars (the `theme-color` metas, one per system scheme).
 */
export function applyThemeChoice(doc: Document, choice: ThemeChoice): void {
  const root = doc.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  for (const meta of doc.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
    const scheme = meta.media.includes('light') ? 'light' : 'dark';
    meta.content = THEME_COLOR[choice === 'system' ? scheme : choice];
  }
}
