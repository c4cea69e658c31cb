/**
 * The primary subtag of a BCP 47 tag, lower case ("nl" for "nl-BE"); English when absent. Apart
 * from the turn-taking tables (turn-languages.ts) so that the widget's loader can import it alone
 * (`@parley/shared/language-tag`).
 */
export function primaryLanguage(language = 'en'): string {
  return language.split('-')[0]?.toLowerCase() || 'en';
}
