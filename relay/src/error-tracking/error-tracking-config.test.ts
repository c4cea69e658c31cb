import { describe, expect, it } from 'vitest';
import { loadErrorTrackingConfig } from './error-tracking-config.ts';

describe('the error-tracking settings', () => {
  it('are off by default, and with a blank DSN', () => {
    expect(loadErrorTrackingConfig({})).toEqual({
      dsn: null,
      environment: undefined,
      release: undefined,
    });
    expect(loadErrorTrackingConfig({ SENTRY_DSN: ' ' }).dsn).toBeNull();
  });

  it('read the DSN, environment and release', () => {
    expect(
      loadErrorTrackingConfig({
        SENTRY_DSN: 'https://key@o1.ingest.sentry.io/42',
        SENTRY_ENVIRONMENT: 'staging',
        SENTRY_RELEASE: 'parley@1.2.3',
      }),
    ).toEqual({
      dsn: {
        protocol: 'https:',
        publicKey: 'key',
        host: 'o1.ingest.sentry.io',
        pathPrefix: '',
        projectId: '42',
      },
      environment: 'staging',
      release: 'parley@1.2.3',
    });
  });

  it('refuse a DSN that is not one, without echoing it', () => {
    expect(() => loadErrorTrackingConfig({ SENTRY_DSN: 'https://key:hunter2@host/' })).toThrow(
      /SENTRY_DSN: must end with the numeric project id/,
    );
    expect(() => loadErrorTrackingConfig({ SENTRY_DSN: 'https://key:hunter2@host/' })).not.toThrow(
      /hunter2/,
    );
  });
});
