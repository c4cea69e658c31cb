import { describe, expect, it } from 'vitest';
import { isPageNavigation } from './page-fallback.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('isPageNavigation', () => {
  it('is a browser navigating to an app route', () => {
    for (const path of ['/', '/ops', '/ops/', '/conversations/42', '/performance/summary'])
      expect(isPageNavigation('GET', path, BROWSER), path).toBe(true);
    expect(isPageNavigation('HEAD', '/', BROWSER)).toBe(true);
  });

  it('is not a data path, whatever the request accepts', () => {
    for (const path of [
      '/api',
      '/api/anything',
      '/ws',
      '/ws/logs',
      '/health',
      '/health/detailed',
      '/healthz',
      '/ready/now',
      '/metrics/summary',
      '/ops/anything',
    ])
      expect(isPageNavigation('GET', path, BROWSER), path).toBe(false);
  });

  it('is not a file, another method, or a client that does not want HTML', () => {
    expect(isPageNavigation('GET', '/missing.js', BROWSER)).toBe(false);
    expect(isPageNavigation('GET', '/icons/x.png', BROWSER)).toBe(false);
    expect(isPageNavigation('POST', '/', BROWSER)).toBe(false);
    expect(isPageNavigation('GET', '/performance/summary', '*/*')).toBe(false);
    expect(isPageNavigation('GET', '/performance/summary', 'application/json')).toBe(false);
    expect(isPageNavigation('GET', '/performance/summary', undefined)).toBe(false);
  });
});
