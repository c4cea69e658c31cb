import { isAbortError } from '../errors.ts';
import { ProviderError } from '../providers/net/provider-error.ts';

/** What a failed call to a provider was about, for the words that explain it. */
export interface CallContext {
  /** Where the call went (the server's base URL). */
  baseUrl: string;
  /** The model asked for, if any. */
  model?: string | undefined;
  /** The key sent, if any: never repeated in a message, even if the provider echoed it. */
  apiKey?: string | undefined;
  /** How long the call was given (ms). */
  timeoutMs: number;
}

/**
 * Why a provider call failed, in words an admin acts on: "The key was refused (401)", "Nothing
 * answers at http://127.0.0.1:11434/v1", "Model x not found (404)". Pure.
 */
export function plainWords(err: unknown, call: CallContext): { message: string; status?: number } {
  const status = err instanceof ProviderError ? err.status : undefined;
  const said = (message: string) => ({
    message: scrub(message, call.apiKey),
    ...(status === undefined ? {} : { status }),
  });
  if (err instanceof ProviderError) {
    if (err.kind === 'auth')
      return said(
        status === undefined
          ? 'The key was refused'
          : `The key was refused (${status})${status === 403 ? ': it may lack access to this model' : ''}`,
      );
    if (status === 404)
      return said(
        call.model
          ? `Model ${call.model} not found (404) at ${call.baseUrl}`
          : `Nothing to ask at ${call.baseUrl} (404): is the address right?`,
      );
    if (status === 429) return said('The provider is limiting this key (429): try again later');
    if (status !== undefined && status >= 500) return said(`The provider failed (${status})`);
    if (status !== undefined)
      return said(`The provider refused the request (${status}): ${detailOf(err.message)}`);
    if (err.kind === 'network') return said(`Nothing answers at ${call.baseUrl}`);
    if (err.kind === 'timeout') return said(noAnswer(call));
    if (err.kind === 'protocol')
      return said(
        `${call.baseUrl} answered, but not as the provider would: ${detailOf(err.message)}`,
      );
  }
  if (isAbortError(err)) return said(noAnswer(call));
  if (err instanceof TypeError) return said(`Nothing answers at ${call.baseUrl}`);
  return said(`The call failed: ${err instanceof Error ? err.message : String(err)}`);
}

const noAnswer = (call: CallContext) =>
  `No answer from ${call.baseUrl} within ${Math.round(call.timeoutMs / 1000)} s`;

/** A ProviderError's message without its `provider: ` prefix, shortened. */
function detailOf(message: string): string {
  const bare = message.replace(/^[^:]+: /, '');
  return bare.length > 160 ? `${bare.slice(0, 160)}…` : bare;
}

function scrub(message: string, key: string | undefined): string {
  return key ? message.split(key).join('…') : message;
}
