import type { IntlShape } from 'react-intl';
import { EMBEDDED_KIND, SERVER_KIND, type ProviderKindInfo } from '@parley/shared';
import type { MessageId } from '../i18n/intl.ts';

/** The kinds whose names say more than a vendor's name (the relay's labels are English). */
const KIND_NAMES: Readonly<Record<string, MessageId>> = {
  [EMBEDDED_KIND]: 'kind.embedded',
  [SERVER_KIND]: 'kind.server',
  'llama-cpp': 'kind.llamaCpp',
  moonshine: 'kind.moonshine',
  'espeak-ng': 'kind.espeak',
};

/** A provider kind's name on the page: in its words where it has some, else the vendor's. */
export function kindName(intl: IntlShape, info: Pick<ProviderKindInfo, 'kind' | 'label'>): string {
  const id = KIND_NAMES[info.kind];
  return id === undefined ? info.label : intl.formatMessage({ id });
}
