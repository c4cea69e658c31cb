import { useLayoutEffect, type ReactNode } from 'react';
import { RawIntlProvider, type IntlShape } from 'react-intl';
import { intlFor } from './intl.ts';
import { usePageLanguage } from './language.ts';

/**
 * The document in the page's language: `<html lang>` (screen readers' voice, hyphenation, the
 * browser's translate offer), the tab's title and the description.
 */
export function applyDocumentLanguage(doc: Document, intl: IntlShape): void {
  doc.documentElement.lang = intl.locale;
  doc.title = intl.formatMessage({ id: 'page.title' });
  doc
    .querySelector('meta[name="description"]')
    ?.setAttribute('content', intl.formatMessage({ id: 'page.description' }));
}

/** The page's words for everything inside: the user's language, followed as it changes. */
export function PageIntl({ children }: { children: ReactNode }) {
  const intl = intlFor(usePageLanguage());
  useLayoutEffect(() => {
    applyDocumentLanguage(document, intl);
  }, [intl]);
  return <RawIntlProvider value={intl}>{children}</RawIntlProvider>;
}
