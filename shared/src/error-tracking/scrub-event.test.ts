import { describe, expect, it } from 'vitest';
import { scrubEvent, type TrackedEvent } from './scrub-event.ts';
import { REDACTED } from './scrub-text.ts';

const TICKET = 'Qm9yZWQ_of-reading-tickets-0123456789abcdefXYZ';
const TRANSCRIPT = 'my bank password is swordfish';

/** An event as an SDK builds it from a failed request in a call, with everything it might hold. */
function fullEvent(): TrackedEvent & { event_id: string; level: string } {
  return {
    event_id: 'abc',
    level: 'error',
    message: `failed with ticket=${TICKET}`,
    logentry: { message: 'user said %s', params: [TRANSCRIPT] },
    transaction: `/ws?ticket=${TICKET}`,
    exception: {
      values: [
        {
          type: 'Error',
          value: 'sk-proj-abcdefghijklmnop rejected',
          mechanism: { type: 'onerror', handled: false, data: { arg: TRANSCRIPT } },
          stacktrace: {
            frames: [
              {
                filename: `http://chat.example.com/assets/index.js?token=${TICKET}`,
                abs_path: '/app/relay/dist/main.js',
                vars: { text: TRANSCRIPT },
              },
            ],
          },
        },
      ],
    },
    request: {
      url: `http://chat.example.com/?codec=opus&ticket=${TICKET}`,
      method: 'POST',
      headers: {
        Authorization: 'Bearer abc',
        Cookie: 'sid=1',
        'User-Agent': 'Chromium',
        Referer: `http://chat.example.com/?token=${TICKET}`,
        'X-Api-Key': 'sk-1',
      },
      data: { text: TRANSCRIPT },
      query_string: `ticket=${TICKET}`,
      cookies: { sid: '1' },
      env: { OPENAI_API_KEY: 'sk-1' },
    },
    tags: {
      sessionId: 'Ab3_dEf-9hIjKlMn',
      turnId: 4,
      apiKey: 'sk-1',
      note: `Bearer ${TICKET}`,
      weird: { nested: TRANSCRIPT },
    },
    contexts: {
      os: { name: 'Linux' },
      turn: { sessionId: 'Ab3_dEf-9hIjKlMn', turnId: 4 },
      state: { transcript: TRANSCRIPT },
      response: { body: TRANSCRIPT },
    },
    extra: { transcript: TRANSCRIPT },
    breadcrumbs: [{ message: TRANSCRIPT }],
    user: { ip_address: '10.0.0.1', email: 'a@b.c' },
    modules: { pino: '10.4.0' },
    threads: { values: [] },
    spans: [],
  };
}

describe('scrubEvent', () => {
  it('keeps what identifies the error and its session, and nothing private', () => {
    const scrubbed = scrubEvent(fullEvent());
    expect(scrubbed).toEqual({
      event_id: 'abc',
      level: 'error',
      message: `failed with ticket=${REDACTED}`,
      logentry: { message: 'user said %s' },
      transaction: `/ws?ticket=${REDACTED}`,
      exception: {
        values: [
          {
            type: 'Error',
            value: `${REDACTED} rejected`,
            mechanism: { type: 'onerror', handled: false },
            stacktrace: {
              frames: [
                {
                  filename: `http://chat.example.com/assets/index.js?token=${REDACTED}`,
                  abs_path: '/app/relay/dist/main.js',
                },
              ],
            },
          },
        ],
      },
      request: {
        url: `http://chat.example.com/?codec=opus&ticket=${REDACTED}`,
        method: 'POST',
        headers: {
          'user-agent': 'Chromium',
          referer: `http://chat.example.com/?token=${REDACTED}`,
        },
      },
      tags: { sessionId: 'Ab3_dEf-9hIjKlMn', turnId: 4, note: `Bearer ${REDACTED}` },
      contexts: { os: { name: 'Linux' }, turn: { sessionId: 'Ab3_dEf-9hIjKlMn', turnId: 4 } },
    });
    const text = JSON.stringify(scrubbed);
    for (const secret of [TICKET, TRANSCRIPT, 'sk-1', 'sid=1', 'Bearer abc', '10.0.0.1'])
      expect(text).not.toContain(secret);
  });

  it('does not change the event it is given', () => {
    const event = fullEvent();
    scrubEvent(event);
    expect(event).toEqual(fullEvent());
  });

  // Issue 44, item 9a: what a user typed (a card number, an e-mail address, a phone number)
  // reached Sentry in an error's text.
  it('takes personal data out of every text left in the event', () => {
    const CARD = '4111 1111 1111 1111';
    const EMAIL = 'ada.lovelace@example.com';
    const PHONE = '+44 20 7946 0958';
    const said = `card ${CARD}, mail ${EMAIL}, call ${PHONE}`;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const event: TrackedEvent = {
      message: said,
      logentry: { message: said, params: [said] },
      transaction: `/ws?email=${EMAIL}`,
      exception: { values: [{ type: `Error ${EMAIL}`, value: `sending "${said}" failed` }] },
      request: { url: `http://chat.example.com/?to=${EMAIL}` },
      tags: { note: said },
      contexts: {
        trace: { trace_id: traceId, span_id: 'a3ce929d0e0e4736', data: { text: said } },
        app: { name: said, nested: [{ deep: said }] },
        turn: { sessionId: 'Ab3_dEf-9hIjKlMn', turnId: 4 },
      },
      breadcrumbs: [{ message: said }],
    };
    const scrubbed = scrubEvent(event);
    const text = JSON.stringify(scrubbed);
    for (const personal of [CARD, '4111', EMAIL, 'lovelace', PHONE, '7946'])
      expect(text).not.toContain(personal);
    const plain = `card ${REDACTED}, mail ${REDACTED}, call ${REDACTED}`;
    expect(scrubbed.message).toBe(plain);
    expect(scrubbed.exception?.values?.[0]).toEqual({
      type: `Error ${REDACTED}`,
      value: `sending "${plain}" failed`,
    });
    expect(scrubbed.tags).toEqual({ note: plain });
    expect(scrubbed.contexts).toEqual({
      trace: { trace_id: traceId, span_id: 'a3ce929d0e0e4736', data: { text: plain } },
      app: { name: plain, nested: [{ deep: plain }] },
      turn: { sessionId: 'Ab3_dEf-9hIjKlMn', turnId: 4 },
    });
    expect(scrubbed).not.toHaveProperty('breadcrumbs');
  });

  it('passes a minimal event through', () => {
    expect(scrubEvent({ message: 'boom' })).toEqual({ message: 'boom' });
  });
});
