import { describe, expect, it } from 'vitest';
import { intlFor } from '../i18n/intl.ts';
import { browserKind, micBlockedText as blockedIn } from './mic-blocked-text.ts';

const micBlockedText = blockedIn.bind(null, intlFor('en'));

const UA = {
  chrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
  firefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  chromeIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  samsung:
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
};

describe('browserKind', () => {
  it.each([
    [UA.chrome, 0, 'chrome'],
    [UA.edge, 0, 'edge'],
    [UA.firefox, 0, 'firefox'],
    [UA.safariMac, 0, 'safari-mac'],
    // iPadOS presents itself as a Mac; only its touch points tell.
    [UA.safariMac, 5, 'safari-ios'],
    [UA.iphone, 5, 'safari-ios'],
    [UA.chromeIos, 5, 'ios-other'],
    [UA.android, 5, 'android-chrome'],
    [UA.samsung, 5, 'other'],
    ['curl/8.0', 0, 'other'],
  ] as const)('%s (%i touch points) is %s', (ua, touch, kind) => {
    expect(browserKind(ua, touch)).toBe(kind);
  });
});

describe('micBlockedText', () => {
  it('says where to allow the microphone in the browser in use, then to try again', () => {
    const chrome = micBlockedText('denied', 'chrome');
    expect(chrome.title).toMatch(/blocked for this site\. You can type below\./);
    expect(chrome.steps.at(-1)).toBe('Then press Try again.');
    expect(chrome.steps.join(' ')).toMatch(/address bar/);
    expect(micBlockedText('denied', 'safari-mac').steps[0]).toMatch(/Safari → Settings/);
    expect(micBlockedText('denied', 'safari-ios').steps[0]).toMatch(/aA/);
    expect(micBlockedText('denied', 'android-chrome').steps.join(' ')).toMatch(/Apps → Chrome/);
  });

  it('asks for a device when none is found, and for it to be freed when busy', () => {
    expect(micBlockedText('missing', 'chrome').title).toMatch(/No microphone was found/);
    expect(micBlockedText('busy', 'firefox').steps[0]).toMatch(/Close the other app/);
  });
});
