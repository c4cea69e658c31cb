import { describe, expect, it } from 'vitest';
import { REDACTED } from '@parley/shared';
import { scrubSecrets, secretsSent } from './secret-scrub.ts';

/** A key no key-shaped pattern would catch: only its exact value can take it out. */
const PLAIN_KEY = 'parley-plain-secret-value';

describe('secretsSent', () => {
  it('takes the key of every credential header, with or without its scheme', () => {
    const secrets = secretsSent('https://api.example.com/v1/chat', {
      Authorization: `Bearer ${PLAIN_KEY}`,
      'x-api-key': 'anthropic-key',
      'xi-api-key': 'elevenlabs-key',
      'api-key': 'azure-key',
      'Content-Type': 'application/json',
      'anthropic-version': '2023-06-01',
    });
    expect(secrets).toEqual(
      expect.arrayContaining([
        `Bearer ${PLAIN_KEY}`,
        PLAIN_KEY,
        'anthropic-key',
        'elevenlabs-key',
        'azure-key',
      ]),
    );
    expect(secrets).not.toContain('application/json');
    expect(secrets).not.toContain('2023-06-01');
  });

  it("takes Deepgram's Token, a Basic pair decoded, URL credentials and secret query values", () => {
    expect(
      secretsSent('wss://x/v1/listen?model=nova-3', { Authorization: 'Token dg-key' }),
    ).toEqual(expect.arrayContaining(['dg-key']));
    const basic = Buffer.from('someone:hunter2-pass').toString('base64');
    expect(secretsSent('https://x/', { Authorization: `Basic ${basic}` })).toEqual(
      expect.arrayContaining(['someone', 'hunter2-pass']),
    );
    const fromUrl = secretsSent('https://user:pw-in-url@host/v1?key=q-key&model=m&access_token=t');
    expect(fromUrl).toEqual(expect.arrayContaining(['user', 'pw-in-url', 'q-key', 't']));
    expect(fromUrl).not.toContain('m');
  });
});

describe('scrubSecrets', () => {
  it('removes the values sent, as sent and URL-encoded', () => {
    const key = 'plain key/with+signs';
    const text = `got ${key} and ${encodeURIComponent(key)}`;
    expect(scrubSecrets(text, [key])).toBe(`got ${REDACTED} and ${REDACTED}`);
  });

  it.each([
    ['a quoted Authorization header', `Invalid key provided: Bearer ${PLAIN_KEY}`],
    ['an OpenAI-style key alone', 'Incorrect API key: sk-proj-abc123DEF456ghi789'],
    ['an Anthropic key', 'key sk-ant-api03-abcdefghijklmnop refused'],
    ['URL credentials', 'could not reach http://admin:s3cret-pw@10.0.0.5:8080/v1'],
    ['a key in a query', 'redirected to https://other.example/v1?key=query-secret&x=1'],
    ['a named key in JSON', '{"x-api-key": "named-secret-value"}'],
    ["Deepgram's Token", 'Authorization: Token 0123456789abcdef0123456789abcdef01234567'],
  ])('removes %s without being told the value', (_, text) => {
    const scrubbed = scrubSecrets(text);
    expect(scrubbed).toContain(REDACTED);
    for (const secret of [
      PLAIN_KEY,
      'sk-proj-abc123DEF456ghi789',
      'sk-ant-api03-abcdefghijklmnop',
      's3cret-pw',
      'query-secret',
      'named-secret-value',
      '0123456789abcdef0123456789abcdef01234567',
    ])
      expect(scrubbed).not.toContain(secret);
  });

  it('keeps what an operator needs: model names, request ids, addresses, statuses', () => {
    const text =
      'model claude-3-5-sonnet-20241022 not found (request req_011CQ4dLJx8Z7Ya2ttNvXyZ3) at https://api.anthropic.com/v1/messages?beta=true: Token limit reached';
    expect(scrubSecrets(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = scrubSecrets(`Bearer ${PLAIN_KEY} http://u:p@h/?token=t sk-abcdefghijkl`, [
      PLAIN_KEY,
    ]);
    expect(scrubSecrets(once, [PLAIN_KEY])).toBe(once);
  });
});
