import { describe, expect, it } from 'vitest';
import { envelopeUrl, parseDsn, publicDsn, sameProject, type SentryDsn } from './dsn.ts';

function dsn(text: string): SentryDsn {
  const parsed = parseDsn(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

describe('a Sentry DSN', () => {
  it('says where envelopes go', () => {
    const d = dsn('https://abc123@o42.ingest.sentry.io/4507');
    expect(envelopeUrl(d)).toBe(
      'https://o42.ingest.sentry.io/api/4507/envelope/?sentry_version=7&sentry_key=abc123',
    );
    expect(publicDsn(d)).toBe('https://abc123@o42.ingest.sentry.io/4507');
  });

  it('keeps a self-hosted prefix and port, and never shows a legacy secret key', () => {
    const d = dsn('http://public:verysecret@127.0.0.1:9000/sentry/7');
    expect(envelopeUrl(d)).toBe(
      'http://127.0.0.1:9000/sentry/api/7/envelope/?sentry_version=7&sentry_key=public',
    );
    expect(publicDsn(d)).toBe('http://public@127.0.0.1:9000/sentry/7');
    expect(publicDsn(d)).not.toContain('verysecret');
  });

  it.each([
    ['not a URL', 'sentry'],
    ['no key', 'https://o42.ingest.sentry.io/4507'],
    ['no project', 'https://abc@o42.ingest.sentry.io/'],
    ['another scheme', 'ftp://abc@host/1'],
    ['a query', 'https://abc@host/1?x=1'],
  ])('is refused with %s', (_, text) => {
    expect(parseDsn(text)).toHaveProperty('error');
  });

  it('is the same project only with the same key, host and id', () => {
    const d = dsn('https://k@h/1');
    expect(sameProject(d, dsn('https://k:secret@h/1'))).toBe(true);
    expect(sameProject(d, dsn('https://other@h/1'))).toBe(false);
    expect(sameProject(d, dsn('https://k@h/2'))).toBe(false);
    expect(sameProject(d, dsn('https://k@evil.example/1'))).toBe(false);
  });
});
