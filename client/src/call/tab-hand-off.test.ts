import { CloseCode, handOffKey, pageHandOff, type ServerMessage } from '@parley/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TabStorage } from '../../../shared/src/net/tab-storage.test-kit.ts';
import { relayOrigin } from './tab-hand-off.ts';
import { fakeCall } from './voice-call.test-kit.ts';

/** Where the fake relay's hand-off is kept (its socket is `ws://relay/ws`). */
const KEY = handOffKey('http://relay');

/** Turn 1 typed and answered, as the relay sends it. */
const ANSWERED: ServerMessage[] = [
  { type: 'transcript.final', seq: 0, turnId: 1, text: 'what is twelve times seven' },
  { type: 'reply.delta', seq: 1, turnId: 1, text: '12 times 7 ' },
  { type: 'reply.delta', seq: 2, turnId: 1, text: 'is 84.' },
  {
    type: 'turn.done',
    seq: 3,
    turnId: 1,
    status: 'completed',
    reply: '12 times 7 is 84.',
    audioSamples: 0,
    timings: {},
  },
];

/** A page whose typed conversation answered turn 1, with the tab's `storage`. */
async function answeredPage(storage: TabStorage, endOnPageHide = false) {
  const page = fakeCall({ sessionStorage: storage, endOnPageHide });
  expect(await page.call.send('what is twelve times seven')).toBe(true);
  const socket = page.sockets[0];
  if (!socket) throw new Error('no connection');
  for (const m of ANSWERED) socket.receive(m);
  return { ...page, socket };
}

describe('a conversation handed to the tab’s next page', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('names the relay by its origin', () => {
    expect(relayOrigin('wss://relay.example/ws')).toBe('https://relay.example');
    expect(relayOrigin('ws://127.0.0.1:8080/ws')).toBe('http://127.0.0.1:8080');
  });

  it('at pagehide, is written to sessionStorage and the socket closed saying so (not 1000: the session waits)', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const first = await answeredPage(storage);
    first.hide();
    expect(first.socket.closeCode).toBe(CloseCode.HandedOff);
    const h = pageHandOff.parse(JSON.parse(storage.items.get(KEY) ?? 'null'));
    expect(h).toMatchObject({
      relay: 'http://relay',
      sessionId: 'sess1',
      secret: 'secret-secret-secret-1',
      lastSeq: 3,
      mode: 'typed',
      // The typed message was answered: nothing left to send again.
      uplink: [],
      lostChunks: 0,
    });
    expect(h.cutTurnId).toBeUndefined();
    // The reply's pieces in one.
    expect(h.shown.turns).toEqual([
      {
        turnId: 1,
        messages: [
          ANSWERED[0],
          { type: 'reply.delta', seq: 2, turnId: 1, text: '12 times 7 is 84.' },
          ANSWERED[3],
        ],
      },
    ]);
  });

  it('the next page reads it once, shows the conversation again and resumes the same session', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const first = await answeredPage(storage);
    first.hide();

    const next = fakeCall({ sessionStorage: storage, endOnPageHide: false });
    expect(storage.items.size).toBe(0);
    await vi.waitFor(() => expect(next.sockets[0]?.json()[0]).toBeDefined());
    expect(next.sockets[0]?.json()[0]).toMatchObject({
      type: 'hello',
      resume: { sessionId: 'sess1', secret: 'secret-secret-secret-1', lastSeq: 3 },
    });
    expect(next.sockets[0]?.json()[0]).not.toHaveProperty('continue');
    // What it was, first (the widget goes on talking, or shows a typed conversation).
    const handedOver = {
      kind: 'session',
      event: { kind: 'handed-over', mode: 'typed', muted: false },
    };
    await vi.waitFor(() => expect(next.sink.events).toContainEqual(handedOver));
    const told = next.sink.events.findIndex((e) => e.kind === 'session');
    expect(next.sink.events[told]).toEqual(handedOver);
    expect(told).toBeLessThan(next.sink.events.findIndex((e) => e.kind === 'message'));
    const shown = next.sink.events.flatMap((e) => (e.kind === 'message' ? [e.event] : []));
    expect(shown).toEqual([
      ANSWERED[0],
      { type: 'reply.delta', seq: 2, turnId: 1, text: '12 times 7 is 84.' },
      ANSWERED[3],
    ]);
    await vi.waitFor(() =>
      expect(next.sink.events).toContainEqual({
        kind: 'session',
        event: { kind: 'typed-session' },
      }),
    );
    // A third page of the tab (or another tab) finds nothing to resume.
    const third = fakeCall({ sessionStorage: storage, endOnPageHide: false });
    await Promise.resolve();
    expect(third.sockets).toEqual([]);
  });

  it('a typed turn not answered yet goes with it: shown, and sent again in the same session', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const first = await answeredPage(storage);
    expect(await first.call.send('and tomorrow?')).toBe(true);
    const typed = first.socket
      .json()
      .filter((m) => m.type === 'user.text')
      .at(-1);
    first.hide();

    const next = fakeCall({ sessionStorage: storage, endOnPageHide: false });
    await vi.waitFor(() =>
      expect(next.sockets[0]?.json().map((m) => m.type)).toContain('user.text'),
    );
    expect(next.sockets[0]?.json().filter((m) => m.type === 'user.text')).toEqual([typed]);
    expect(next.sink.events).toContainEqual({
      kind: 'transcript',
      event: { turnId: typed?.turnId, text: 'and tomorrow?', final: true },
    });
  });

  it('that cannot be written (storage full or refused) ends the session, as a page going away does without one', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const first = await answeredPage(storage);
    first.hide();
    expect(first.socket.closeCode).toBe(CloseCode.Normal);
    expect(storage.items.size).toBe(0);
  });

  it('is not written for a session whose connection ended for good (the relay refused it)', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const first = await answeredPage(storage);
    first.socket.drop(CloseCode.SessionNotFound);
    first.hide();
    expect(storage.items.size).toBe(0);
  });

  it('is written when the page is kept for Back too: the tab’s next page is a new one (WebKit keeps pages with a call for Back)', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const kept = await answeredPage(storage);
    kept.hide(true);
    expect(kept.socket.closeCode).toBe(CloseCode.HandedOff);
    expect(pageHandOff.parse(JSON.parse(storage.items.get(KEY) ?? 'null'))).toMatchObject({
      sessionId: 'sess1',
      lastSeq: 3,
    });
  });

  it('is not written by a page that ends its session', async () => {
    vi.useFakeTimers();
    const storage = new TabStorage();
    const ending = await answeredPage(storage, true);
    ending.hide();
    expect(storage.items.size).toBe(0);
    // A page that ends its session reads none either (one written by another kind of page).
    storage.setItem(KEY, 'left by another page');
    fakeCall({ sessionStorage: storage, endOnPageHide: true });
    expect(storage.items.get(KEY)).toBe('left by another page');
  });
});
