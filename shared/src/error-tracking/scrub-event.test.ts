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

  it('passes a minimal event through', () => {
    expect(scrubEvent({ message: 'boom' })).toEqual({ message: 'boom' });
  });
});
