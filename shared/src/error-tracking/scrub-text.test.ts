import { describe, expect, it } from 'vitest';
import { REDACTED, scrubText, scrubUrl } from './scrub-text.ts';

const TICKET = 'Qm9yZWQ_of-reading-tickets-0123456789abcdefXYZ';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLWhlcmU';

describe('scrubText', () => {
  it.each([
    ['a bearer token', `Authorization: Bearer ${JWT}`, `Authorization: Bearer ${REDACTED}`],
    ['a bearer that is no JWT', 'sent Bearer abcdef.ghij', `sent Bearer ${REDACTED}`],
    ['a JWT alone', `token was ${JWT} then`, `token was ${REDACTED} then`],
    [
      'an OpenAI key',
      'Incorrect API key: sk-proj-abc123DEF456ghi789',
      `Incorrect API key: ${REDACTED}`,
    ],
    ['an Anthropic key', 'key sk-ant-api03-abcdefghijklmnop', `key ${REDACTED}`],
    ['a ticket in a query', `GET /ws?ticket=${TICKET}&x=1`, `GET /ws?ticket=${REDACTED}&x=1`],
    ['a named secret in JSON', '{"apiKey": "hunter2"}', `{"apiKey": "${REDACTED}"}`],
    ['a resume secret alone', `resume with ${'a1B2'.repeat(8)}`, `resume with ${REDACTED}`],
  ])('takes out %s', (_, text, want) => {
    expect(scrubText(text)).toBe(want);
  });

  it.each([
    'llm failed: openai: http (HTTP 500)',
    'session Ab3_dEf-9hIjKlMn turn 4',
    'TypeError: Cannot read properties of undefined (reading "samples")',
    'at relay/src/pipeline/turn_speech_somethingverylongname.ts',
  ])('leaves plain text alone: %s', (text) => {
    expect(scrubText(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = scrubText(`Bearer ${JWT} ticket=${TICKET}`);
    expect(scrubText(once)).toBe(once);
  });
});

describe('scrubUrl', () => {
  it('redacts secret query values, keeps the others, drops the fragment', () => {
    expect(
      scrubUrl(`https://chat.example.com/?codec=opus&ticket=${TICKET}&access_token=x#id_token=y`),
    ).toBe(`https://chat.example.com/?codec=opus&ticket=${REDACTED}&access_token=${REDACTED}`);
  });

  it('redacts what a sign-in leaves in the URL', () => {
    expect(scrubUrl('/callback?code=abc&state=def&api_key=1&Sig=2')).toBe(
      `/callback?code=${REDACTED}&state=${REDACTED}&api_key=${REDACTED}&Sig=${REDACTED}`,
    );
  });

  it('leaves a URL without a query as it is', () => {
    expect(scrubUrl('http://127.0.0.1:8787/assets/index-iqAMk0NT.js')).toBe(
      'http://127.0.0.1:8787/assets/index-iqAMk0NT.js',
    );
  });
});
