import { apiPathFix } from '@parley/shared';
import { isAbortError } from '../errors.ts';
import { ProviderError } from '../providers/net/provider-error.ts';
import { scrubSecrets } from '../secrets/secret-scrub.ts';

/** What a failed call to a provider was about, for the words that explain it. */
export interface CallContext {
  /** Where the call went (the server's base URL, as the admin gave it). */
  baseUrl: string;
  /** The model asked for, if any. */
  model?: string | undefined;
  /** The key sent, if any: never repeated in a message. */
  apiKey?: string | undefined;
  /** How long the call was given (ms). */
  timeoutMs: number;
  /** The server speaks OpenAI's API, whose address usually ends in `/v1`. */
  openAiCompatible?: boolean;
}

/**
 * Why a provider call failed, in words an admin acts on: "The key was refused (401)", "Nothing
 * answers at http://127.0.0.1:11434/v1", "Model x not found (404)", "The address looks wrong:
 * … try http://127.0.0.1:11434/v1". Our own words, keyed by the
 * kind of failure and the status class, never the provider's: what a server answered (an
 * internal service's body, a key it echoed) goes to the log, scrubbed, not to the caller. Pure.
 */
export function plainWords(err: unknown, call: CallContext): { message: string; status?: number } {
  const status = err instanceof ProviderError ? err.status : undefined;
  // The whole message is scrubbed (nothing of it is cut): the address and model are the admin's.
  const said = (message: string) => ({
    message: scrubSecrets(message, call.apiKey === undefined ? [] : [call.apiKey]),
    ...(status === undefined ? {} : { status }),
  });
  if (err instanceof ProviderError) {
    if (err.kind === 'auth')
      return said(
        status === undefined
          ? 'The key was refused'
          : `The key was refused (${status})${status === 403 ? ': it may lack access to this model' : ''}`,
      );
    if (status !== undefined) return said(httpWords(status, call));
    if (err.kind === 'network') return said(`Nothing answers at ${call.baseUrl}`);
    if (err.kind === 'timeout') return said(noAnswer(call));
    // A protocol error's reason is the relay's own words ("the model list has an unexpected
    // shape"); what the provider sent is in its excerpt, which stays in the log.
    return said(`${call.baseUrl} answered, but not as the provider would: ${err.reason}`);
  }
  if (isAbortError(err)) return said(noAnswer(call));
  if (err instanceof TypeError) return said(`Nothing answers at ${call.baseUrl}`);
  return said('The call failed on the relay: its log says why');
}

/** An HTTP status's plain words, by class (the provider's body is never quoted). */
function httpWords(status: number, call: CallContext): string {
  if (status >= 300 && status < 400)
    return `The server at ${call.baseUrl} sends requests elsewhere (${status}): redirects are not followed, so that the key goes only where you said — give the address it moved to (the relay's log names it)`;
  if (status === 404) {
    // A 404 at an address without /v1 is the address, not the model: an OpenAI-compatible
    // server's root answers 404 to /models and /chat/completions alike.
    const fix = call.openAiCompatible ? apiPathFix(call.baseUrl) : null;
    if (fix)
      return `The address looks wrong: OpenAI-compatible servers usually end in /v1 — try ${fix}`;
    return call.model
      ? `Model ${call.model} not found (404) at ${call.baseUrl}`
      : `Nothing to ask at ${call.baseUrl} (404): is the address right?`;
  }
  if (status === 429) return 'The provider is limiting this key (429): try again later';
  if (status >= 500) return `The provider failed (${status})`;
  if (status >= 400)
    return `The server answered ${status} (client error): the address, model or key may not be what it expects`;
  return `The server answered ${status}, which is not an answer this provider gives`;
}

const noAnswer = (call: CallContext) =>
  `No answer from ${call.baseUrl} within ${Math.round(call.timeoutMs / 1000)} s`;
