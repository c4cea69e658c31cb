/**
 * The primary subtag of a BCP 47 tag, lower case ("nl" for "nl-BE"); English when absent. Apart
 * from the turn-taking tables (turn-languages.ts) so that the widget's loader can import it alone
 * (`@parley/shared/language-tag`).
 */
export function primaryLanguage(language = 'en'): string {
  return language.split('-')[0]?.toLowerCase() || 'en';
}

/**
 * The shape of a language tag the wire and the preferences accept: a lower-case primary
 * subtag, then any subtags (`nl`, `nl-BE`, `zh-Hant-TW`).
 */
export const LANGUAGE_TAG_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Longest language tag the wire carries (characters). */
export const MAX_LANGUAGE_TAG_CHARS = 35;

/**
 * A page's language as the wire takes it: `nl_NL` and `EN-us` as `nl-NL` and `en-US`; null when
 * it is no language tag (blank, `Dutch`, too long), so that a page's odd `lang` never keeps a
 * call from starting.
 */
export function wireLanguageTag(text: string): string | null {
  let tag: string | undefined;
  try {
    tag = Intl.getCanonicalLocales(text.trim().replace(/_/g, '-'))[0];
  } catch {
    return null;
  }
  if (tag === undefined || tag.length > MAX_LANGUAGE_TAG_CHARS) return null;
  return LANGUAGE_TAG_PATTERN.test(tag) ? tag : null;
}
