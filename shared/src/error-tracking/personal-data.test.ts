import { describe, expect, it } from 'vitest';
import { luhnValid, REDACTED, scrubPersonalData } from './personal-data.ts';

describe('scrubPersonalData', () => {
  it.each([
    ['a card number', 'my card is 4111111111111111 ok', `my card is ${REDACTED} ok`],
    ['a card in groups of four', 'card 4111 1111 1111 1111, exp', `card ${REDACTED}, exp`],
    ['a card with dashes', 'pay with 5500-0000-0000-0004.', `pay with ${REDACTED}.`],
    ['an Amex card', 'amex 3782 822463 10005', `amex ${REDACTED}`],
    ['a 19-digit card', 'card 6011 0009 9013 9424 123 ok', `card ${REDACTED} 123 ok`],
    ['a card followed by its code', '4242 4242 4242 4242 123', `${REDACTED} 123`],
    ['a card after another number', 'order 12 4111 1111 1111 1111', `order 12 ${REDACTED}`],
    ['a card quoted in JSON', '{"text":"4111111111111111"}', `{"text":"${REDACTED}"}`],
    [
      'an e-mail address',
      'write to ada.lovelace+chat@example.co.uk now',
      `write to ${REDACTED} now`,
    ],
    ['an e-mail address in a URL', 'https://ada@example.com/x', `https://${REDACTED}/x`],
    ['an international number', 'call +44 20 7946 0958 today', `call ${REDACTED} today`],
    ['an international number, dashed', 'call +1-415-555-2671.', `call ${REDACTED}.`],
    ['an international number with an area code', 'at +1 (415) 555-2671', `at ${REDACTED}`],
    ['a North American number', 'ring 415-555-2671 please', `ring ${REDACTED} please`],
    ['a North American number with dots', 'ring 415.555.2671', `ring ${REDACTED}`],
    ['a North American number in parentheses', 'ring (415) 555-2671', `ring ${REDACTED}`],
    ['a national number', 'mobile 07946 095893', `mobile ${REDACTED}`],
    ['a national number in pairs', 'portable 06 12 34 56 78', `portable ${REDACTED}`],
    ['a national number, a date after it', 'tel 020 7946 0958 2026', `tel ${REDACTED} 2026`],
  ])('takes out %s', (_, text, want) => {
    expect(scrubPersonalData(text)).toBe(want);
  });

  it.each([
    ['a card number failing Luhn', 'ref 4111111111111112'],
    ['an epoch-ms time, even a Luhn-valid one', 'at 1763890200002 and 1763890200000'],
    ['a short number', 'took 1234 ms, 56 turns, 7 of 30'],
    ['a date and a time', '2026-11-23T09:30:00.000Z and 2026-11-23 09:30'],
    ['an IP address and a port', '127.0.0.1:8787 and 192.168.100.200'],
    ['a version', 'node v20.20.2, chrome 131.0.6778.85, os 10.0.19045.1234'],
    ['a decimal', 'ratio 0.123456789012 and +100.5'],
    ['an npm scope and a release', '@parley/shared parley@1.2.3 node_modules/@sentry/node'],
    ['a session id and a hex id', 'session Ab3_dEf-9hIjKlMn id 4bf92f3577b34da6a3ce929d0e0e4736'],
    ['a Firefox stack line', 'handler@https://chat.example.com/assets/index.js:1:2'],
    ['a sum', 'what is 1234 5678 plus 9012'],
  ])('leaves %s alone', (_, text) => {
    expect(scrubPersonalData(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = scrubPersonalData('4111 1111 1111 1111 ada@example.com +44 20 7946 0958');
    expect(once).toBe(`${REDACTED} ${REDACTED} ${REDACTED}`);
    expect(scrubPersonalData(once)).toBe(once);
  });

  it('takes time in proportion to the text, however it is made', () => {
    for (const unit of ['1 ', 'a', 'a.', '+1 ', '0 ', 'a@b', '4111-'])
      expect(scrubPersonalData(unit.repeat(100_000)).length).toBeGreaterThan(0);
  });
});

describe('luhnValid', () => {
  it.each([
    ['4111111111111111', true],
    ['378282246310005', true],
    ['4111111111111112', false],
    ['0', true],
  ])('%s: %s', (digits, valid) => {
    expect(luhnValid(digits)).toBe(valid);
  });
});
