import { describe, expect, it } from 'vitest';
import { RelayError } from '../errors.ts';
import { ProviderError } from '../providers/net/provider-error.ts';
import { NoProviderError } from '../providers/resilience/no-provider-error.ts';
import { trackedError } from './tracked-error.ts';

const SAID = 'my card number is 4111 1111';

describe('an error as error tracking sees it', () => {
  it('names a provider failure by provider, kind and status, without its body', () => {
    const err = new ProviderError('openai', 'http', `HTTP 400: {"error":"${SAID}"}`, {
      status: 400,
    });
    const { error, tags } = trackedError(err);
    expect(error.name).toBe('ProviderError');
    expect(error.message).toBe('openai: http (HTTP 400)');
    expect(error.stack).not.toContain(SAID);
    // Its frames are the original's.
    expect(error.stack?.split('\n').slice(1)).toEqual(
      err.stack?.split('\n').filter((l) => /^\s+at /.test(l)),
    );
    expect(tags).toEqual({ provider: 'openai', failure: 'http', httpStatus: 400 });
  });

  it('names a stage without providers by those it tried', () => {
    const err = new NoProviderError('llm', [
      { providerId: 'openai', error: `openai: malformed chunk: ${SAID}` },
      { providerId: 'anthropic', error: 'anthropic: timeout' },
    ]);
    const { error, tags } = trackedError(err);
    expect(error.message).toBe(
      'No llm provider could serve the request (tried: openai, anthropic)',
    );
    expect(JSON.stringify(error.stack)).not.toContain(SAID);
    expect(tags).toEqual({ stage: 'llm' });
  });

  it("keeps the relay's own message, and reports its cause the same way", () => {
    const cause = new ProviderError('deepgram', 'network', `reset while sending ${SAID}`);
    const { error, tags } = trackedError(RelayError.providerFailed('asr', 3, cause));
    expect(error.name).toBe('RelayError');
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe('deepgram: network');
    expect(tags).toEqual({ code: 'asr-failed', provider: 'deepgram', failure: 'network' });
  });

  it('passes our own bugs through as they are', () => {
    const bug = new TypeError('Cannot read properties of undefined');
    expect(trackedError(bug)).toEqual({ error: bug, tags: {} });
    expect(trackedError('a string').error.message).toBe('Non-error thrown: string');
  });
});
