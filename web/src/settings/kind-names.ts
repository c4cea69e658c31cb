import type { IntlShape } from 'react-intl';
import type { ProviderKindInfo } from '@parley/shared';
import { CATALOGUES, type MessageId } from '../i18n/intl.ts';

/**
 * The catalogue's key of a kind's name, `kind.<kind>`, when the catalogue has one: a kind whose
 * name says more than a vendor's name (the relay's labels are English) has its words there, one
 * line per language, and needs nothing in the page's code.
 */
function kindMessage(kind: string): MessageId | undefined {
  const id = `kind.${kind}`;
  return Object.keys(CATALOGUES.en).find((key): key is MessageId => key === id);
}

/** A provider kind's name on the page: in its words where it has some, else the vendor's. */
export function kindName(intl: IntlShape, info: Pick<ProviderKindInfo, 'kind' | 'label'>): string {
  const id = kindMessage(info.kind);
  return id === undefined ? info.label : intl.formatMessage({ id });
}
