import { describe, expect, it } from 'vitest';
import {
  CREDENTIALS_IN_ADDRESS,
  providerEntryInput,
  urlHasCredentials,
} from './assistant-settings.ts';

describe('a provider entry’s address', () => {
  it('is refused with a user name or password in it, with the reason in plain words', () => {
    for (const baseUrl of ['http://user:pw@127.0.0.1:8000/v1', 'https://token@api.example.com']) {
      const parsed = providerEntryInput.safeParse({
        id: 'local',
        kind: 'openai-compatible',
        baseUrl,
      });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toEqual([CREDENTIALS_IN_ADDRESS]);
    }
  });

  it('is taken without', () => {
    const baseUrl = 'http://127.0.0.1:8000/v1?user=x@y';
    expect(providerEntryInput.parse({ id: 'local', kind: 'openai-compatible', baseUrl })).toEqual({
      id: 'local',
      kind: 'openai-compatible',
      baseUrl,
    });
  });
});

describe('urlHasCredentials', () => {
  it('finds user info in a URL, parsed or not', () => {
    expect(urlHasCredentials('https://a:b@host/')).toBe(true);
    expect(urlHasCredentials('wss://key@api.deepgram.com')).toBe(true);
    expect(urlHasCredentials('http://a:b@[bad')).toBe(true);
    expect(urlHasCredentials('https://host/path@x')).toBe(false);
  });
});
