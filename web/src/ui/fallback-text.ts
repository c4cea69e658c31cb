import type { IntlShape } from 'react-intl';
import type { LlmFallback, PassedOverProvider } from '@parley/shared';
import { providerName } from './provider-name.ts';

/** What went wrong with a provider, from its failure's kind and status (never its own words). */
function whatFailed(intl: IntlShape, { kind, status }: PassedOverProvider): string {
  const say = intl.formatMessage;
  switch (kind) {
    case 'network':
      return say({ id: 'fallback.network' });
    case 'timeout':
      return say({ id: 'fallback.timeout' });
    case 'auth':
      return status === null
        ? say({ id: 'fallback.auth' })
        : say({ id: 'fallback.authStatus' }, { status });
    case 'protocol':
      return say({ id: 'fallback.protocol' });
    case 'http':
      if (status === 404) return say({ id: 'fallback.notFound' });
      if (status === 429) return say({ id: 'fallback.limiting' });
      if (status !== null && status >= 500) return say({ id: 'fallback.failedStatus' }, { status });
      return status === null
        ? say({ id: 'fallback.failed' })
        : say({ id: 'fallback.answered' }, { status });
    case 'other':
      return say({ id: 'fallback.failed' });
  }
}

/**
 * What the page says when the model the relay names first did not answer: which model, what
 * failed, who answered instead ("Your model “llama3 (ollama)” could not be reached (nothing
 * answers at its address): “Offline responder” answered instead."). The notice puts the way
 * to Settings after it.
 */
export function fallbackText(intl: IntlShape, fallback: LlmFallback): string {
  const [first] = fallback.passedOver;
  if (!first) return '';
  const instead = fallback.answeredBy
    ? intl.formatMessage(
        { id: 'fallback.instead' },
        { name: providerName(intl, fallback.answeredBy) },
      )
    : intl.formatMessage({ id: 'fallback.nobody' });
  return intl.formatMessage(
    { id: 'fallback.text' },
    { model: first.label, what: whatFailed(intl, first), instead },
  );
}
