/**
 * The page's languages: one message catalogue each (en.json, nl.json). A BCP 47 tag of any other
 * language reads the page in English, the default; the conversation may still be in it (the
 * relay's business).
 */
export const PAGE_LOCALES = ['en', 'nl'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

/** The page's language when nothing asks for one of {@link PAGE_LOCALES}. */
export const DEFAULT_LOCALE: PageLocale = 'en';

/** The catalogue a BCP 47 tag reads the page in: `nl`, `nl-NL`, `nl-BE` → `nl`; others `en`. */
export function pageLocale(tag: string): PageLocale {
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return PAGE_LOCALES.find((l) => l === primary) ?? DEFAULT_LOCALE;
}

/** Whether `tag` (BCP 47) names a language the page has a catalogue of. */
export function hasCatalogue(tag: string): boolean {
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return PAGE_LOCALES.some((l) => l === primary);
}

/**
 * The browser's choice, from `navigator.languages` (most wanted first): the first tag whose
 * language has a catalogue, as the browser writes it (`nl-BE` keeps its region for dates and
 * numbers); `en` when none has.
 */
export function browserLanguage(languages: readonly string[]): string {
  return languages.find(hasCatalogue) ?? DEFAULT_LOCALE;
}
