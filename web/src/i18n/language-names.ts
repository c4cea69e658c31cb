import type { IntlShape } from 'react-intl';

/**
 * A language as a choice on the page: its own name, then the page's name for it when they
 * differ ("Français (Frans)" on a Dutch page, "Nederlands (Dutch)" on an English one); the tag
 * itself where Intl knows no name.
 */
export function languageOption(intl: IntlShape, tag: string): string {
  const own = nameIn(tag, tag);
  const page = nameIn(intl.locale, tag);
  if (own === null || page === null) return page ?? own ?? tag;
  const capital = own.charAt(0).toLocaleUpperCase(tag) + own.slice(1);
  const pageCapital = page.charAt(0).toLocaleUpperCase(intl.locale) + page.slice(1);
  return capital === pageCapital ? capital : `${capital} (${page})`;
}

function nameIn(locale: string, tag: string): string | null {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? null;
  } catch {
    return null;
  }
}
