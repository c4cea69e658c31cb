import type { IntlShape } from 'react-intl';
import { CREDENTIALS_IN_ADDRESS, MODEL_NEEDED } from '@parley/shared';
import type { MessageId } from '../i18n/intl.ts';

/**
 * The shared schemas' refusals (the relay says them too, in English), in the page's words: the
 * ones a form can meet. One the page does not know is shown as the schema wrote it.
 */
const SCHEMA_WORDS: ReadonlyMap<string, MessageId> = new Map<string, MessageId>([
  [MODEL_NEEDED, 'field.modelNeeded'],
  [CREDENTIALS_IN_ADDRESS, 'field.credentialsInAddress'],
  [
    'The server’s address should look like http://127.0.0.1:11434/v1 (http or https).',
    'field.addressShape',
  ],
  ['A provider name is lower-case letters, digits and dashes.', 'field.providerName'],
]);

/** A schema's refusal `message` in the page's language (as it came when the page has none). */
export function schemaWords(intl: IntlShape, message: string): string {
  const id = SCHEMA_WORDS.get(message);
  return id === undefined ? message : intl.formatMessage({ id });
}
