import { RelayError } from '../errors.ts';
import { ProviderError } from '../providers/net/provider-error.ts';
import { NoProviderError } from '../providers/resilience/no-provider-error.ts';

/** What is reported of an error: the error to send, and tags that classify it. */
export interface TrackedError {
  error: Error;
  tags: Record<string, string | number>;
}

/**
 * `err` as error tracking may see it. A provider's message quotes the start of its answer's body
 * (which may repeat what the user said or what the model replied), so a provider failure is
 * reported by its provider, kind and HTTP status only, with its own stack; a stage with no
 * provider left by the providers it tried. A {@link RelayError}'s message is the relay's own;
 * its cause is reported the same way. Anything else that is not an `Error` becomes one.
 */
export function trackedError(err: unknown): TrackedError {
  if (err instanceof ProviderError) {
    const status = err.status === undefined ? '' : ` (HTTP ${err.status})`;
    return {
      error: restated(err, `${err.providerId}: ${err.kind}${status}`),
      tags: {
        provider: err.providerId,
        failure: err.kind,
        ...(err.status === undefined ? {} : { httpStatus: err.status }),
      },
    };
  }
  if (err instanceof NoProviderError) {
    const tried = err.attempts.map((a) => a.providerId).join(', ') || 'none configured';
    return {
      error: restated(err, `No ${err.stage} provider could serve the request (tried: ${tried})`),
      tags: { stage: err.stage },
    };
  }
  if (err instanceof RelayError) {
    const cause = err.cause === undefined ? undefined : trackedError(err.cause);
    const error = restated(err, err.message, cause?.error);
    return { error, tags: { code: err.code, ...cause?.tags } };
  }
  if (err instanceof Error) return { error: err, tags: {} };
  return { error: new Error(`Non-error thrown: ${typeof err}`), tags: {} };
}

/** An error of `err`'s name and stack frames saying `message` instead (and caused by `cause`). */
function restated(err: Error, message: string, cause?: Error): Error {
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = err.name;
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  error.stack = [`${err.name}: ${message}`, ...frames].join('\n');
  return error;
}
