import type { ClientMessage } from '@parley/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from './call/voice-call.test-kit.ts';
import { createParleyCallAt } from './parley-call.ts';
import type { ParleyCallEvents, ParleyCallOptions } from './parley-call-types.ts';

// createParleyCall as a page uses it, entered at its seam: the browser's parts faked as the
// call's own tests fake them (voice-call.test-kit.ts), everything else the package's own.

type Heard = { [E in keyof ParleyCallEvents]: [E, ParleyCallEvents[E]] }[keyof ParleyCallEvents];

const ALL: (keyof ParleyCallEvents)[] = [
  'state',
  'connection',
  'partial',
  'transcript',
  'reply',
  'turn',
  'tool',
  'error',
  'latency',
  'level',
  'mic',
  'controls',
  'session',
  'message',
];

function page(options: Partial<ParleyCallOptions> = {}, tab?: Map<string, string>) {
  const browser = fakeBrowser(
    tab && {
      getItem: (k) => tab.get(k) ?? null,
      setItem: (k, v) => void tab.set(k, v),
      removeItem: (k) => void tab.delete(k),
    },
  );
  const tickets: AbortSignal[] = [];
  const listenerErrors: unknown[] = [];
  const call = createParleyCallAt(
    {
      relayUrl: 'https://relay.example',
      getTicket: (signal) => {
        tickets.push(signal);
        return Promise.resolve('ticket-1-xxxxxxxxxxxxxxxx');
      },
      ...options,
    },
    {
      browser: browser.parts,
      vad: { load: browser.loadVad, warm: browser.loadVad },
      reportListenerError: (err) => listenerErrors.push(err),
    },
  );
  const heard: Heard[] = [];
  for (const event of ALL) call.on(event, (e) => heard.push([event, e] as Heard));
  const sent = (): ClientMessage[] => browser.sockets.flatMap((s) => s.json());
  return { ...browser, call, heard, tickets, listenerErrors, sent };
}

describe('createParleyCall', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('opens a typed conversation with the relay at relayUrl, with a ticket, as @parley/client', async () => {
    vi.useFakeTimers();
    const p = page();
    const sending = p.call.sendText('hello');
    await expect(sending).resolves.toBe(true);
    expect(p.socketUrls).toHaveLength(1);
    expect(p.socketUrls[0]).toMatch(/^wss:\/\/relay\.example\/ws/);
    expect(p.tickets).toHaveLength(1);
    const hello = p.sent().find((m) => m.type === 'hello');
    expect(hello).toMatchObject({ client: { name: '@parley/client', version: '0.1.0' } });
    expect(p.sent().find((m) => m.type === 'user.text')).toMatchObject({
      turnId: 1,
      text: 'hello',
    });
    const told = p.heard.filter(([e]) => e === 'transcript' || e === 'session');
    expect(told).toEqual([
      ['transcript', { turnId: 1, text: 'hello', final: true, typed: true }],
      [
        'session',
        {
          kind: 'opened',
          sessionId: 'sess1',
          resumed: false,
          providers: expect.anything() as unknown,
          language: null,
        },
      ],
    ]);
    p.call.end();
  });

  it('tells what the relay says as `message` and its typed events, numbering the next turn after', async () => {
    vi.useFakeTimers();
    const p = page();
    await p.call.sendText('hi');
    const socket = p.sockets[0];
    socket?.receive({ type: 'reply.delta', seq: 1, turnId: 1, text: 'Hello' });
    socket?.receive({
      type: 'turn.done',
      seq: 2,
      turnId: 1,
      status: 'completed',
      reply: 'Hello',
      audioSamples: 0,
      timings: {},
    });
    const after = p.heard
      .filter(([e]) => e === 'message' || e === 'reply')
      .map(([e, payload]) => (e === 'message' ? `message:${payload.type}` : e));
    expect(after).toEqual(
      expect.arrayContaining(['message:reply.delta', 'reply', 'message:turn.done', 'reply']),
    );
    expect(p.heard.filter(([e]) => e === 'reply').map(([, r]) => r)).toEqual([
      { kind: 'delta', turnId: 1, text: 'Hello' },
      { kind: 'done', turnId: 1, status: 'completed', text: 'Hello' },
    ]);
    await p.call.sendText('again');
    expect(
      p
        .sent()
        .filter((m) => m.type === 'user.text')
        .map((m) => m.turnId),
    ).toEqual([1, 2]);
    p.call.end();
  });

  it('hands its session to the tab’s next page with endOnPageHide: false, which resumes it', async () => {
    vi.useFakeTimers();
    const tab = new Map<string, string>();
    const first = page({ endOnPageHide: false }, tab);
    await first.call.sendText('hi');
    first.parts.page.window.dispatchEvent(
      Object.assign(new Event('pagehide'), { persisted: false }),
    );
    expect([...tab.keys()]).toEqual(['parley:hand-off:https://relay.example']);
    const next = page({ endOnPageHide: false }, tab);
    await vi.waitFor(() => expect(next.sent()[0]).toBeDefined());
    expect(next.sent()[0]).toMatchObject({ type: 'hello', resume: { sessionId: 'sess1' } });
    expect(next.heard).toContainEqual([
      'transcript',
      { turnId: 1, text: 'hi', final: true, typed: true },
    ]);
    expect(tab.size).toBe(0);
  });

  it('hands nothing to the next page by default', async () => {
    vi.useFakeTimers();
    const tab = new Map<string, string>();
    const first = page({}, tab);
    await first.call.sendText('hi');
    first.parts.page.window.dispatchEvent(
      Object.assign(new Event('pagehide'), { persisted: false }),
    );
    expect(tab.size).toBe(0);
    expect(first.sockets[0]?.closeCode).not.toBe(4012);
  });

  it('continues a stored conversation: the hello names it, turns follow its last', async () => {
    vi.useFakeTimers();
    const p = page({ continueFrom: { sessionId: 'past-1', lastTurnId: 6 } });
    await p.call.sendText('where were we');
    expect(p.sent().find((m) => m.type === 'hello')).toMatchObject({
      continue: { sessionId: 'past-1' },
    });
    expect(p.sent().find((m) => m.type === 'user.text')).toMatchObject({ turnId: 7 });
    expect(p.heard).toContainEqual(['session', { kind: 'continued' }]);
    p.call.end();
  });

  it("says the page's language in its hello, which a new user's conversation is held in", async () => {
    vi.useFakeTimers();
    const helloOf = async (options: Partial<ParleyCallOptions>) => {
      const p = page(options);
      await p.call.sendText('hoi');
      p.call.end();
      return p.sent().find((m) => m.type === 'hello');
    };
    expect(await helloOf({ language: 'nl' })).toMatchObject({ language: 'nl' });
    // As a page's `lang` may be written: the wire's form.
    expect(await helloOf({ language: ' nl_be ' })).toMatchObject({ language: 'nl-BE' });
    expect(await helloOf({})).not.toHaveProperty('language');
    // No language tag: none said, and the call goes on (a bad field would refuse the hello).
    expect(await helloOf({ language: 'Nederlands' })).not.toHaveProperty('language');
    expect(await helloOf({ language: '' })).not.toHaveProperty('language');
  });

  it('starts a call from a tap: starting, then the microphone refused is told as `error`', async () => {
    vi.useFakeTimers();
    const p = page();
    const starting = p.call.start();
    await p.waitsForMic();
    p.devices.deny();
    await starting;
    const states = p.heard.filter(([e]) => e === 'state').map(([, s]) => s);
    expect(states).toEqual([{ phase: 'starting' }, { phase: 'idle' }]);
    expect(p.heard).toContainEqual([
      'error',
      { kind: 'start', failure: { kind: 'mic', failure: 'denied' }, retry: 'call' },
    ]);
    // The session stays open for typing.
    expect(p.sockets.map((s) => s.closed)).toEqual([false]);
    p.call.end();
    expect(p.sockets.map((s) => s.closed)).toEqual([true]);
  });

  it('keeps calling the other listeners when one throws, and reports it', async () => {
    vi.useFakeTimers();
    const p = page();
    const boom = new Error('a page’s bug');
    p.call.on('transcript', () => {
      throw boom;
    });
    const after: string[] = [];
    p.call.on('transcript', (e) => after.push(e.text));
    await expect(p.call.sendText('still here')).resolves.toBe(true);
    expect(after).toEqual(['still here']);
    expect(p.listenerErrors).toEqual([boom]);
    p.call.end();
  });

  it('stops telling a listener once it stops listening', async () => {
    vi.useFakeTimers();
    const p = page();
    const states: string[] = [];
    const off = p.call.on('connection', (e) => states.push(e.status));
    await p.call.sendText('one');
    off();
    p.call.end();
    expect(states).not.toContain('idle');
    expect(p.heard).toContainEqual(['connection', { status: 'idle' }]);
  });

  it('tells the remembered input mode to a listener added right after it is made', async () => {
    const browser = fakeBrowser();
    const remembered = new Map<string, string>();
    const storage = {
      getItem: (k: string) => remembered.get(k) ?? null,
      setItem: (k: string, v: string) => void remembered.set(k, v),
    };
    const first = createParleyCallAt(
      { relayUrl: 'https://relay.example', getTicket: () => Promise.resolve('t'), storage },
      { browser: browser.parts, vad: { load: browser.loadVad, warm: browser.loadVad } },
    );
    first.controls.setInputMode('push-to-talk');
    const next = createParleyCallAt(
      { relayUrl: 'https://relay.example', getTicket: () => Promise.resolve('t'), storage },
      { browser: browser.parts, vad: { load: browser.loadVad, warm: browser.loadVad } },
    );
    const told: unknown[] = [];
    next.on('controls', (c) => told.push(c.inputMode));
    await Promise.resolve();
    expect(told).toEqual(['push-to-talk']);
  });

  it('switches the input mode through its controls, told as `controls`', async () => {
    const p = page();
    p.call.controls.setInputMode('push-to-talk');
    p.call.mute(); // no call: nothing to mute
    await Promise.resolve();
    const told = p.heard.flatMap(([e, c]) => (e === 'controls' ? [c] : []));
    // What it was made with (nothing remembered), then the switch.
    expect(told).toEqual([
      expect.objectContaining({ inputMode: 'hands-free' }),
      expect.objectContaining({ inputMode: 'push-to-talk' }),
    ]);
  });

  it('warms the voice detector ahead of a start', async () => {
    const p = page();
    await expect(p.call.warm()).resolves.toBeUndefined();
  });
});
