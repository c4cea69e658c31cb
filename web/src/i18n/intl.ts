import { createIntl, createIntlCache, type IntlShape } from 'react-intl';
import en from './en.json';
import nl from './nl.json';
import { hasCatalogue, pageLocale, type PageLocale } from './locale.ts';

/** A message's key: one of the English catalogue's, which every other catalogue has too. */
export type MessageId = keyof typeof en;

declare global {
  // react-intl's hook for typed message ids: `formatMessage({ id })` accepts only these.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace FormatjsIntl {
    interface Message {
      ids: MessageId;
    }
  }
}

/** Each language's messages (ICU MessageFormat), by key. */
export const CATALOGUES: Readonly<Record<PageLocale, Readonly<Record<MessageId, string>>>> = {
  en,
  // A key missing here fails the typecheck and catalogue.test.ts.
  nl,
};

const cache = createIntlCache();
const intls = new Map<string, IntlShape>();

/**
 * The page's words and formats for `tag` (BCP 47): the catalogue of its language (English for
 * a language without one), numbers, dates and money in the tag's own conventions (`nl-BE`
 * formats as in Belgium). One per tag, kept: building one compiles nothing until used.
 */
export function intlFor(tag: string): IntlShape {
  const catalogue = pageLocale(tag);
  // Intl's formats follow the tag only when it is of the catalogue's language: a page in
  // English for a French speaker writes its numbers as English does, like its sentences.
  const locale = hasCatalogue(tag) ? canonical(tag, catalogue) : catalogue;
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl(
      {
        locale,
        defaultLocale: 'en',
        messages: CATALOGUES[catalogue],
        // A missing message is a test failure (catalogue.test.ts), not a console line at run time.
        onError: () => undefined,
      },
      cache,
    );
    intls.set(locale, intl);
  }
  return intl;
}

/** `tag` as Intl writes it (`nl-be` → `nl-BE`), or `fallback` when it is not a valid tag. */
function canonical(tag: string, fallback: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? fallback;
  } catch {
    return fallback;
  }
}

/** A plain-text message's values: what its placeholders are filled with. */
export type MessageValues = Record<string, string | number | boolean | Date | null | undefined>;

/** A message of the catalogue by its key, as text (see {@link translator}). */
export type Translate = (id: MessageId, values?: MessageValues) => string;

/** `intl`'s messages as a function of their key: `t('talk.start')`. */
export function translator(intl: IntlShape): Translate {
  return (id, values) => intl.formatMessage({ id }, values);
}
