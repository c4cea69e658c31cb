import type { IntlShape } from 'react-intl';
import { pageLocale, type PageLocale } from '../i18n/locale.ts';
import type { CallState } from '../state/types.ts';

/**
 * What the empty screen suggests saying: phrases heard exactly in at least 95 % of runs through
 * the browser, five runs or more in each of Flite's four voices, in every measurement of
 * bench/phrases/measurements.ts (PocketSphinx on a fresh relay, PocketSphinx on a relay in use,
 * Moonshine writing), and that the offline responder answers. bench/phrases/suggested.test.ts
 * and e2e/suggested-phrases.spec.ts hold this list to those figures; what was dropped and why:
 * docs/decisions.md#the-first-screen-suggests-only-phrases-heard-19-times-in-20.
 */
export const SUGGESTED_PHRASES: readonly string[] = ['what is your name', 'good afternoon'];

/**
 * The phrases suggested in each page language: English's are heard by the embedded recogniser
 * (above); Dutch has no embedded recogniser, so its phrases are ones the offline responder
 * answers, typed (or said to a Dutch recogniser once one is connected).
 */
const PHRASES: Readonly<Record<PageLocale, readonly string[]>> = {
  en: SUGGESTED_PHRASES,
  nl: ['hoe laat is het', 'wat is twaalf keer zeven', 'onthoud dat mijn zus Anna heet'],
};

/**
 * The empty transcript's line: what to say before a call (what to type, when the conversation's
 * language cannot be spoken: `speakable` false), a prompt during one.
 */
export function emptyHint(intl: IntlShape, call: CallState, speakable = true): string {
  if (call !== 'idle') return intl.formatMessage({ id: 'hint.listening' });
  const phrases = PHRASES[pageLocale(intl.locale)].map((phrase) =>
    intl.formatMessage({ id: 'hint.phrase' }, { phrase }),
  );
  const list = intl.formatList(phrases, { type: 'disjunction' });
  return intl.formatMessage({ id: speakable ? 'hint.talk' : 'hint.type' }, { phrases: list });
}
