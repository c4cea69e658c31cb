import type { IntlShape } from 'react-intl';

/** The relay's offline responder's id (relay/src/providers/embedded/offline/provider.ts). */
export const OFFLINE_RESPONDER_ID = 'offline-responder';

/**
 * A provider's name as the page says it: the relay's own providers in the page's words, any
 * other by the relay's label (a vendor's or a model's name).
 */
export function providerName(intl: IntlShape, provider: { id: string; label: string }): string {
  return provider.id === OFFLINE_RESPONDER_ID
    ? intl.formatMessage({ id: 'provider.offlineResponder' })
    : provider.label;
}
