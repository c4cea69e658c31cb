import type { IntlShape } from 'react-intl';

/** "1 turn", "3 turns": a conversation's length as the history list says it. */
export function turnsText(intl: IntlShape, count: number): string {
  return intl.formatMessage({ id: 'history.turns' }, { count });
}

/** What the history says when a search found nothing (or, without one, when there is nothing). */
export function emptyHistoryText(intl: IntlShape, query: string): string {
  const q = query.trim();
  return q === ''
    ? intl.formatMessage({ id: 'history.none' })
    : intl.formatMessage({ id: 'history.noMatch' }, { query: q });
}

/** What a screen reader hears once a search's answer is shown. */
export function foundText(intl: IntlShape, query: string, count: number): string {
  if (query.trim() === '') return '';
  return intl.formatMessage({ id: 'history.found' }, { count });
}

/** When a conversation began, as the history says it: the page's medium date and short time. */
export function whenText(intl: IntlShape, ms: number): string {
  return intl.formatDate(ms, { dateStyle: 'medium', timeStyle: 'short' });
}
