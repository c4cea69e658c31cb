import { describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_SERVICES, isAllowedEndpoint, parsePushServices } from './push-services.ts';

describe('the push services the relay sends to', () => {
  const defaults = parsePushServices(DEFAULT_PUSH_SERVICES);

  it("take the browsers' own push services", () => {
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc:def',
      'https://updates.push.services.mozilla.com/wpush/v2/gAAAA',
      'https://wns2-by3p.notify.windows.com/w/?token=BQYAAA',
      'https://web.push.apple.com/QGuQyavXutnMH',
    ])
      expect(isAllowedEndpoint(endpoint, defaults)).toBe(true);
  });

  it('refuse anything else: another host, a look-alike, plain http, another port, credentials', () => {
    for (const endpoint of [
      'http://127.0.0.1:6379/',
      'https://169.254.169.254/latest/meta-data',
      'https://fcm.googleapis.com.evil.example/send',
      'https://evilfcm.googleapis.com/send',
      'http://fcm.googleapis.com/fcm/send/abc',
      'https://fcm.googleapis.com:8443/fcm/send/abc',
      'https://user:pw@fcm.googleapis.com/fcm/send/abc',
      // A wildcard is for subdomains, not the bare domain.
      'https://push.apple.com/x',
      'not a url',
    ])
      expect(isAllowedEndpoint(endpoint, defaults), endpoint).toBe(false);
  });

  it('take an operator’s own, port included (a push service on loopback for tests)', () => {
    const own = parsePushServices(['http://127.0.0.1:8099']);
    expect(isAllowedEndpoint('http://127.0.0.1:8099/push/1', own)).toBe(true);
    expect(isAllowedEndpoint('http://127.0.0.1:8098/push/1', own)).toBe(false);
  });

  it('name an entry that is no origin', () => {
    expect(() => parsePushServices(['https://fcm.googleapis.com/fcm'])).toThrow(/not an origin/);
    expect(() => parsePushServices(['ftp://x.example'])).toThrow(/not an origin/);
    expect(() => parsePushServices(['fcm.googleapis.com'])).toThrow(/not an origin/);
  });
});
