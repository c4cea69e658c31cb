import type { LlmFallback, PassedOverProvider } from '@parley/shared';

/** What went wrong with a provider, from its failure's kind and status (never its own words). */
function whatFailed({ kind, status }: PassedOverProvider): string {
  switch (kind) {
    case 'network':
      return 'could not be reached (nothing answers at its address)';
    case 'timeout':
      return 'did not answer in time';
    case 'auth':
      return status === null ? 'refused its key' : `refused its key (${status})`;
    case 'protocol':
      return 'answered in a way the relay could not read';
    case 'http':
      if (status === 404) return 'answered 404 (not found): its address or model may be wrong';
      if (status === 429) return 'is limiting requests (429)';
      if (status !== null && status >= 500) return `failed (${status})`;
      return status === null ? 'failed' : `answered ${status}`;
    case 'other':
      return 'failed';
  }
}

/**
 * What the page says when the model the relay names first did not answer: which model, what
 * failed, who answered instead ("Your model “llama3 (ollama)” could not be reached (nothing
 * answers at its address): “Offline responder” answered instead."). The notice puts the way
 * to Settings after it.
 */
export function fallbackText(fallback: LlmFallback): string {
  const [first] = fallback.passedOver;
  if (!first) return '';
  const instead = fallback.answeredBy
    ? `“${fallback.answeredBy.label}” answered instead`
    : 'no other model could answer';
  return `Your model “${first.label}” ${whatFailed(first)}: ${instead}.`;
}
