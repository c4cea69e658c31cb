import { describe, expect, it } from 'vitest';
import { REDACTED } from '@parley/shared';
import { asProviderError, MAX_ERROR_BODY, ProviderError } from './provider-error.ts';

const KEY = 'parley-plain-secret-value';

describe('ProviderError', () => {
  it('keeps the relay’s words apart from the provider’s, both scrubbed of the key sent', () => {
    const err = new ProviderError('openai:m', 'http', 'HTTP 400', {
      status: 400,
      excerpt: `{"error": "Invalid key provided: ${KEY}"}`,
      secrets: [KEY],
    });
    expect(err.reason).toBe('HTTP 400');
    expect(err.excerpt).toBe(`{"error": "Invalid key provided: ${REDACTED}"}`);
    expect(err.message).toBe(`openai:m: HTTP 400: ${err.excerpt}`);
    expect(err.status).toBe(400);
  });

  it('scrubs the excerpt before cutting it: a key across the cut leaves no part behind', () => {
    const padding = 'x'.repeat(MAX_ERROR_BODY - 6);
    const err = new ProviderError('p', 'http', 'HTTP 400', {
      excerpt: `${padding} ${KEY} and more`,
      secrets: [KEY],
    });
    expect(err.message).not.toContain(KEY.slice(0, 5));
    expect(err.excerpt.length).toBeLessThanOrEqual(MAX_ERROR_BODY + 1);
  });

  it('holds no secret in any field a logger would print', () => {
    const err = new ProviderError('p', 'auth', `refused ${KEY}`, {
      status: 401,
      excerpt: KEY,
      secrets: [KEY],
    });
    const printed = JSON.stringify(err, Object.getOwnPropertyNames(err));
    expect(printed).not.toContain(KEY);
  });
});

describe('asProviderError', () => {
  it('says why a fetch failed without the URL credentials undici quotes, and keeps no cause', async () => {
    const thrown = await fetch('http://someone:url-password-1@127.0.0.1:9/v1').catch(
      (e: unknown) => e,
    );
    const err = asProviderError('p', thrown);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toMatch(/credentials/);
    expect(err.message).not.toContain('url-password-1');
    expect(err.stack).not.toContain('url-password-1');
    expect(err.cause).toBeUndefined();
  });

  it('leaves aborts as they are', () => {
    const abort = new DOMException('stop', 'AbortError');
    expect(asProviderError('p', abort)).toBe(abort);
  });
});
