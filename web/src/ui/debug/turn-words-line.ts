import type { IntlShape } from 'react-intl';
import { primaryLanguage, turnWordsFor } from '@parley/shared';
import { languageOption } from '../../i18n/language-names.ts';

/**
 * What the latency panel says of the conversation's language (BCP 47) when turn-taking has no
 * word table for it: the voice and the silence decide when a turn ends, and the sound's length
 * whether it stops the reply. Null in a language with a table, or before a call said which.
 */
export function turnWordsLine(intl: IntlShape, language: string | null): string | null {
  if (language === null || turnWordsFor(language) !== null) return null;
  return intl.formatMessage(
    { id: 'debug.noTurnWords' },
    { language: languageOption(intl, primaryLanguage(language)) },
  );
}
